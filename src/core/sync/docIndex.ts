/**
 * The document index: what an offline `status` needs of each document, remembered across runs under the file's
 * identity on disk, so a status over 10,000 unchanged documents neither reads nor converts them
 * (`.confluence/cache/documents-<hex digit>.json`, 16 shards, beside the conversion packs).
 *
 * Per document: the file's modification time, size, change time and inode when it was read, a digest of its text,
 * its outline (title, anchors, front matter) and, when it was converted, what its page hash was made of — the
 * conversion cache key, the questions the conversion asked with digests of their answers (links, attachments,
 * diagrams), and a digest of the other hash inputs (title, Jira key, labels, attachments).
 *
 * Why it stays correct:
 * - an entry is used only when the file's modification time, size, change time and inode are all unchanged (no tool
 *   can set the change time back), and files changed within the last 2 s are never recorded (a second write within
 *   the clock's resolution would keep the same times: git's "racy clean" rule);
 * - the hash is taken from the entry only when the same key (same text, same options, same converter version), the
 *   same answers to every recorded question asked again now, and the same other inputs hold: anything else reads
 *   and converts the document as before;
 * - only a file system whose `stat` describes what it reads (the disk, not an editor's unsaved buffers) may use it
 *   (`ConversionCacheOptions.index`), and a missing, foreign or corrupt file is an empty index, never an error.
 */
import { createHash, hash } from 'node:crypto';
import { join } from 'node:path';
import type { FileStat, FileSystem } from '../files/fileSystem';
import type { DocumentOutline } from '../markdown/title';
import type { AttachmentRef } from '../markdown/types';
import { ensureStateFolder } from '../read/pull/baseStore';
import { CONVERSION_CACHE_DIR } from './conversionDisk';
import type { ConversionDep } from './conversionCache';

const FORMAT = 2;
/** The index's shards are `<this>-<hex digit>.json`, their fingerprints in `<this>.json`. */
export const DOCUMENT_INDEX_FILE = `${CONVERSION_CACHE_DIR}/documents`;

/** What the model keeps of a conversion besides its storage (enough for a title, a state and a hash). */
export interface IndexedConversion {
  /** Conversion cache key: text digest, options and converter version (conversionCache.ts). */
  k: string;
  deps: ConversionDep[];
  title: string;
  publish: boolean;
  labels: string[];
  attachments: AttachmentRef[];
  /** The front matter values the model reads from a conversion result. */
  frontMatter: Record<string, unknown>;
  /** The page hash's other inputs (`hashInputs`). */
  x: string;
  /**
   * Identities of the files whose bytes the conversion read (images, attachments), when they had settled before
   * it: an unchanged one is not read and hashed again to check its answer.
   */
  files?: Record<string, FileIdentity>;
  /** The page hash (local.ts contentHash). */
  hash: string;
}

/** A file's identity on disk: modification time, size, change time, inode. */
export interface FileIdentity {
  m: number;
  s: number;
  c?: number;
  i?: number;
}

/** Whether `st` is the file `id` describes. */
export function sameFile(id: FileIdentity | undefined, st: FileStat | undefined): boolean {
  return Boolean(id && st?.isFile && id.m === st.mtimeMs && id.s === st.size && id.c === st.ctimeMs && id.i === st.ino);
}

export interface IndexEntry extends FileIdentity {
  /** Digest of the document's text (`textDigest`). */
  d: string;
  o: DocumentOutline;
  h?: IndexedConversion;
}

export const textDigest = (text: string): string => hash('sha256', text, 'base64url').slice(0, 32);

/** The page hash's inputs other than the storage, as text (compared, never parsed). */
export function hashInputs(title: string, jira: string | undefined, labels: string[], attachments: AttachmentRef[]): string {
  return JSON.stringify([title, jira ?? '', labels, attachments.map((a) => [a.path, a.name, a.hash])]);
}

/** Front matter keys a conversion result is read for in local.ts (space check, page id link, Jira key). */
export const RESULT_FRONT_MATTER_KEYS = ['space', 'page_id', 'jira', 'jira_ticket', 'jiraTicket'] as const;

function validEntry(e: unknown): e is IndexEntry {
  const x = e as IndexEntry | undefined;
  if (!x || typeof x.m !== 'number' || typeof x.s !== 'number' || typeof x.d !== 'string' || typeof x.o?.title !== 'string') return false;
  if (typeof x.o.anchors !== 'object' || typeof x.o.frontMatter !== 'object') return false;
  const h = x.h;
  return !h || (typeof h.k === 'string' && typeof h.hash === 'string' && typeof h.x === 'string' && Array.isArray(h.deps) && Array.isArray(h.labels) && Array.isArray(h.attachments));
}

/**
 * What an entry says, as text: the file's identity, its text, its conversion key, page hash and other hash inputs.
 * Recorded answers and attachment identities are left out (cheap over 10,000 entries): when they change while all
 * of this stays, the shard on disk keeps the older ones, which only cost a re-check (never a wrong answer).
 */
function fingerprint(file: string, e: IndexEntry): string {
  const h = e.h;
  return `${file}\0${e.m}\0${e.s}\0${e.c}\0${e.i}\0${e.d}\0${h ? `${h.k}\0${h.hash}\0${h.x}` : ''}`;
}

/** Shards of the index: a run that changes one document rewrites a sixteenth of it. */
const SHARDS = 16;

/** The shard of a document path (a hex digit): stable across runs and platforms. */
function shardOf(file: string): string {
  let h = 0;
  for (let i = 0; i < file.length; i++) h = (h * 31 + file.charCodeAt(i)) | 0;
  return ((h >>> 0) % SHARDS).toString(16);
}

/** A shard file: its fingerprint (also in the manifest) and its documents. */
interface ShardFile {
  format?: unknown;
  version?: unknown;
  fp?: unknown;
  documents?: Record<string, unknown>;
}

/**
 * Loading and writing: a status (`lookup`) reads every shard; a plan or publish only records, reading no shard: at
 * `flush` each shard's fingerprint over this run's documents is compared with the one the manifest
 * (`documents.json`) holds, and only a shard that differs (or is missing, or was found damaged) is written.
 */
export class DocumentIndex {
  /** Entries as on disk (all shards once `lookup` ran; single shards when a partial record needs them). */
  private readonly stored = new Map<string, IndexEntry>();
  private readonly loadedShards = new Set<string>();
  /** Shards found missing, damaged or foreign when read: written again at `flush`. */
  private readonly broken = new Set<string>();
  /** This run's records. */
  private readonly recorded = new Map<string, IndexEntry>();
  /** Documents looked up or recorded by this run: the ones a written shard keeps. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly fs: FileSystem,
    private readonly root: string,
    private readonly version: string,
    private readonly opts: { settleMs?: number } = {},
  ) {}

  private file(shard: string): string {
    return join(this.root, `${DOCUMENT_INDEX_FILE}-${shard}.json`);
  }

  private manifestFile(): string {
    return join(this.root, `${DOCUMENT_INDEX_FILE}.json`);
  }

  private manifest(): Record<string, string> {
    try {
      const raw = JSON.parse(this.fs.readText(this.manifestFile())) as { format?: unknown; version?: unknown; shards?: unknown };
      if (raw.format === FORMAT && raw.version === this.version && raw.shards && typeof raw.shards === 'object') return raw.shards as Record<string, string>;
    } catch {
      // missing or damaged: every shard is written
    }
    return {};
  }

  private loadShard(shard: string, fps?: Record<string, string>): void {
    if (this.loadedShards.has(shard)) return;
    this.loadedShards.add(shard);
    try {
      const raw = JSON.parse(this.fs.readText(this.file(shard))) as ShardFile;
      if (raw.format !== FORMAT || raw.version !== this.version || !raw.documents || typeof raw.documents !== 'object') throw new Error('foreign');
      // a shard another run wrote after the manifest this one read: written again (only slower, never wrong)
      if (fps && raw.fp !== fps[shard]) this.broken.add(shard);
      for (const [k, e] of Object.entries(raw.documents)) if (shardOf(k) === shard && validEntry(e)) this.stored.set(k, e);
    } catch {
      this.broken.add(shard);
    }
  }

  /** The entry of `file` (workspace-relative) when the file on disk is still the one it describes. */
  lookup(file: string, st: FileStat | undefined): IndexEntry | undefined {
    if (this.loadedShards.size < SHARDS) {
      const fps = this.manifest();
      for (let n = 0; n < SHARDS; n++) this.loadShard(n.toString(16), fps);
    }
    this.seen.add(file);
    const e = this.stored.get(file);
    return e && sameFile(e, st) ? e : undefined;
  }

  /**
   * The identity of a file about to be read (or read after `since`), when it had settled by then (see the module
   * comment); else undefined.
   */
  identity(st: FileStat | undefined, since = Date.now()): FileIdentity | undefined {
    if (!st?.isFile) return undefined;
    const settled = since - (this.opts.settleMs ?? 2000);
    if (st.mtimeMs > settled || (st.ctimeMs ?? 0) > settled) return undefined;
    return { m: st.mtimeMs, s: st.size, c: st.ctimeMs, i: st.ino };
  }

  /** Keeps `entry` for `file` (written at `flush` when its shard changed). */
  record(file: string, entry: IndexEntry): void {
    this.seen.add(file);
    this.recorded.set(file, entry);
  }

  /**
   * Writes the shards whose documents changed, then the manifest. Every build looks up or records every document of
   * the tree, so a written shard keeps only those: deleted and renamed files leave the index.
   */
  async flush(): Promise<void> {
    // only shards with a record of this run, or found damaged, can differ from what is on disk
    const touched = new Set([...this.broken, ...[...this.recorded.keys()].map(shardOf)]);
    if (touched.size === 0) return;
    const byShard = new Map<string, Array<[string, IndexEntry]>>();
    for (const f of this.seen) {
      if (!touched.has(shardOf(f))) continue;
      let e = this.recorded.get(f) ?? this.stored.get(f);
      if (!e) continue;
      if (!e.h) {
        // a run that only took the title (a publish of some files) keeps the hash inputs of the same text: they are
        // checked again (key, answers) before any use
        this.loadShard(shardOf(f));
        const old = this.stored.get(f);
        if (old?.h && old.d === e.d) e = { ...e, h: old.h };
      }
      const shard = shardOf(f);
      const list = byShard.get(shard);
      if (list) list.push([f, e]);
      else byShard.set(shard, [[f, e]]);
    }
    this.seen.clear();
    this.recorded.clear();
    const fps = this.manifest();
    const next = { ...fps };
    try {
      ensureStateFolder(this.fs, this.root);
      this.fs.mkdirp(join(this.root, CONVERSION_CACHE_DIR));
      for (const [shard, list] of byShard) {
        list.sort((a, b) => (a[0] < b[0] ? -1 : 1));
        const h = createHash('sha256');
        for (const [f, e] of list) h.update(fingerprint(f, e)).update('\n');
        const fp = h.digest('base64url').slice(0, 32);
        if (fp === fps[shard] && !this.broken.has(shard) && this.fs.exists(this.file(shard))) continue;
        await this.fs.writeFileAtomic(this.file(shard), JSON.stringify({ format: FORMAT, version: this.version, fp, documents: Object.fromEntries(list) }));
        next[shard] = fp;
        this.broken.delete(shard);
      }
      if (Object.keys(next).some((k) => next[k] !== fps[k])) {
        await this.fs.writeFileAtomic(this.manifestFile(), JSON.stringify({ format: FORMAT, version: this.version, shards: next }));
      }
    } catch {
      // an index that cannot be written is only slower
    }
  }
}
