/** How the user can run this same CLI again from a shell (for hints meant to be copied). */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const real = (p: string): string | undefined => {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
};

/** `'it''s'`-style quoting when a word needs it (spaces, quotes, $...); plain otherwise. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `confluence` when the `confluence` on the PATH is this very script (global install, npx's bin folder), else
 * `node <absolute path of this script>` (a built checkout: dist/cli.js), else `npx docs-to-confluence` (run from
 * sources or embedded, where there is no script to point at).
 */
export function cliInvocation(env: NodeJS.ProcessEnv, script = process.argv[1]): string {
  const self = script ? real(script) : undefined;
  if (!self || !/\.(c?js|mjs)$/.test(self)) return 'npx docs-to-confluence';
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, process.platform === 'win32' ? 'confluence.cmd' : 'confluence');
    if (existsSync(candidate) && real(candidate) === self) return 'confluence';
  }
  return `node ${shellQuote(self)}`;
}
