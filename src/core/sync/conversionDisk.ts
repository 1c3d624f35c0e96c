/**
 * The conversion cache on disk: packs of entries, `.confluence/cache/<first 2 hex of the key>.json`, under the
 * workspace's ignored state folder (beside `base/` and `diagrams/`; `.confluence/.gitignore` holds `*`).
 *
 * Why packs: a status or plan over 10,000 documents reads 256 files instead of 10,000 (the open/read/close per file
 * was a third of a no-op status), and a first publish writes 256 instead of 10,000. Reads are synchronous (the
 * converter runs synchronously): the first `get` of a pack reads it whole; `flush` writes the queued entries into
 * their packs (read again, merged, written atomically: a concurrent run's entries are kept unless it wrote the same
 * pack in between, which only costs a conversion), keeps each pack within its share of the bound, and lets the packs
 * read so far go. An unreadable or malformed pack or entry is a miss, never an error.
 */
import { join } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { ensureStateFolder, STATE_FOLDER } from '../read/pull/baseStore';
import type { CachedConversion } from './conversionCache';

export const CONVERSION_CACHE_DIR = `${STATE_FOLDER}/cache`;
/** Bump when the pack layout changes: packs of another format are misses (and rewritten). */
const PACK_FORMAT = 3;
const PACKS = 256;

interface PackEntry {
  /** When it was written (ms): the oldest leave first beyond the bound. */
  t: number;
  value: CachedConversion;
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const packOf = (key: string): string => key.slice(0, 2);

function validEntry(e: unknown): e is PackEntry {
  const v = (e as PackEntry | undefined)?.value;
  if (!v || typeof (e as PackEntry).t !== 'number' || !Array.isArray(v.deps) || typeof v.result?.storage !== 'string') return false;
  const r = v.result;
  return [r.attachments, r.labels, r.warnings, r.links, r.headings].every(Array.isArray);
}

export class ConversionDiskStore {
  private readonly queue = new Map<string, CachedConversion>();
  /** Packs read by `get` since the last flush (valid entries only). */
  private readonly loaded = new Map<string, Map<string, PackEntry>>();
  private readonly dir: string;
  private oldLayoutChecked = false;

  constructor(
    private readonly fs: FileSystem,
    private readonly root: string,
    private readonly maxEntries: number,
  ) {
    this.dir = join(root, CONVERSION_CACHE_DIR);
  }

  private path(pack: string): string {
    return join(this.dir, `${pack}.json`);
  }

  /** A pack's valid entries as on disk now (empty when missing or corrupt). */
  private read(pack: string): Map<string, PackEntry> {
    const out = new Map<string, PackEntry>();
    try {
      const raw = JSON.parse(this.fs.readText(this.path(pack))) as { format?: unknown; entries?: Record<string, unknown> };
      if (raw.format !== PACK_FORMAT || !raw.entries || typeof raw.entries !== 'object') return out;
      for (const [key, e] of Object.entries(raw.entries)) if (packOf(key) === pack && validEntry(e)) out.set(key, e);
    } catch {
      // missing or corrupt: its documents are converted again (and the pack rewritten)
    }
    return out;
  }

  get(key: string): CachedConversion | undefined {
    const queued = this.queue.get(key);
    if (queued) return queued;
    const pack = packOf(key);
    let entries = this.loaded.get(pack);
    if (!entries) {
      entries = this.read(pack);
      this.loaded.set(pack, entries);
    }
    return entries.get(key)?.value;
  }

  put(key: string, value: CachedConversion): void {
    this.queue.set(key, value);
  }

  /** Writes the queued entries into their packs; a failed write loses only that pack's new entries. */
  async flush(): Promise<void> {
    // the packs read for this build are let go: the caller keeps what it uses (its memory store is bounded)
    this.loaded.clear();
    if (this.queue.size === 0) return;
    const byPack = new Map<string, Array<[string, CachedConversion]>>();
    for (const [key, value] of this.queue) {
      const list = byPack.get(packOf(key));
      if (list) list.push([key, value]);
      else byPack.set(packOf(key), [[key, value]]);
    }
    this.queue.clear();
    try {
      ensureStateFolder(this.fs, this.root);
      this.fs.mkdirp(this.dir);
    } catch {
      return;
    }
    const perPack = Math.max(1, Math.floor(this.maxEntries / PACKS));
    let started = Date.now();
    for (const [pack, fresh] of byPack) {
      // written packs are let go at once (the flush runs alongside a publish: its memory is the publish's)
      byPack.delete(pack);
      const entries = this.read(pack);
      const now = Date.now();
      for (const [key, value] of fresh) entries.set(key, { t: now, value });
      const kept = entries.size > perPack ? [...entries].sort((a, b) => b[1].t - a[1].t).slice(0, perPack) : [...entries];
      try {
        await this.fs.writeFileAtomic(this.path(pack), JSON.stringify({ format: PACK_FORMAT, entries: Object.fromEntries(kept) }));
      } catch {
        // a cache that cannot be written is only slower
      }
      if (Date.now() - started > 20) {
        await yieldTurn();
        started = Date.now();
      }
    }
    await this.removeOldLayout();
  }

  /** Entries of the earlier layout (`<2 hex>/<key>.json`, one file each) are removed once: packs replace them. */
  private async removeOldLayout(): Promise<void> {
    if (this.oldLayoutChecked) return;
    this.oldLayoutChecked = true;
    try {
      for (const shard of this.fs.list(this.dir)) {
        if (!shard.isDirectory || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
        for (const f of this.fs.list(join(this.dir, shard.name))) if (f.isFile && f.name.endsWith('.json')) this.fs.remove(join(this.dir, shard.name, f.name));
        await yieldTurn();
      }
    } catch {
      // left for the next run
    }
  }
}
