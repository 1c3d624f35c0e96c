import { Command, CommanderError } from 'commander';
import { CliExit, type CliIO } from './context';
import { commandModules } from './commands';

/** Builds the `confluence` program. Each command lives in its own module under ./commands. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('confluence')
    .description('Publish Markdown docs to Atlassian Confluence (Cloud and Data Center).')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const mod of commandModules) mod.register(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Runs the CLI with argv (without node and script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CliExit) {
      if (err.message) io.stderr(err.message.endsWith('\n') ? err.message : err.message + '\n');
      return err.exitCode;
    }
    if (err instanceof CommanderError) {
      // help and version exit 0; usage errors (unknown option, missing argument) exit 2
      return err.exitCode === 0 ? 0 : 2;
    }
    io.stderr(`error: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}
