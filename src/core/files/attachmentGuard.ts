import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { isCachedDiagram } from '../diagrams/keys';
import { attachmentRefusal, isTextAttachment, looksLikeText } from './attachmentPolicy';
import type { FileSystem } from './fileSystem';
import { loadGitIgnored } from './gitIgnored';
import { nodeFileSystem } from './nodeFileSystem';
import { checkRealPath, realFolder } from './realPath';

export interface AttachmentGuardOptions {
  /** Workspace root (absolute). Link targets are workspace-relative POSIX paths. */
  root: string;
  /** Workspace-relative docs root: its real folder is allowed too (a docs folder that is itself a link). */
  docsRoot?: string;
  /** Ask git which files it ignores (default true; editors re-checking on every keystroke turn it off). */
  git?: boolean;
  /** Where files are read (default: the disk; the engine passes its own). */
  fs?: FileSystem;
}

/** Thrown when a file planned as an attachment may not be (or no longer may be) uploaded. */
export class AttachmentRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path} is not attached: ${reason}`);
    this.name = 'AttachmentRefusedError';
  }
}

/**
 * The whole attachment policy for one publish: the name rules of `attachmentPolicy.ts`, then the file system:
 * the real path (all symbolic links resolved) must lie inside the workspace (or the real docs folder), it must be a
 * regular file, and git must not ignore it. Used where attachments are collected and again just before upload.
 */
export class AttachmentGuard {
  private readonly allowed: string[];
  private ignored: ((rel: string) => boolean) | undefined | null = null;
  private readonly verdicts = new Map<string, string | undefined>();
  private readonly texts = new Map<string, Uint8Array>();
  private readonly fs: FileSystem;

  constructor(private readonly opts: AttachmentGuardOptions) {
    this.fs = opts.fs ?? nodeFileSystem;
    const rootReal = realFolder(opts.root, this.fs);
    this.allowed = [rootReal];
    if (opts.docsRoot && opts.docsRoot !== '.') {
      const docsReal = realFolder(join(opts.root, opts.docsRoot), this.fs);
      if (docsReal !== rootReal) this.allowed.push(docsReal);
    }
  }

  /** Why `rel` may not be attached, or undefined (also when the file does not exist: that is "not found"). */
  refusal = (rel: string): string | undefined => {
    if (this.verdicts.has(rel)) return this.verdicts.get(rel);
    const verdict = this.judge(rel);
    this.verdicts.set(rel, verdict);
    return verdict;
  };

  /** The file's bytes, or undefined when it is missing, not a regular file or refused (see `refusal`). */
  read = (rel: string): Uint8Array | undefined => {
    if (this.refusal(rel)) return undefined;
    try {
      const data = this.fs.readFile(join(this.opts.root, rel));
      // Kept so the secret scan reads exactly the bytes that were hashed (and that upload checks against). A file
      // of a binary type whose bytes are text (`key.pem.png` holding a PEM key) is scanned too.
      if (isTextAttachment(rel) || looksLikeText(data)) this.texts.set(rel, data);
      return data;
    } catch {
      return undefined;
    }
  };

  /**
   * The text of a text attachment (by type, or by content: see `looksLikeText`) as read by `read` (the same bytes
   * its hash was taken from), else from disk. Undefined for binary files.
   */
  text(rel: string): string | undefined {
    let data = this.texts.get(rel);
    if (!data) {
      this.read(rel);
      data = this.texts.get(rel);
      if (!data) return undefined;
    }
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  }

  /** Judges `rel` again (not from the cache) and throws AttachmentRefusedError when it may not be attached. */
  assertAttachable(rel: string): void {
    this.verdicts.delete(rel);
    const reason = this.refusal(rel);
    if (reason) throw new AttachmentRefusedError(rel, reason);
  }

  /**
   * The bytes to upload, checked again: the policy (a link may have been swapped since the plan), and the content
   * must be what was planned (and, for text files, scanned): sha256 equal to `hash`.
   */
  readForUpload(rel: string, hash: string): Buffer {
    this.assertAttachable(rel);
    let data: Buffer;
    try {
      data = this.fs.readFile(join(this.opts.root, rel));
    } catch (err) {
      throw new AttachmentRefusedError(rel, `it cannot be read (${(err as Error).message})`);
    }
    if (createHash('sha256').update(data).digest('hex') !== hash) {
      throw new AttachmentRefusedError(rel, 'it changed after the plan was made; run the publish again');
    }
    return data;
  }

  private judge(rel: string): string | undefined {
    // a rendered diagram of the render cache (.confluence/diagrams/<sha256>.svg): hidden and git-ignored by design,
    // written by us; it must still be a regular file inside the workspace (no link)
    if (isCachedDiagram(rel)) {
      const real = checkRealPath(this.opts.root, rel, this.allowed, this.fs);
      return real.kind === 'missing' || (real.kind === 'inside' && real.real === join(this.allowed[0], rel)) ? undefined : 'the render cache file is a link';
    }
    const byName = attachmentRefusal(rel);
    if (byName) return byName;
    const real = checkRealPath(this.opts.root, rel, this.allowed, this.fs);
    if (real.kind === 'missing') return undefined;
    if (real.kind === 'broken') return `broken symbolic link (${real.link})`;
    if (real.kind === 'outside') return `symbolic link to a file outside the workspace (${real.link})`;
    const realRel = relative(this.allowed[0], real.real).split(sep).join('/');
    // The name the link points to counts too: `docs/notes.txt -> ../.env`.
    const targetByName = realRel.startsWith('..') ? undefined : attachmentRefusal(realRel);
    if (targetByName && realRel !== rel) return `${targetByName} (${rel} is a link to ${realRel})`;
    try {
      if (!this.fs.stat(real.real)?.isFile) return undefined; // a folder: "not found" for an attachment
    } catch {
      return undefined;
    }
    const ignored = this.gitIgnored();
    if (ignored && (ignored(rel) || (!realRel.startsWith('..') && ignored(realRel)))) {
      return 'git ignores it (.gitignore); ignored files are never attached';
    }
    return undefined;
  }

  private gitIgnored(): ((rel: string) => boolean) | undefined {
    if (this.opts.git === false) return undefined;
    if (this.ignored === null) this.ignored = loadGitIgnored(this.opts.root);
    return this.ignored;
  }
}
