import type { Command } from 'commander';
import type { CliIO } from '../context';
import { serveLocalCommand } from './serve-local';

export interface CommandModule {
  register(program: Command, io: CliIO): void;
}

// One module per command family; each owns its options, help and exit statuses.
export const commandModules: CommandModule[] = [serveLocalCommand];
