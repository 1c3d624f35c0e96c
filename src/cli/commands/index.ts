import type { Command } from 'commander';
import type { CliIO } from '../context';
import { serveLocalCommand } from './serve-local';
import { syncCommands } from './sync';
import { pageCommands } from './pages';
import { statusCommand } from './status';
import { mappingCommand } from './mapping';
import { demoCommand } from './demo';
import { renderCommand } from './render';
import { scanCommand } from './scan';
import { importCommand } from './import';
import { pullCommand } from './pull';

export interface CommandModule {
  register(program: Command, io: CliIO): void;
}

// One module per command family; each owns its options, help and exit statuses.
export const commandModules: CommandModule[] = [syncCommands, pageCommands, statusCommand, mappingCommand, demoCommand, serveLocalCommand, renderCommand, scanCommand, importCommand, pullCommand];
