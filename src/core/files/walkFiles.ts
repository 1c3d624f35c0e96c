import { join, relative } from 'node:path';
import type { FileSystem } from './fileSystem';
import { nodeFileSystem } from './nodeFileSystem';
import { checkRealPath, realFolder } from './realPath';

export interface WalkOptions {
  /** Folder names never entered (e.g. `node_modules`, `.git`). */
  skipFolder?: (name: string) => boolean;
  /** File names wanted (e.g. Markdown). */
  wantFile: (name: string) => boolean;
  /** How paths are shown in warnings (default: absolute). */
  display?: (abs: string) => string;
  /** Where the files are read (default: the disk). */
  fs?: FileSystem;
}

export interface WalkResult {
  /** Absolute paths of regular files (or links to regular files inside the folder), sorted per folder. */
  files: string[];
  /** Links not followed and folders that could not be read, each named; the walk goes on. */
  warnings: string[];
}

/**
 * Lists wanted files below `dir` without following folder links: a link out of the tree, a loop or a dangling
 * link is skipped with a warning instead of being followed or failing the walk. A file link counts only when its
 * real path stays inside `dir` and it is a regular file (not a device or pipe that never ends).
 */
export function walkFiles(dir: string, opts: WalkOptions): WalkResult {
  const files: string[] = [];
  const warnings: string[] = [];
  const fs = opts.fs ?? nodeFileSystem;
  const boundary = realFolder(dir, fs);
  const show = opts.display ?? ((abs: string) => abs);
  const visit = (folder: string): void => {
    let entries;
    try {
      entries = fs.list(folder);
    } catch (err) {
      warnings.push(`${show(folder)}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); skipped`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const abs = join(folder, ent.name);
      if (ent.isDirectory) {
        if (!opts.skipFolder?.(ent.name)) visit(abs);
      } else if (ent.isFile) {
        if (opts.wantFile(ent.name)) files.push(abs);
      } else if (ent.isSymbolicLink) {
        const rel = relative(dir, abs);
        const real = checkRealPath(dir, rel, [boundary], fs);
        if (real.kind === 'broken' || real.kind === 'missing') {
          warnings.push(`${show(abs)}: broken symbolic link (its target is missing or it loops); skipped`);
          continue;
        }
        let st;
        try {
          st = fs.stat(abs);
        } catch {
          continue;
        }
        if (!st) continue;
        if (st.isDirectory) {
          warnings.push(
            real.kind === 'outside'
              ? `${show(abs)}: symbolic link to a folder outside ${show(dir)} (${real.link}); not followed`
              : `${show(abs)}: symbolic link to a folder; not followed (its files are scanned where they really are)`,
          );
        } else if (opts.wantFile(ent.name)) {
          if (real.kind === 'outside') warnings.push(`${show(abs)}: symbolic link to a file outside ${show(dir)} (${real.link}); skipped`);
          else if (st.isFile) files.push(abs);
        }
      }
    }
  };
  visit(dir);
  return { files, warnings };
}
