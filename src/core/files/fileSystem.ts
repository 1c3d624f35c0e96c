/**
 * The file-system port: everything core reads from or writes to disk goes through this interface, so the engine runs
 * the same on the real disk (`nodeFileSystem`, the only place in core that imports `node:fs`), on unsaved editor
 * buffers (the extension wraps the Node one) and in memory (tests, `memoryFileSystem`).
 *
 * Synchronous reads keep the planner simple (it already reads hundreds of small files); writes that matter for
 * durability (`writeFileAtomic`) are atomic: a temp file beside the target, then a rename, so a killed run leaves the
 * old file or the new one, never half of one. Paths are absolute, with the platform's separators.
 */
export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
  size: number;
  mtimeMs: number;
  /** Change time and inode, when the adapter knows them: no tool can set them back (see sync/docIndex.ts). */
  ctimeMs?: number;
  ino?: number;
}

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export interface FileSystem {
  /** Bytes of a file (follows links). Throws an error with `code` 'ENOENT' when missing. */
  readFile(path: string): Buffer;
  /**
   * Bytes of a file and its `stat` as of the read (from the open file: no second path lookup). Optional: adapters
   * whose reads are not what `stat` describes (unsaved editor buffers) leave it out.
   */
  readFileWithStat?(path: string): { data: Buffer; stat: FileStat };
  /** UTF-8 text of a file; an editor adapter answers with the unsaved buffer. */
  readText(path: string): string;
  exists(path: string): boolean;
  /** Follows links; undefined when the path (or the link's target) does not exist. */
  stat(path: string): FileStat | undefined;
  /** Does not follow links; undefined when the path does not exist. */
  lstat(path: string): FileStat | undefined;
  /** The canonical path with every link resolved. Throws (code 'ENOENT', 'ELOOP', …) when it cannot. */
  realpath(path: string): string;
  /** The target of a symbolic link as written in the link. */
  readlink(path: string): string;
  /** The entries of a folder (names only, no '.'/'..'). Throws when the folder cannot be read. */
  list(dir: string): DirEntry[];
  /** Creates the folder and its parents; nothing when it exists. */
  mkdirp(dir: string): void;
  /** Writes a file in place (creating parents); use `writeFileAtomic` for anything a kill must not tear. */
  writeFile(path: string, data: string | Uint8Array): void;
  /** Writes to a temp file beside `path`, then renames it over `path` (creating parents). */
  writeFileAtomic(path: string, data: string | Uint8Array): Promise<void>;
  writeFileAtomicSync(path: string, data: string | Uint8Array): void;
  /** Creates the file only when nothing is at `path`; false when something is (the primitive of the run lock). */
  createExclusive(path: string, data: string): boolean;
  rename(from: string, to: string): void;
  copyFile(from: string, to: string): void;
  /** Removes a file; nothing when it is already gone. */
  remove(path: string): void;
  /** Sets a file's modification time (the run lock's heartbeat). */
  touch(path: string, when: Date): void;
}

/** True when an error from a `FileSystem` call means "no such file". */
export function isNotFound(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === 'ENOENT';
}

/** An error shaped like Node's, so callers test `code` the same way on every adapter. */
export function fsError(code: string, message: string, path: string): Error & { code: string; path: string } {
  return Object.assign(new Error(`${code}: ${message}, '${path}'`), { code, path });
}
