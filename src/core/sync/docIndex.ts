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
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FileStat, FileSystem } from '../files/fileSystem';
import type { DocumentOutline } from '../markdown/title';
import type { AttachmentRef } from '../markdown/types';
import { ensureStateFolder } from '../read/pull/baseStore';
import { CONVERSION_CACHE_DIR } from './conversionDisk';
import type { ConversionDep } from './conversionCache';

const FORMAT = 1;
/** The index's shards are `<this>-<hex digit>.json`. */
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
  /** Digest of the page hash's other inputs (`hashInputs`). */
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

export const textDigest = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 32);

/** The page hash's inputs other than the storage, as one digest. */
export function hashInputs(title: string, jira: string | undefined, labels: string[], attachments: AttachmentRef[]): string {
  return textDigest(JSON.stringify([title, jira ?? '', labels, attachments.map((a) => [a.path, a.name, a.hash])]));
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

function sameEntry(a: IndexEntry, b: IndexEntry): boolean {
  if (a.m !== b.m || a.s !== b.s || a.c !== b.c || a.i !== b.i || a.d !== b.d) return false;
  if (!a.h || !b.h) return !a.h && !b.h;
  return a.h.k === b.h.k && a.h.hash === b.h.hash && a.h.x === b.h.x && JSON.stringify(a.h.deps) === JSON.stringify(b.h.deps);
}

/** Shards of the index: a run that changes one document rewrites a sixteenth of it. */
const SHARDS = 16;

/** The shard of a document path (a hex digit): stable across runs and platforms. */
function shardOf(file: string): string {
  let h = 0;
  for (let i = 0; i < file.length; i++) h = (h * 31 + file.charCodeAt(i)) | 0;
  return ((h >>> 0) % SHARDS).toString(16);
}

export class DocumentIndex {
  private entries: Map<string, IndexEntry> | undefined;
  /** Documents looked up or recorded by this run: the ones a rewritten shard keeps. */
  private readonly seen = new Set<string>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly fs: FileSystem,
    private readonly root: string,
    private readonly version: string,
    private readonly opts: { settleMs?: number } = {},
  ) {}

  private file(shard: string): string {
    return join(this.root, `${DOCUMENT_INDEX_FILE}-${shard}.json`);
  }

  private load(): Map<string, IndexEntry> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    for (let n = 0; n < SHARDS; n++) {
      const shard = n.toString(16);
      try {
        const raw = JSON.parse(this.fs.readText(this.file(shard))) as { format?: unknown; version?: unknown; documents?: Record<string, unknown> };
        if (raw.format !== FORMAT || raw.version !== this.version || !raw.documents || typeof raw.documents !== 'object') continue;
        for (const [k, e] of Object.entries(raw.documents)) if (shardOf(k) === shard && validEntry(e)) this.entries.set(k, e);
      } catch {
        // missing or corrupt: its documents are read (and the shard written again)
      }
    }
    return this.entries;
  }

  /** The entry of `file` (workspace-relative) when the file on disk is still the one it describes. */
  lookup(file: string, st: FileStat | undefined): IndexEntry | undefined {
    this.seen.add(file);
    const e = this.entry(file);
    return e && sameFile(e, st) ? e : undefined;
  }

  private entry(file: string): IndexEntry | undefined {
    return this.load().get(file);
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

  /** Keeps `entry` for `file`; the file is written again only when some entry changed. */
  record(file: string, entry: IndexEntry): void {
    this.seen.add(file);
    const old = this.entry(file);
    // a run that only took the title (a publish of some files) keeps the hash inputs of the same text: they are
    // checked again (key, answers) before any use
    if (!entry.h && old?.h && old.d === entry.d) entry = { ...entry, h: old.h };
    this.entries!.set(file, entry);
    if (!old || !sameEntry(old, entry)) this.dirty.add(shardOf(file));
  }

  /**
   * Writes the shards in which this run recorded something. Every build looks up or records every document of the
   * tree, so a rewritten shard keeps only those: deleted and renamed files leave the index.
   */
  async flush(): Promise<void> {
    if (this.dirty.size === 0 || !this.entries) return;
    const shards = new Map<string, Record<string, IndexEntry>>([...this.dirty].map((d) => [d, {}]));
    this.dirty.clear();
    for (const f of this.seen) {
      const out = shards.get(shardOf(f));
      const e = this.entries.get(f);
      if (out && e) out[f] = e;
    }
    try {
      ensureStateFolder(this.fs, this.root);
      this.fs.mkdirp(join(this.root, CONVERSION_CACHE_DIR));
      for (const [shard, documents] of shards) {
        await this.fs.writeFileAtomic(this.file(shard), JSON.stringify({ format: FORMAT, version: this.version, documents }));
      }
    } catch {
      // an index that cannot be written is only slower
    }
  }
}
