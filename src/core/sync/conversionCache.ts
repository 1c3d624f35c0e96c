/**
 * The conversion cache: a document whose conversion inputs did not change is not converted again (status, plan and
 * publish over 10,000 documents convert only what changed).
 *
 * What a conversion depends on, and how the cache stays correct:
 * - the **key** is sha256 of everything the converter reads up front: the Markdown text, the document's path, the
 *   site conversion options and space, the diagram settings, the converter's version (`CONVERSION_CACHE_FORMAT` +
 *   the build's version);
 * - everything the converter asks **while** converting goes through the option callbacks (how a link resolves to a
 *   page title and anchors, wiki-link names, which files may be attached and their bytes, rendered diagrams): the
 *   cache records each question and a digest of its answer with the result, and a hit is valid only when every
 *   question, asked again now, gets the same answer. A renamed target page, a changed image or a newly rendered
 *   diagram converts the document again.
 *
 * Two stores: memory (an instance kept between refreshes by the extension; least recently used entries leave first
 * beyond `maxEntries`/`maxBytes`), and optionally disk under the workspace's ignored state folder
 * (packs `.confluence/cache/<2 hex>.json`, see conversionDisk.ts). A conversion that throws is never cached.
 */
import { hash } from 'node:crypto';
import type { DiagramBlock } from '../diagrams/types';
import type { DiagramFound } from '../diagrams/lookup';
import type { FileSystem } from '../files/fileSystem';
import type { ConvertOptions, ConvertResult } from '../markdown/types';
import { ConversionDiskStore } from './conversionDisk';
import { DocumentIndex, textDigest } from './docIndex';
import { CleanScanMemo } from './scanMemo';

/** Bump when the converter's output changes in a way the build version does not tell (development builds). */
export const CONVERSION_CACHE_FORMAT = 2;

declare const __VERSION__: string | undefined;
/** The release the converter belongs to, when the build says (bundles); undefined when running from source. */
const BUILD_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : undefined;

/** One question the converter asked while converting, and a digest of the answer it got. */
export interface ConversionDep {
  /** r: resolveDocument, f: findDocument, c: checkAttachment, b: readFile (bytes), d: diagrams.find */
  k: 'r' | 'f' | 'c' | 'b' | 'd';
  q: string;
  a: string;
}

export interface CachedConversion {
  result: ConvertResult;
  deps: ConversionDep[];
}

export interface ConversionCacheOptions {
  /** Keep entries on disk under `<root>/.confluence/cache/` too (read on a memory miss, written by `flush`). */
  disk?: { fs: FileSystem; root: string };
  /**
   * The converter's version in the key. Default: the build's version; without one (running from source) the disk
   * store is not used, since an edited converter would read stale entries (tests pass a version to use it).
   */
  version?: string;
  /** Memory bound: entries (default 50,000) and approximate bytes of text (default 256 MB). */
  maxEntries?: number;
  maxBytes?: number;
  /** Disk bound: entries (default 50,000), shared out equally per pack (at least one each); the oldest leave first. */
  maxDiskEntries?: number;
  /**
   * The file system's `stat` describes what it reads (the disk, not an editor's unsaved buffers): a document whose
   * modification time and size did not change is not read again, nor its outline taken again. Files modified in the
   * last 2 s are always read (a change within the clock's resolution keeps both).
   */
  statFiles?: boolean;
  /**
   * Keep the document index on disk beside the packs (docIndex.ts): only when the file system's `stat` describes
   * what it reads (the CLI's disk, not the extension's unsaved buffers). Needs the disk store.
   */
  index?: boolean | { settleMs: number };
}

/** What the pre-check keeps of a document read from disk. */
interface ReadMemo {
  mtimeMs: number;
  size: number;
  text: { text: string } | { problem: string };
  outline?: { source: string; value: unknown };
}

type Convert = (source: string, options: ConvertOptions) => ConvertResult;

const digest = (s: string | Uint8Array): string => hash('sha256', s, 'base64url').slice(0, 22);
/** Digests of answers seen (a page's title and anchors are asked by every document linking to it): a pure memo. */
const answerDigests = new Map<string, string>();
function answer(v: unknown): string {
  if (v === undefined) return '-';
  if (typeof v === 'string' && v.length < 200) return `=${v}`;
  const json = JSON.stringify(v);
  let d = answerDigests.get(json);
  if (d === undefined) {
    if (answerDigests.size >= 20_000) answerDigests.clear();
    answerDigests.set(json, (d = digest(json)));
  }
  return d;
}

function diagramAnswer(found: DiagramFound): string {
  return found.kind === 'image' ? digest(JSON.stringify([found.path, found.name, digest(found.data)])) : answer(found);
}

/** Converted documents by content and by what their conversion asked; see the module comment. */
export class ConversionCache {
  private readonly memory = new Map<string, { value: CachedConversion; bytes: number }>();
  private memoryBytes = 0;
  private readonly disk: ConversionDiskStore | undefined;
  private readonly version: string | undefined;
  private readonly reads = new Map<string, ReadMemo>();
  /** Clean secret scans remembered on disk beside the conversions (scanMemo.ts); undefined without the disk store. */
  readonly cleanScans: CleanScanMemo | undefined;
  /** Documents by their identity on disk (docIndex.ts); undefined unless `index` and the disk store. */
  readonly index: DocumentIndex | undefined;
  /** Conversions done (misses) and skipped (hits) since creation; documents not read again (`statFiles`). */
  readonly stats = { hits: 0, misses: 0, unread: 0 };

  constructor(private readonly opts: ConversionCacheOptions = {}) {
    this.version = opts.version ?? BUILD_VERSION;
    this.disk = opts.disk && this.version !== undefined ? new ConversionDiskStore(opts.disk.fs, opts.disk.root, opts.maxDiskEntries ?? 50_000) : undefined;
    this.cleanScans = opts.disk && this.version !== undefined ? new CleanScanMemo(opts.disk.fs, opts.disk.root, this.version) : undefined;
    this.index = opts.index && opts.disk && this.version !== undefined ? new DocumentIndex(opts.disk.fs, opts.disk.root, this.version, typeof opts.index === 'object' ? opts.index : {}) : undefined;
  }

  /** The cache key of a conversion (see the module comment). */
  key(source: string, options: ConvertOptions): string {
    return this.keyOf(textDigest(source), options);
  }

  /** The same from the text's digest (`textDigest`): the document index knows a key without reading the text. */
  keyOf(digestOfText: string, options: ConvertOptions): string {
    const fixed = [
      CONVERSION_CACHE_FORMAT, this.version ?? 'source', options.path, options.spaceKey ?? '', options.codeLineNumbers ?? false,
      options.codeLanguages ?? '', options.headingAnchorMacros ?? false, options.diagrams ? options.diagrams.config : null,
      Boolean(options.resolveDocument), Boolean(options.findDocument), Boolean(options.readFile), Boolean(options.checkAttachment),
    ];
    return hash('sha256', `${JSON.stringify(fixed)}\0${digestOfText}`, 'hex');
  }

  /** Converts through the cache: a valid hit is returned (a copy), a miss is converted, recorded and kept. */
  convert(convert: Convert, source: string, options: ConvertOptions): ConvertResult {
    return this.convertTracked(convert, source, options).result;
  }

  /**
   * The same, with the key and the questions the conversion asked (what the document index keeps). `digestOfText`:
   * `textDigest(source)` when the caller has it already.
   */
  convertTracked(convert: Convert, source: string, options: ConvertOptions, digestOfText = textDigest(source)): { result: ConvertResult; key: string; deps: ConversionDep[] } {
    const key = this.keyOf(digestOfText, options);
    const hit = this.lookup(key, options);
    if (hit) {
      this.stats.hits++;
      return { result: copyResult(hit.result), key, deps: hit.deps };
    }
    this.stats.misses++;
    const deps: ConversionDep[] = [];
    const result = convert(source, recordingOptions(options, deps));
    const value = { result: copyResult(result), deps };
    this.remember(key, value);
    this.disk?.put(key, value);
    return { result, key, deps };
  }

  /**
   * Whether every recorded question gets the same answer now (a document index entry is checked this way).
   * `unchanged(path)`: the file is the one whose bytes were read (docIndex.ts `files`), so its digest still holds
   * when the attachment policy still lets it be read.
   */
  answersHold(deps: ConversionDep[], options: ConvertOptions, unchanged?: (path: string) => boolean): boolean {
    return stillValid(deps, options, unchanged);
  }

  /** A document's text: with `statFiles`, from memory when its modification time and size did not change. */
  readDocument(fs: FileSystem, path: string, read: () => { text: string } | { problem: string }): { text: string } | { problem: string } {
    if (!this.opts.statFiles) return read();
    const st = fs.stat(path);
    const memo = this.reads.get(path);
    if (st && memo && memo.mtimeMs === st.mtimeMs && memo.size === st.size) {
      this.stats.unread++;
      return memo.text;
    }
    const text = read();
    if (st && st.isFile && st.mtimeMs < Date.now() - 2000) this.reads.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
    else this.reads.delete(path);
    return text;
  }

  /** A document's outline (title, anchors, front matter): taken again only when its text changed. */
  outline<T>(path: string, source: string, take: () => T): T {
    const memo = this.reads.get(path);
    if (memo?.outline && memo.outline.source === source) return memo.outline.value as T;
    const value = take();
    if (memo && 'text' in memo.text && memo.text.text === source) memo.outline = { source, value };
    return value;
  }

  /** Writes new entries to disk (atomically, yielding now and then) and keeps the disk store within its bound. */
  async flush(): Promise<void> {
    await this.disk?.flush();
    await this.cleanScans?.flush();
    await this.index?.flush();
  }

  private lookup(key: string, options: ConvertOptions): CachedConversion | undefined {
    let value = this.memory.get(key)?.value;
    if (value) {
      // least recently used leaves first
      const e = this.memory.get(key)!;
      this.memory.delete(key);
      this.memory.set(key, e);
    } else {
      value = this.disk?.get(key);
      if (value) this.remember(key, value);
    }
    if (!value) return undefined;
    return stillValid(value.deps, options) ? value : undefined;
  }

  private remember(key: string, value: CachedConversion): void {
    const old = this.memory.get(key);
    if (old) {
      this.memory.delete(key);
      this.memoryBytes -= old.bytes;
    }
    const bytes = 2 * (value.result.storage.length + 200 * value.deps.length) + 1000;
    this.memory.set(key, { value, bytes });
    this.memoryBytes += bytes;
    const maxEntries = this.opts.maxEntries ?? 50_000;
    const maxBytes = this.opts.maxBytes ?? 256 * 1024 * 1024;
    for (const [k, e] of this.memory) {
      if (this.memory.size <= maxEntries && this.memoryBytes <= maxBytes) break;
      this.memory.delete(k);
      this.memoryBytes -= e.bytes;
    }
  }
}

/** The same options, recording every question the converter asks and a digest of the answer. */
function recordingOptions(options: ConvertOptions, deps: ConversionDep[]): ConvertOptions {
  const out: ConvertOptions = { ...options };
  const { resolveDocument, findDocument, checkAttachment, readFile, diagrams } = options;
  if (resolveDocument) {
    out.resolveDocument = (t) => {
      const r = resolveDocument(t);
      deps.push({ k: 'r', q: t, a: answer(r) });
      return r;
    };
  }
  if (findDocument) {
    out.findDocument = (n) => {
      const r = findDocument(n);
      deps.push({ k: 'f', q: n, a: answer(r) });
      return r;
    };
  }
  if (checkAttachment) {
    out.checkAttachment = (p) => {
      const r = checkAttachment(p);
      deps.push({ k: 'c', q: p, a: answer(r) });
      return r;
    };
  }
  if (readFile) {
    out.readFile = (p) => {
      const r = readFile(p);
      deps.push({ k: 'b', q: p, a: r ? digest(r) : '-' });
      return r;
    };
  }
  if (diagrams) {
    out.diagrams = {
      config: diagrams.config,
      find: (block) => {
        const r = diagrams.find(block);
        deps.push({ k: 'd', q: JSON.stringify(block), a: diagramAnswer(r) });
        return r;
      },
    };
  }
  return out;
}

/** Asks every recorded question again: valid when each answer is the same. */
function stillValid(deps: ConversionDep[], options: ConvertOptions, unchanged?: (path: string) => boolean): boolean {
  for (const d of deps) {
    // bytes read before from a file that is still the same, and still allowed: the same digest, without reading
    if (d.k === 'b' && d.a !== '-' && unchanged && options.checkAttachment && options.checkAttachment(d.q) === undefined && unchanged(d.q)) continue;
    let now: string | undefined;
    switch (d.k) {
      case 'r':
        now = options.resolveDocument && answer(options.resolveDocument(d.q));
        break;
      case 'f':
        now = options.findDocument && answer(options.findDocument(d.q));
        break;
      case 'c':
        now = options.checkAttachment && answer(options.checkAttachment(d.q));
        break;
      case 'b': {
        const bytes = options.readFile?.(d.q);
        now = options.readFile && (bytes ? digest(bytes) : '-');
        break;
      }
      case 'd':
        now = options.diagrams && diagramAnswer(options.diagrams.find(JSON.parse(d.q) as DiagramBlock));
        break;
      default:
        return false;
    }
    if (now !== d.a) return false;
  }
  return true;
}

/** A copy the caller may change without changing the cached entry (the storage text is shared: strings are immutable). */
function copyResult(r: ConvertResult): ConvertResult {
  return {
    ...r,
    frontMatter: structuredClone(r.frontMatter),
    labels: [...r.labels],
    attachments: r.attachments.map((a) => ({ ...a })),
    links: r.links.map((l) => ({ ...l })),
    headings: r.headings.map((h) => ({ ...h })),
    warnings: r.warnings.map((w) => ({ ...w })),
  };
}
