/**
 * An in-memory implementation of the file-system port, for engine tests and dry runs: files, folders and symbolic
 * links under POSIX-style absolute paths. Behaves like the Node adapter where the engine can tell (ENOENT/EEXIST/
 * ELOOP codes, links followed by `stat`/`realpath`, atomic writes leave no temp files).
 */
import { posix } from 'node:path';
import { fsError, type DirEntry, type FileStat, type FileSystem } from './fileSystem';

type Node =
  | { kind: 'file'; data: Buffer; mtimeMs: number; ctimeMs?: number }
  | { kind: 'dir'; mtimeMs: number; ctimeMs?: number }
  | { kind: 'link'; target: string; mtimeMs: number; ctimeMs?: number };

const MAX_LINKS = 40;

/** The node map, with a folder -> children index rebuilt on the first listing after a change (10,000-file tests). */
class IndexedMap extends Map<string, Node> {
  private index: Map<string, string[]> | undefined;

  override set(key: string, value: Node): this {
    if (!super.has(key)) this.index = undefined;
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.index = undefined;
    return super.delete(key);
  }

  children(dir: string): string[] {
    if (!this.index) {
      this.index = new Map();
      for (const p of this.keys()) {
        if (p === '/') continue;
        const parent = p.slice(0, p.lastIndexOf('/')) || '/';
        const list = this.index.get(parent);
        if (list) list.push(p);
        else this.index.set(parent, [p]);
      }
    }
    return this.index.get(dir) ?? [];
  }
}

export class MemoryFileSystem implements FileSystem {
  private readonly nodes = new IndexedMap([['/', { kind: 'dir', mtimeMs: 0 }]]);
  /** Last modification time handed out: wall-clock time, strictly increasing (every write is a new mtime). */
  private clock = 0;

  /** Seeds files: `{ '/docs/a.md': '# A' }`; parents are created. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, data] of Object.entries(files)) this.writeFile(path, data);
  }

  symlink(target: string, path: string): void {
    this.mkdirp(posix.dirname(norm(path)));
    this.nodes.set(norm(path), { kind: 'link', target, mtimeMs: this.tick() });
  }

  /** Every file path (sorted), for assertions. */
  files(): string[] {
    return [...this.nodes].filter(([, n]) => n.kind === 'file').map(([p]) => p).sort();
  }

  readFile(path: string): Buffer {
    const n = this.follow(path);
    if (n.node.kind !== 'file') throw fsError('EISDIR', 'illegal operation on a directory', path);
    return Buffer.from(n.node.data);
  }
  readFileWithStat(path: string): { data: Buffer; stat: FileStat } {
    const stat = this.stat(path);
    const data = this.readFile(path);
    return { data, stat: stat! };
  }
  readText(path: string): string {
    return this.readFile(path).toString('utf8');
  }
  exists(path: string): boolean {
    return this.stat(path) !== undefined;
  }
  stat(path: string): FileStat | undefined {
    try {
      return statOf(this.follow(path).node);
    } catch {
      return undefined;
    }
  }
  lstat(path: string): FileStat | undefined {
    try {
      const node = this.nodes.get(this.resolveParent(path));
      return node ? statOf(node) : undefined;
    } catch {
      return undefined;
    }
  }
  realpath(path: string): string {
    return this.follow(path).path;
  }
  readlink(path: string): string {
    const node = this.nodes.get(this.resolveParent(path));
    if (!node) throw fsError('ENOENT', 'no such file or directory', path);
    if (node.kind !== 'link') throw fsError('EINVAL', 'invalid argument', path);
    return node.target;
  }
  list(dir: string): DirEntry[] {
    const { path, node } = this.follow(dir);
    if (node.kind !== 'dir') throw fsError('ENOTDIR', 'not a directory', dir);
    const prefix = path === '/' ? '/' : `${path}/`;
    const out: DirEntry[] = [];
    for (const p of this.nodes.children(path)) {
      const n = this.nodes.get(p)!;
      out.push({ name: p.slice(prefix.length), isFile: n.kind === 'file', isDirectory: n.kind === 'dir', isSymbolicLink: n.kind === 'link' });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  mkdirp(dir: string): void {
    let cur = '/';
    for (const part of norm(dir).split('/').filter(Boolean)) {
      cur = posix.join(cur, part);
      const n = this.nodes.get(cur);
      if (!n) this.nodes.set(cur, { kind: 'dir', mtimeMs: this.tick() });
      else if (n.kind === 'file') throw fsError('ENOTDIR', 'not a directory', cur);
      else if (n.kind === 'link') cur = this.follow(cur).path;
    }
  }
  writeFile(path: string, data: string | Uint8Array): void {
    const parent = posix.dirname(norm(path));
    this.mkdirp(parent);
    const target = posix.join(this.follow(parent).path, posix.basename(norm(path)));
    const existing = this.nodes.get(target);
    if (existing?.kind === 'dir') throw fsError('EISDIR', 'illegal operation on a directory', path);
    if (existing?.kind === 'link') return this.writeFile(this.follow(target).path, data);
    this.nodes.set(target, { kind: 'file', data: Buffer.from(data), mtimeMs: this.tick() });
  }
  async writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
    this.writeFile(path, data);
  }
  writeFileAtomicSync(path: string, data: string | Uint8Array): void {
    this.writeFile(path, data);
  }
  createExclusive(path: string, data: string): boolean {
    if (this.lstat(path)) return false;
    this.writeFile(path, data);
    return true;
  }
  rename(from: string, to: string): void {
    const src = this.resolveParent(from);
    const node = this.nodes.get(src);
    if (!node) throw fsError('ENOENT', 'no such file or directory', from);
    const dst = this.resolveParent(to);
    for (const [p, n] of [...this.nodes]) {
      if (p === src || p.startsWith(`${src}/`)) {
        this.nodes.delete(p);
        this.nodes.set(dst + p.slice(src.length), n);
      }
    }
  }
  copyFile(from: string, to: string): void {
    this.writeFile(to, this.readFile(from));
  }
  remove(path: string): void {
    const p = this.resolveParent(path);
    for (const key of [...this.nodes.keys()]) if (key === p || key.startsWith(`${p}/`)) this.nodes.delete(key);
  }
  touch(path: string, when: Date): void {
    const { node } = this.follow(path);
    node.mtimeMs = when.getTime();
    // as on a real disk: setting the modification time back is itself a change (ctime moves on)
    node.ctimeMs = this.tick();
  }

  /**
   * Wall-clock time, so ages compare with Date.now() as on disk (the run lock's heartbeat), and strictly increasing,
   * so a write always changes the modification time (the mapping file's "changed since loaded" check).
   */
  private tick(): number {
    return (this.clock = Math.max(Date.now(), this.clock + 1));
  }

  /** The path with its folder resolved through links (the last part itself is not followed). */
  private resolveParent(path: string): string {
    const p = norm(path);
    if (p === '/') return p;
    const parent = this.follow(posix.dirname(p)).path;
    return posix.join(parent, posix.basename(p));
  }

  /** Follows every link on the way; throws ENOENT / ELOOP like the real thing. */
  private follow(path: string, depth = 0): { path: string; node: Node } {
    if (depth > MAX_LINKS) throw fsError('ELOOP', 'too many symbolic links encountered', path);
    let cur = '/';
    const parts = norm(path).split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const next = posix.join(cur, parts[i]);
      const node = this.nodes.get(next);
      if (!node) throw fsError('ENOENT', 'no such file or directory', path);
      if (node.kind === 'link') {
        const target = posix.resolve(cur, node.target);
        const rest = parts.slice(i + 1).join('/');
        return this.follow(rest ? posix.join(target, rest) : target, depth + 1);
      }
      if (node.kind === 'file' && i < parts.length - 1) throw fsError('ENOTDIR', 'not a directory', path);
      cur = next;
    }
    return { path: cur, node: this.nodes.get(cur)! };
  }
}

function norm(path: string): string {
  return posix.resolve('/', path.split('\\').join('/'));
}

function statOf(node: Node): FileStat {
  return {
    isFile: node.kind === 'file',
    isDirectory: node.kind === 'dir',
    isSymbolicLink: node.kind === 'link',
    size: node.kind === 'file' ? node.data.length : 0,
    mtimeMs: node.mtimeMs,
    ctimeMs: node.ctimeMs ?? node.mtimeMs,
  };
}
