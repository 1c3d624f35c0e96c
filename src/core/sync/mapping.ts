import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { removeStaleTempFiles } from './mappingTemp';
import { checkMapping } from './mappingValidate';

/**
 * One mapping entry, keyed by workspace-relative path. `space` and `title` are the seed format's required fields; an
 * entry without `page_id` is valid and gets one on first publish. Unknown fields are kept as they are.
 */
export interface MappingEntry {
  space: string;
  title: string;
  page_id?: string;
  /** Page version after our last publish. */
  version?: number;
  /** Content hash of what we last published. */
  hash?: string;
  parent_id?: string;
  /** Labels this tool put on the page (config + front matter); only these are ever removed again. */
  labels?: string[];
  /** Attachment file name -> content hash, as last uploaded. */
  attachments?: Record<string, string>;
  /** Editing was restricted to the publishing account. */
  read_only?: boolean;
  /**
   * `create`: a run recorded this entry just before creating the page, so that a run killed before it could record
   * the page id still knows the page is ours (see ownership.ts). Removed once the page id is recorded.
   */
  pending?: 'create';
  [extra: string]: unknown;
}

/** A mapping file that cannot be read: names the path and the position; the file is never overwritten. */
export class MappingFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'MappingFileError';
  }
}

const FIELD_ORDER = ['space', 'title', 'page_id', 'version', 'hash', 'parent_id', 'labels', 'attachments', 'read_only', 'pending'];

/** The mapping file (default `docs/.confluence-mapping.json`): loaded once, saved atomically, sorted, stable. */
export class MappingFile {
  private entries = new Map<string, MappingEntry>();
  /**
   * Each entry's text in the file, and the keys in file order: a large publish saves after every page, so a save
   * re-serialises only what changed. Entries are frozen when set, so a cached text can't go stale.
   */
  private entryText = new Map<string, string>();
  private sortedKeys: string[] | undefined;
  /** Modification time of the file when it was last read or written by us (0: no file). */
  private knownMtimeMs = 0;
  /** Stale temp files of killed runs were removed (once per load is enough). */
  private cleaned = false;

  private constructor(
    /** Absolute path. */
    readonly path: string,
    /** Path for messages (workspace-relative). */
    readonly displayPath: string,
    private readonly fs: FileSystem,
  ) {}

  /**
   * Loads the file; a missing file is an empty mapping. Throws MappingFileError on bad JSON or bad entries.
   * `fs`: where it is read and saved (default: the disk).
   */
  static load(path: string, displayPath = path, fs: FileSystem = nodeFileSystem): MappingFile {
    const m = new MappingFile(path, displayPath, fs);
    removeStaleTempFiles(path, fs);
    m.cleaned = true;
    const stat = fs.stat(path);
    if (!stat) return m;
    m.knownMtimeMs = stat.mtimeMs;
    const text = fs.readText(path);
    if (text.trim() === '') return m;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      const msg = (err as Error).message;
      const pos = /position (\d+)/.exec(msg);
      let line: number | undefined;
      let col: number | undefined;
      if (pos) {
        const offset = Number(pos[1]);
        const before = text.slice(0, offset);
        line = before.split('\n').length;
        col = offset - before.lastIndexOf('\n');
      } else {
        const lc = /line (\d+) column (\d+)/.exec(msg);
        if (lc) [line, col] = [Number(lc[1]), Number(lc[2])];
        else if (/end of JSON/i.test(msg)) line = text.trimEnd().split('\n').length; // cut short: blame the last line
      }
      throw new MappingFileError(
        displayPath,
        line,
        `the mapping file is not valid JSON${col ? ` (column ${col})` : ''}: ${msg}. Fix it by hand (git diff / git checkout it) or rebuild it with \`confluence mapping rebuild\`; it was not changed.`,
      );
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new MappingFileError(displayPath, 1, 'the mapping file must be a JSON object keyed by file path; it was not changed.');
    }
    const { entries, problems } = checkMapping(data as Record<string, unknown>);
    if (problems.length) {
      const list = problems.map((p) => p.text).join('\n  ');
      throw new MappingFileError(
        displayPath,
        lineOfKey(text, problems[0].key),
        `${problems.length === 1 ? 'an entry is' : `${problems.length} entries are`} not valid:\n  ${list}\nFix the file by hand (git diff / git checkout it) or rebuild it with \`confluence mapping rebuild\`; nothing was published and the file was not changed.`,
      );
    }
    for (const [key, entry] of entries) m.entries.set(key, Object.freeze(entry));
    return m;
  }

  /** An empty mapping that will be written to `path` (used by `mapping rebuild`). */
  static empty(path: string, displayPath = path, fs: FileSystem = nodeFileSystem): MappingFile {
    return new MappingFile(path, displayPath, fs);
  }

  get(key: string): MappingEntry | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores `entry` (frozen: change an entry by setting a new object). */
  set(key: string, entry: MappingEntry): void {
    if (!this.entries.has(key)) this.sortedKeys = undefined;
    this.entries.set(key, Object.freeze(entry));
    this.entryText.delete(key);
  }

  delete(key: string): boolean {
    this.entryText.delete(key);
    this.sortedKeys = undefined;
    return this.entries.delete(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  all(): Array<[string, MappingEntry]> {
    return [...this.entries.entries()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** The file's text: keys sorted, fields in a fixed order, two-space indent, final newline. */
  serialise(): string {
    const parts = this.entryTexts();
    return parts.length ? `{\n${parts.join(',\n')}\n}\n` : '{}\n';
  }

  /**
   * The same text as `serialise()`, as UTF-8 bytes written entry by entry into one buffer: a save never builds the
   * whole file as one string. (A 10,000-page publish saves the 2.6 MB file a few dozen times; each whole-file string
   * and its flattened copy went straight to V8's old generation, a third of what the publish left there for the
   * garbage collector, which collects it late: peak RSS. The buffer is outside V8's heap and freed with its writer.)
   */
  serialiseBytes(): Buffer {
    const parts = this.entryTexts();
    if (!parts.length) return Buffer.from('{}\n');
    let size = 2 + 3 + 2 * (parts.length - 1); // "{\n", "\n}\n", the ",\n" between entries
    for (const p of parts) size += Buffer.byteLength(p);
    const out = Buffer.allocUnsafe(size);
    let at = out.write('{\n');
    for (let i = 0; i < parts.length; i++) {
      if (i) at += out.write(',\n', at);
      at += out.write(parts[i], at);
    }
    out.write('\n}\n', at);
    return out;
  }

  /** Each entry's text in file order (cached per entry until the entry changes). */
  private entryTexts(): string[] {
    this.sortedKeys ??= [...this.entries.keys()].sort(compareKeys);
    const parts: string[] = [];
    for (const key of this.sortedKeys) {
      let text = this.entryText.get(key);
      if (text === undefined) {
        const e = this.entries.get(key)!;
        const ordered: Record<string, unknown> = {};
        for (const f of FIELD_ORDER) if (e[f] !== undefined) ordered[f] = f === 'attachments' ? sortObject(e[f] as Record<string, string>) : e[f];
        for (const f of Object.keys(e).sort()) if (!FIELD_ORDER.includes(f) && e[f] !== undefined) ordered[f] = e[f];
        // The same text JSON.stringify(whole, null, 2) gives for this entry, one level deep.
        text = `  ${JSON.stringify(key)}: ${JSON.stringify(ordered, null, 2).replace(/\n/g, '\n  ')}`;
        this.entryText.set(key, text);
      }
      parts.push(text);
    }
    return parts;
  }

  /** True when someone else wrote (or removed) the file since we last read or wrote it (its modification time). */
  changedOnDisk(): boolean {
    return this.mtimeNow() !== this.knownMtimeMs;
  }

  /** The same as save() off the main thread; callers must not run two at once (the engine chains them). */
  async saveAsync(): Promise<void> {
    this.cleanOnce();
    await this.fs.writeFileAtomic(this.path, this.serialiseBytes());
    this.knownMtimeMs = this.mtimeNow();
  }

  /** Writes atomically (temp file in the same folder, then rename), so a kill never leaves half a file. */
  save(): void {
    this.cleanOnce();
    this.fs.writeFileAtomicSync(this.path, this.serialiseBytes());
    this.knownMtimeMs = this.mtimeNow();
  }

  private cleanOnce(): void {
    if (!this.cleaned) removeStaleTempFiles(this.path, this.fs);
    this.cleaned = true;
  }

  private mtimeNow(): number {
    return this.fs.stat(this.path)?.mtimeMs ?? 0;
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortObject(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(o).sort(compareKeys)) out[k] = o[k];
  return out;
}

function lineOfKey(text: string, key: string): number | undefined {
  const idx = text.indexOf(JSON.stringify(key));
  return idx < 0 ? undefined : text.slice(0, idx).split('\n').length;
}
