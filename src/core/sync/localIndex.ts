/**
 * The document index during one build of the local model (docIndex.ts): every document read from disk is recorded
 * with the identity its file had before the read, its text digest, outline and (when converted) what its page hash
 * was made of; an offline status (`hashOnly`) takes unchanged documents from it without reading them.
 */
import { join } from 'node:path';
import type { FileStat, FileSystem } from '../files/fileSystem';
import type { DocumentOutline } from '../markdown/title';
import type { ConvertOptions, ConvertResult } from '../markdown/types';
import type { ConversionCache, ConversionDep } from './conversionCache';
import { hashInputs, RESULT_FRONT_MATTER_KEYS, sameFile, textDigest, type DocumentIndex, type FileIdentity, type IndexEntry, type IndexedConversion } from './docIndex';

interface Pending {
  identity?: FileIdentity;
  d?: string;
  o?: DocumentOutline;
  /** Filled in at `finish` (x, hash): made once here, not copied. */
  conversion?: IndexedConversion;
  jira?: string;
}

/** What `finish` needs of a model node. */
interface NodeLike {
  file?: string;
  title: string;
  hash?: string;
  labels: string[];
  attachments: ConvertResult['attachments'];
  error?: unknown;
  skipped?: unknown;
  findings?: unknown[];
}

export class LocalIndexSession {
  private readonly pending = new Map<string, Pending>();
  /** Entries a hashOnly build took documents from (they were not read). */
  private readonly used = new Map<string, IndexEntry>();
  /** Files read after this moment may have changed during the build: their identity is not recorded. */
  private readonly started = Date.now();

  constructor(
    private readonly index: DocumentIndex,
    private readonly cache: ConversionCache,
    private readonly fs: FileSystem,
    private readonly root: string,
    /** Take unchanged documents from the index (offline status); otherwise only record. */
    private readonly use: boolean,
  ) {}

  /**
   * Called before a document is read. With `use`, its identity is looked up: the entry when the file is unchanged
   * (the caller then does not read it). Otherwise, when the read itself reports the file's identity
   * (`statOnRead`, FileSystem.readFileWithStat), nothing is asked now; else its identity is taken now, before the
   * read (a write during the read only makes the entry miss next time).
   */
  beforeRead(file: string, statOnRead: boolean): IndexEntry | undefined {
    if (!this.use && statOnRead) return undefined;
    const st = this.fs.stat(join(this.root, file));
    if (this.use) {
      const e = this.index.lookup(file, st);
      if (e) {
        this.used.set(file, e);
        return e;
      }
    }
    this.pending.set(file, { identity: this.index.identity(st) });
    return undefined;
  }

  /**
   * The document's text and outline as read (documents without an outline are not indexed), and the file's `stat`
   * when the read gave it (taken on the open file, before its bytes were read).
   */
  read(file: string, text: string, outline: DocumentOutline | undefined, st?: FileStat): void {
    const p = st ? { identity: this.index.identity(st) } : this.pending.get(file);
    if (p && outline) this.pending.set(file, Object.assign(p, { d: textDigest(text), o: outline }));
    else this.pending.delete(file);
  }

  /**
   * A document taken from the index is read after all (its conversion did not hold): recorded again only when the
   * text is still the one the entry describes (else it changed during this run and is read again next time).
   */
  readLate(file: string, text: string): void {
    const e = this.used.get(file);
    this.used.delete(file);
    if (e && textDigest(text) === e.d) this.pending.set(file, { identity: { m: e.m, s: e.s, c: e.c, i: e.i }, d: e.d, o: e.o });
  }

  /** Digest of a document's text as this build read it (a conversion key is made of it: not hashed twice). */
  digestOf(file: string): string | undefined {
    return this.pending.get(file)?.d;
  }

  /** The indexed conversion of an unread document, when the same key and the same answers hold now. */
  conversion(file: string, options: ConvertOptions): IndexedConversion | undefined {
    const e = this.used.get(file);
    const h = e?.h;
    if (!e || !h || h.k !== this.cache.keyOf(e.d, options)) return undefined;
    // an image or attachment whose file is the one it was is not read and hashed again
    const unchanged = (path: string) => sameFile(h.files?.[path], this.fs.stat(join(this.root, path)));
    return this.cache.answersHold(h.deps, options, unchanged) ? h : undefined;
  }

  /** A document was converted (through the conversion cache): what its hash is made of besides the storage. */
  converted(file: string, key: string, deps: ConversionDep[], result: ConvertResult, jira: string | undefined): void {
    const p = this.pending.get(file);
    if (!p?.o) return;
    const frontMatter: Record<string, unknown> = {};
    for (const k of RESULT_FRONT_MATTER_KEYS) if (result.frontMatter[k] !== undefined) frontMatter[k] = result.frontMatter[k];
    let files: Record<string, FileIdentity> | undefined;
    for (const d of deps) {
      if (d.k !== 'b' || d.a === '-') continue;
      const id = this.index.identity(this.fs.stat(join(this.root, d.q)), this.started);
      if (id) (files ??= {})[d.q] = id;
    }
    // the result's lists are this conversion's own (the cache hands out copies): kept, not copied again
    const conversion: IndexedConversion = { k: key, deps, title: result.title, publish: result.publish, labels: result.labels, attachments: result.attachments, frontMatter, x: '', hash: '' };
    if (files) conversion.files = files;
    p.conversion = conversion;
    p.jira = jira;
  }

  /** Records what this build read (settled files only, no error, no finding) into the index. */
  finish(nodes: Iterable<NodeLike>): void {
    for (const n of nodes) {
      const p = n.file ? this.pending.get(n.file) : undefined;
      const id = p?.identity;
      if (!id || !p.d || !p.o || n.error || n.skipped || n.findings?.length) continue;
      const entry: IndexEntry = { m: id.m, s: id.s, c: id.c, i: id.i, d: p.d, o: p.o };
      if (p.conversion && n.hash) {
        p.conversion.x = hashInputs(n.title, p.jira, n.labels, n.attachments);
        p.conversion.hash = n.hash;
        entry.h = p.conversion;
      }
      this.index.record(n.file!, entry);
    }
    this.pending.clear();
  }
}
