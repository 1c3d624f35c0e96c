import { isAbsolute, join, relative, sep } from 'node:path';
import type { FileSystem } from './fileSystem';

/**
 * Symbolic links are resolved before a local file is published: a link inside the docs can point anywhere
 * (`docs/logo.png -> /etc/passwd`, `docs/etc -> /etc`), and what leaves the machine is what the real path holds.
 */
export type RealPathCheck =
  | { kind: 'inside'; real: string }
  | { kind: 'missing' }
  | { kind: 'broken'; link: string }
  | { kind: 'outside'; link: string };

/** True when the absolute `path` is `dir` or lies below it. */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of a folder, or the folder itself when it cannot be resolved (it then contains nothing anyway). */
export function realFolder(abs: string, fs: FileSystem): string {
  try {
    return fs.realpath(abs);
  } catch {
    return abs;
  }
}

/**
 * Resolves `base/rel` through every symbolic link. `inside` only when the real path lies within one of `allowed`
 * (real folder paths). `link` names the offending link the way a person can find it: `docs/etc -> /etc`.
 */
export function checkRealPath(base: string, rel: string, allowed: readonly string[], fs: FileSystem): RealPathCheck {
  const abs = join(base, rel);
  let real: string;
  try {
    real = fs.realpath(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const link = firstLink(fs, base, rel);
    if (link || code === 'ELOOP') return { kind: 'broken', link: link ?? rel };
    return { kind: 'missing' };
  }
  if (allowed.some((dir) => isWithin(dir, real))) return { kind: 'inside', real };
  return { kind: 'outside', link: firstLink(fs, base, rel, allowed) ?? `${rel} -> ${real}` };
}

/**
 * The first link along `rel` (`docs/etc -> /etc`); with `allowed`, the first one whose target leaves those folders.
 * Undefined when no component of the path is a symbolic link.
 */
function firstLink(fs: FileSystem, base: string, rel: string, allowed?: readonly string[]): string | undefined {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    const abs = join(base, ...parts.slice(0, i));
    let st;
    try {
      st = fs.lstat(abs);
    } catch {
      return undefined;
    }
    if (!st) return undefined;
    if (!st.isSymbolicLink) continue;
    const target = safeReadlink(fs, abs);
    if (!allowed) return `${prefix} -> ${target}`;
    try {
      if (allowed.some((dir) => isWithin(dir, fs.realpath(abs)))) continue;
    } catch {
      // broken further down: this link is the one to name
    }
    return `${prefix} -> ${target}`;
  }
  return undefined;
}

function safeReadlink(fs: FileSystem, abs: string): string {
  try {
    return fs.readlink(abs).split(sep).join('/');
  } catch {
    return '?';
  }
}
