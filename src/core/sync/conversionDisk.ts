/**
 * The conversion cache on disk: `.confluence/cache/<first 2 hex of the key>/<key>.json` under the workspace's ignored
 * state folder (beside `base/` and `diagrams/`; `.confluence/.gitignore` holds `*`). Reads are synchronous (the
 * converter runs synchronously); new entries are queued and written atomically by `flush`, which also removes the
 * oldest entries beyond the bound. An unreadable or malformed entry is a miss, never an error.
 */
import { join } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { ensureStateFolder, STATE_FOLDER } from '../read/pull/baseStore';
import type { CachedConversion } from './conversionCache';

export const CONVERSION_CACHE_DIR = `${STATE_FOLDER}/cache`;

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ConversionDiskStore {
  private readonly queue = new Map<string, CachedConversion>();
  private readonly dir: string;

  constructor(
    private readonly fs: FileSystem,
    private readonly root: string,
    private readonly maxEntries: number,
  ) {
    this.dir = join(root, CONVERSION_CACHE_DIR);
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): CachedConversion | undefined {
    const queued = this.queue.get(key);
    if (queued) return queued;
    try {
      const raw = JSON.parse(this.fs.readText(this.path(key))) as { key?: unknown; value?: CachedConversion };
      const v = raw.value;
      if (raw.key !== key || !v || !Array.isArray(v.deps) || typeof v.result?.storage !== 'string' || !Array.isArray(v.result.attachments)) return undefined;
      if (!Array.isArray(v.result.labels) || !Array.isArray(v.result.warnings) || !Array.isArray(v.result.links) || !Array.isArray(v.result.headings)) return undefined;
      return v;
    } catch {
      return undefined; // missing or corrupt: converted again (and rewritten)
    }
  }

  put(key: string, value: CachedConversion): void {
    this.queue.set(key, value);
  }

  /** Writes the queued entries; a failed write loses only that entry. Then keeps the store within its bound. */
  async flush(): Promise<void> {
    if (this.queue.size === 0) return;
    const entries = [...this.queue];
    this.queue.clear();
    try {
      ensureStateFolder(this.fs, this.root);
    } catch {
      return;
    }
    let started = Date.now();
    for (let i = 0; i < entries.length; i++) {
      const [key, value] = entries[i];
      // written entries are let go at once (the flush runs alongside a publish: its memory is the publish's)
      entries[i] = undefined as never;
      try {
        this.fs.mkdirp(join(this.dir, key.slice(0, 2)));
        await this.fs.writeFileAtomic(this.path(key), JSON.stringify({ key, value }));
      } catch {
        // a cache that cannot be written is only slower
      }
      if (Date.now() - started > 20) {
        await yieldTurn();
        started = Date.now();
      }
    }
    await this.prune();
  }

  /** Removes the oldest entries (by modification time) when there are more than the bound, down to 80 % of it. */
  private async prune(): Promise<void> {
    const files: Array<{ path: string; mtime: number }> = [];
    try {
      for (const shard of this.fs.list(this.dir)) {
        if (!shard.isDirectory || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
        for (const f of this.fs.list(join(this.dir, shard.name))) if (f.isFile) files.push({ path: join(this.dir, shard.name, f.name), mtime: 0 });
      }
    } catch {
      return;
    }
    if (files.length <= this.maxEntries) return;
    for (let i = 0; i < files.length; i++) {
      files[i].mtime = this.fs.stat(files[i].path)?.mtimeMs ?? 0;
      if (i % 500 === 499) await yieldTurn();
    }
    files.sort((a, b) => a.mtime - b.mtime);
    for (const f of files.slice(0, files.length - Math.floor(this.maxEntries * 0.8))) {
      try {
        this.fs.remove(f.path);
      } catch {
        // gone already
      }
    }
  }
}
