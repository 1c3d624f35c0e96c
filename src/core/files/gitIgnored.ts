import { spawnSync } from 'node:child_process';

/**
 * Files git ignores (build output, local configuration, `.env`, keys) are never published: one
 * `git ls-files --others --ignored --exclude-standard --directory` per guard, run on first use.
 * Returns undefined when the workspace is not a git repository or git is not installed: the other rules still apply.
 */
export function loadGitIgnored(root: string): ((rel: string) => boolean) | undefined {
  let out;
  try {
    out = spawnSync('git', ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 30_000,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
  if (out.error || out.status !== 0 || typeof out.stdout !== 'string') return undefined;
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const entry of out.stdout.split('\0')) {
    if (!entry) continue;
    if (entry.endsWith('/')) dirs.add(entry);
    else files.add(entry);
  }
  return (rel: string) => {
    if (files.has(rel)) return true;
    if (dirs.size === 0) return false;
    for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) if (dirs.has(rel.slice(0, i + 1))) return true;
    return false;
  };
}
