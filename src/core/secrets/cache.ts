import { createHash } from 'node:crypto';
import { scanText, scanTextSync } from './scanner';
import type { ScanOptions, SecretFinding, SecretIgnoreList } from './types';

/**
 * Remembers findings by document content, path and ignore list, so re-scanning unchanged documents (every save,
 * every workspace publish) costs a hash instead of a scan. Least-recently-used entries go beyond `capacity`.
 */
export class SecretScanCache {
  private readonly entries = new Map<string, SecretFinding[]>();
  private readonly ignoreIds = new WeakMap<SecretIgnoreList, number>();
  private nextIgnoreId = 1;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 1000) {}

  async scan(text: string, file: string, options: ScanOptions = {}): Promise<SecretFinding[]> {
    const key = this.key(text, file, options);
    const cached = this.get(key);
    if (cached) return cached;
    return this.put(key, await scanText(text, file, options));
  }

  scanSync(text: string, file: string, options: ScanOptions = {}): SecretFinding[] {
    const key = this.key(text, file, options);
    return this.get(key) ?? this.put(key, scanTextSync(text, file, options));
  }

  clear(): void {
    this.entries.clear();
  }

  private key(text: string, file: string, options: ScanOptions): string {
    let ignore = 0;
    if (options.ignore) {
      ignore = this.ignoreIds.get(options.ignore) ?? this.nextIgnoreId++;
      this.ignoreIds.set(options.ignore, ignore);
    }
    return `${createHash('sha1').update(text).digest('hex')}\0${file}\0${ignore}`;
  }

  private get(key: string): SecretFinding[] | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    this.hits++;
    this.entries.delete(key); // re-insert: most recently used last
    this.entries.set(key, found);
    return found.map((f) => ({ ...f }));
  }

  private put(key: string, findings: SecretFinding[]): SecretFinding[] {
    this.misses++;
    this.entries.set(key, findings.map((f) => ({ ...f })));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return findings;
  }
}
