import { guardPipe } from './pipe';

/** What a CLI command needs from the process, passed in so tests can run commands in-process. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  /** Asks the user a question (tests answer it; default: readline on a terminal). */
  ask?: (question: string) => Promise<string>;
}

/** Ends a command with an exit status and a message for stderr. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
    /** Stable error code for `--json` (`UNAUTHORIZED`, `CONFIG`...); default by exit status. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}

export function processIO(): CliIO {
  const stdout = guardPipe(process.stdout);
  const stderr = guardPipe(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => stdout.write(t),
    stderr: (t) => stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
