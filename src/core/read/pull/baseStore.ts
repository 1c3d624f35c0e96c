/**
 * The merge base cache: the exact text of each document as we last published or pulled it, under the workspace's
 * own ignored state folder (`.confluence/base/<page id>.json`, with `.confluence/.gitignore` holding `*`, so it is
 * never committed whatever the project's .gitignore says).
 *
 * Why a cache and not only the page history: the history gives the storage body of the version we published, and
 * converting it back gives the converter's Markdown, not the author's (wrapped paragraphs, `*` or `-` lists, front
 * matter the page does not show). With the exact text as the base, a remote edit lands in the file in the author's
 * own formatting and a local edit next to a reformatted line does not conflict. Pull falls back to the history
 * where the cache does not hold the version (another clone published it, or the cache was deleted).
 *
 * A record is valid only for the mapping entry it was written with (same version and content hash): a record of
 * any other version is ignored. Written atomically (temp file + rename) after the page and its mapping entry.
 */
import { join } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';

/** The workspace's ignored state folder (pull state, merge bases). */
export const STATE_FOLDER = '.confluence';

export interface BaseRecord {
  page_id: string;
  /** Page version this text was published as (or pulled from). */
  version: number;
  /** The mapping entry's content hash for that version. */
  hash: string;
  /** Workspace-relative path of the document. */
  file: string;
  /** The document's text, exactly. */
  text: string;
}

/** Creates `.confluence/` with a `.gitignore` that ignores everything in it (once). */
export function ensureStateFolder(fs: FileSystem, root: string): string {
  const dir = join(root, STATE_FOLDER);
  const ignore = join(dir, '.gitignore');
  if (!fs.exists(ignore)) {
    fs.mkdirp(dir);
    fs.writeFileAtomicSync(ignore, '# docs-to-confluence state (merge bases, last pull): never committed\n*\n');
  }
  return dir;
}

export class BaseStore {
  /** `.confluence/` made (or seen) by this store: checked once, not once per page written (a stat per page). */
  private folderReady = false;

  constructor(
    private readonly fs: FileSystem,
    private readonly root: string,
  ) {}

  private path(pageId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(pageId)) throw new Error(`not a page id: ${pageId}`);
    return join(this.root, STATE_FOLDER, 'base', `${pageId}.json`);
  }

  /** The cached text of `pageId` at exactly this version and hash, or undefined. */
  read(pageId: string, version: number | undefined, hash: string | undefined): BaseRecord | undefined {
    if (version === undefined || hash === undefined) return undefined;
    let rec: Partial<BaseRecord>;
    try {
      rec = JSON.parse(this.fs.readText(this.path(pageId))) as Partial<BaseRecord>;
    } catch {
      return undefined; // missing or unreadable: the history is the fallback
    }
    if (rec.page_id !== pageId || rec.version !== version || rec.hash !== hash || typeof rec.text !== 'string') return undefined;
    return rec as BaseRecord;
  }

  async write(rec: BaseRecord): Promise<void> {
    if (!this.folderReady) ensureStateFolder(this.fs, this.root);
    this.folderReady = true;
    await this.fs.writeFileAtomic(this.path(rec.page_id), JSON.stringify(rec) + '\n');
  }

  remove(pageId: string): void {
    this.fs.remove(this.path(pageId));
  }
}
