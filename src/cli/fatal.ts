/**
 * How a command that could not finish tells its caller: the message on stderr, and with `--json` also
 * `{ "error": { "code", "message" } }` on stdout, so a script reading stdout always gets JSON. Both redacted.
 */
import { credentialSecrets, redactSecrets } from '../core';
import type { CliIO } from './context';
import { environment } from './credentials';
import { fatalAnnotation, formatFromArgv } from './githubFormat';

/** `--json` (or `--format json`) among the options (not after `--`). */
export function wantsJson(argv: string[]): boolean {
  return formatFromArgv(argv, {}) === 'json';
}

/** Stable code of a fatal error: the engine's or Confluence's when known, else by exit status. */
export function fatalCode(exitCode: number, code: string | undefined): string {
  return code ?? (exitCode === 2 ? 'USAGE' : 'FAILED');
}

/** The secrets the CLI was given (environment and `.env`), to mask in anything it prints about a failure. */
function knownSecrets(io: CliIO): string[] {
  let env: Record<string, string | undefined> = io.env;
  try {
    env = environment(io.cwd, io.env);
  } catch {
    // an unreadable .env: the process environment is what we have
  }
  // the same secrets the client masks (token, PAT, the Basic value built from them), plus a password variable
  const credentials = { email: env.CONFLUENCE_EMAIL?.trim(), apiToken: env.CONFLUENCE_API_TOKEN, personalAccessToken: env.CONFLUENCE_PAT };
  const password = env.CONFLUENCE_PASSWORD?.trim();
  return [...credentialSecrets(credentials), ...(password ? [password] : [])];
}

export function reportFatal(io: CliIO, argv: string[], exitCode: number, message: string, code?: string, alreadyOnStderr = false): void {
  const clean = redactSecrets(message, knownSecrets(io));
  if (clean && !alreadyOnStderr) io.stderr(clean.endsWith('\n') ? clean : clean + '\n');
  fatalAnnotation(io, argv, clean);
  if (wantsJson(argv)) {
    const text = clean.replace(/^error:\s*/, '').trim();
    io.stdout(JSON.stringify({ error: { code: fatalCode(exitCode, code), message: text } }, null, 2) + '\n');
  }
}
