/**
 * Clean secret scans remembered across runs: `.confluence/cache/clean-scans.json` lists digests of (scanner version,
 * ignore list, file, text) whose scan found nothing, so a status or plan over 10,000 unchanged documents does not scan
 * 30,000 texts (bodies, front matter, paths and titles) again.
 *
 * Only clean results are kept: nothing derived from a secret is written, and a text with a finding is scanned every
 * time. The digest covers the whole text, the path and the ignore list, and the scanner's version (the build's: from
 * source nothing is kept), so a changed rule set scans everything again. Unreadable or foreign files are ignored.
 */
import { hash } from 'node:crypto';
import { join } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import type { SecretFinding, SecretIgnoreList } from '../secrets/types';
import { ensureStateFolder } from '../read/pull/baseStore';
import { CONVERSION_CACHE_DIR } from './conversionDisk';

const FORMAT = 1;
export const CLEAN_SCANS_FILE = `${CONVERSION_CACHE_DIR}/clean-scans.json`;

/** The ignore list as text, the same for the same list however it was written. */
export function ignoreListKey(ignore: SecretIgnoreList | undefined): string {
  if (!ignore) return '';
  const byPath = [...ignore.byPath].map(([p, s]) => [p, [...s].sort()] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return JSON.stringify([[...ignore.global].sort(), byPath]);
}

export class CleanScanMemo {
  private known: Set<string> | undefined;
  /** Clean digests seen by this run (kept first when the file is bounded). */
  private readonly used = new Set<string>();
  private added = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly root: string,
    private readonly version: string,
    private readonly max = 200_000,
  ) {}

  private file(): string {
    return join(this.root, CLEAN_SCANS_FILE);
  }

  private load(): Set<string> {
    if (this.known) return this.known;
    this.known = new Set();
    try {
      const raw = JSON.parse(this.fs.readText(this.file())) as { format?: unknown; version?: unknown; clean?: unknown };
      if (raw.format === FORMAT && raw.version === this.version && Array.isArray(raw.clean)) {
        for (const k of raw.clean) if (typeof k === 'string') this.known.add(k);
      }
    } catch {
      // missing or corrupt: everything is scanned (and the file rewritten)
    }
    return this.known;
  }

  private key(ignoreKey: string, file: string, text: string): string {
    // one call (crypto.hash), no Hash object: 20,000 titles and paths per status over 10,000 documents
    return hash('sha256', `${this.version}\0${ignoreKey}\0${file}\0${text}`, 'base64url').slice(0, 32);
  }

  /** `scan()`'s findings, or none without scanning when this text was clean before under the same ignore list. */
  async scan(ignoreKey: string, text: string, file: string, scan: () => Promise<SecretFinding[]>): Promise<SecretFinding[]> {
    const key = this.key(ignoreKey, file, text);
    if (this.used.has(key) || this.load().has(key)) {
      this.used.add(key);
      return [];
    }
    const found = await scan();
    if (found.length === 0) {
      this.used.add(key);
      this.added++;
    }
    return found;
  }

  /** Writes the file when this run found new clean texts: this run's first, then earlier ones, up to the bound. */
  async flush(): Promise<void> {
    if (this.added === 0) return;
    this.added = 0;
    const keep = new Set(this.used);
    for (const k of this.load()) {
      if (keep.size >= this.max) break;
      keep.add(k);
    }
    this.known = keep;
    try {
      ensureStateFolder(this.fs, this.root);
      this.fs.mkdirp(join(this.root, CONVERSION_CACHE_DIR));
      await this.fs.writeFileAtomic(this.file(), JSON.stringify({ format: FORMAT, version: this.version, clean: [...keep] }));
    } catch {
      // a memo that cannot be written is only slower
    }
  }
}
