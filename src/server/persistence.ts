/** Loads state from a JSON file and writes it back atomically (temp file + rename), debounced after mutations. */
import { promises as fs, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { StoreData } from './store';

const FORMAT = 'docs-to-confluence-local-server';
const FORMAT_VERSION = 1;

export function loadState(file: string): StoreData | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read local server data file ${file}: ${(err as Error).message}`);
  }
  const doc = parsed as { format?: unknown; version?: unknown; data?: StoreData };
  if (doc.format !== FORMAT || doc.version !== FORMAT_VERSION || !doc.data || !Array.isArray(doc.data.pages)) {
    throw new Error(`${file} is not a local server data file (expected format "${FORMAT}" version ${FORMAT_VERSION})`);
  }
  return doc.data;
}

export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoreData,
    private readonly debounceMs: number,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  /** Writes now; serialised so two writes never interleave. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const text = JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, savedAt: new Date().toISOString(), data: this.snapshot() });
    this.writing = this.writing.then(async () => {
      await fs.mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, text);
      await fs.rename(tmp, this.file);
    });
    return this.writing;
  }
}
