// Host-free: which file events concern the docs tree (issue 13). Only Markdown files under the configured docs root
// and the files beside them (attachments) rescan; a save anywhere else does nothing. The mapping file has its own
// rule: our own writes (during a publish, or a write the last load already read) never rescan.
// Unit-tested in test/unit/extension/watchScope.test.ts.
import * as path from 'node:path';

/** What the loader needs of the configuration to filter events. */
export interface WatchConfig {
  /** Workspace folder root (file system path). */
  root: string;
  /** Docs root relative to `root` ('.' for the whole folder). */
  docsRoot: string;
  /** Mapping file relative to `root`. */
  mappingFile: string;
}

/** What a file event means for the docs tree. */
export type EventKind = 'doc' | 'attachment' | 'mapping' | 'none';

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** The workspace-relative POSIX path of `file`, or undefined when it lies outside the workspace root. */
export function relativeTo(root: string, file: string): string | undefined {
  const rel = toPosix(path.relative(root, file));
  if (!rel || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return undefined;
  return rel;
}

/**
 * Classifies a changed file: a Markdown document under the docs root, another file under it (an attachment a
 * document may link), the mapping file, or nothing we show. Hidden folders (`.git/`, `.confluence/`) are never docs.
 */
export function classifyEvent(config: WatchConfig, file: string): EventKind {
  const rel = relativeTo(config.root, file);
  if (rel === undefined) return 'none';
  if (rel === toPosix(path.normalize(config.mappingFile))) return 'mapping';
  const docsRoot = toPosix(path.normalize(config.docsRoot));
  const inside = docsRoot === '.' ? rel : rel.startsWith(`${docsRoot}/`) ? rel.slice(docsRoot.length + 1) : undefined;
  if (inside === undefined) return 'none';
  if (inside.split('/').some((part) => part.startsWith('.'))) return 'none';
  return /\.(md|markdown)$/i.test(inside) ? 'doc' : 'attachment';
}

/** Stat of a file the loader read (a later event with the same stat is our own write, already seen). */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export const sameStamp = (a: FileStamp | undefined, b: FileStamp | undefined): boolean =>
  Boolean(a && b && a.mtimeMs === b.mtimeMs && a.size === b.size);
