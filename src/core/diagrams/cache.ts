import { join } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { cachedErrorPath, cachedImagePath, DIAGRAM_CACHE_DIR } from './keys';

export type CachedDiagram = { kind: 'image'; path: string; data: Uint8Array } | { kind: 'error'; message: string; line?: number };

/**
 * Rendered diagrams by key under `.confluence/diagrams/` (the workspace's ignored state folder): the image, or the
 * error a block rendered to (so a broken diagram does not start a browser on every run either). Synchronous reads:
 * the converter looks blocks up while it converts.
 */
export class DiagramCache {
  constructor(
    private readonly root: string,
    private readonly fs: FileSystem,
  ) {}

  get(key: string, format: 'svg' | 'png'): CachedDiagram | undefined {
    const path = cachedImagePath(key, format);
    try {
      if (this.fs.exists(join(this.root, path))) return { kind: 'image', path, data: this.fs.readFile(join(this.root, path)) };
      const errorFile = join(this.root, cachedErrorPath(key));
      if (this.fs.exists(errorFile)) {
        const e = JSON.parse(this.fs.readText(errorFile)) as { message?: unknown; line?: unknown };
        return { kind: 'error', message: String(e.message ?? 'render failed'), line: typeof e.line === 'number' ? e.line : undefined };
      }
    } catch {
      return undefined; // unreadable cache entry: rendered again
    }
    return undefined;
  }

  async putImage(key: string, format: 'svg' | 'png', data: Uint8Array | string): Promise<void> {
    this.fs.mkdirp(join(this.root, DIAGRAM_CACHE_DIR));
    await this.fs.writeFileAtomic(join(this.root, cachedImagePath(key, format)), data);
  }

  async putError(key: string, message: string, line?: number): Promise<void> {
    this.fs.mkdirp(join(this.root, DIAGRAM_CACHE_DIR));
    await this.fs.writeFileAtomic(join(this.root, cachedErrorPath(key)), JSON.stringify({ message, line }));
  }
}
