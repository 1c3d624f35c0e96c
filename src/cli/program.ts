import { Command, CommanderError } from 'commander';
import { CliExit, type CliIO } from './context';
import { commandModules } from './commands';
import { reportFatal } from './fatal';
import { addPublishRuleHelp } from './help-notes';

/** Builds the `confluence` program. Each command lives in its own module under ./commands. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('confluence')
    .description('Publish Markdown docs to Atlassian Confluence (Cloud and Data Center).')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const mod of commandModules) mod.register(program, io);
  addPublishRuleHelp(program);
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
    // An exit without a message ends a command that already printed its report (e.g. sync with conflicts).
    if (err instanceof CliExit) {
      if (err.message) reportFatal(io, argv, err.exitCode, err.message, err.code);
      return err.exitCode;
    }
    if (err instanceof CommanderError) {
      // help and version exit 0; usage errors (unknown option, missing argument) exit 2. Commander printed the message.
      if (err.exitCode === 0) return 0;
      reportFatal(io, argv, 2, err.message, 'USAGE', true);
      return 2;
    }
    reportFatal(io, argv, 1, `error: ${(err as Error)?.message ?? String(err)}`, 'INTERNAL');
    return 1;
  }
}
