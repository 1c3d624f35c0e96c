import { dirname, join } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';
import { MappingFile } from '../../sync/mapping';
import type { MappingEntry } from '../../sync/mapping';
import type { PlannedFile } from './plan';
import { ImportError, type ImportProgress } from './types';

/**
 * The journal of an import in progress, beside the mapping file (`<mapping>.import`): the files it is about to write,
 * recorded before the first one is. The mapping entries can only be computed once every file of the tree is on disk
 * (titles and links resolve against the whole tree), so they are saved at the end; an import stopped before that
 * leaves the journal, and the next run takes the files it lists as its own (no --force needed, no second copy:
 * names are a function of the tree), then removes it.
 */
export interface ImportJournal {
  space: string;
  rootId: string;
  started: string;
  files: string[];
}

export function journalPath(root: string, mappingFile: string): string {
  return join(root, `${mappingFile}.import`);
}

export function readJournal(fs: FileSystem, path: string): ImportJournal | undefined {
  if (!fs.exists(path)) return undefined;
  try {
    const j = JSON.parse(fs.readText(path)) as ImportJournal;
    return Array.isArray(j.files) ? j : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Files of the plan that exist with other content and are not the files of an interrupted run of this import:
 * these an import without --force refuses to overwrite.
 */
export function existingFiles(fs: FileSystem, root: string, files: PlannedFile[], journal: ImportJournal | undefined): string[] {
  const ours = new Set(journal?.files ?? []);
  const out: string[] = [];
  for (const f of files) {
    const abs = join(root, f.path);
    const stat = fs.stat(abs);
    if (!stat) continue;
    if (!stat.isFile) throw new ImportError(`${f.path} exists and is not a file; move it away or import into another folder (--out DIR)`, 'not-a-folder');
    if (ours.has(f.path) || sameContent(fs.readFile(abs), f.data)) continue;
    out.push(f.path);
  }
  return out;
}

export function refuseExisting(existing: string[]): void {
  if (existing.length === 0) return;
  const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '');
  throw new ImportError(
    `${existing.length} file(s) the import would write already exist: ${shown}. Nothing was written. Run with --force to overwrite them, or import into an empty folder (--out DIR).`,
    'files-exist',
  );
}

/** Writes every planned file atomically (unchanged files are left alone), reporting each one. */
export async function writeFiles(fs: FileSystem, root: string, files: PlannedFile[], onProgress?: (e: ImportProgress) => void, signal?: AbortSignal): Promise<void> {
  let done = 0;
  for (const f of files) {
    if (signal?.aborted) throw new ImportError(`import stopped after ${done} of ${files.length} files; run it again to finish (the files written so far are taken over)`, 'interrupted');
    const abs = join(root, f.path);
    const stat = fs.stat(abs);
    if (!stat || !sameContent(fs.readFile(abs), f.data)) {
      fs.mkdirp(dirname(abs));
      await fs.writeFileAtomic(abs, f.data);
    }
    onProgress?.({ phase: 'write', done: ++done, total: files.length, file: f.path });
  }
}

/** Sets the entries in the mapping file (other entries of the same pages are dropped: one file per page) and saves. */
export function saveMapping(root: string, mappingFile: string, space: string, entries: Map<string, MappingEntry>): void {
  const mapping = MappingFile.load(join(root, mappingFile), mappingFile);
  const ids = new Set([...entries.values()].map((e) => e.page_id));
  for (const [key, e] of mapping.all()) if (!entries.has(key) && e.space === space && ids.has(e.page_id)) mapping.delete(key);
  for (const [key, e] of entries) mapping.set(key, e);
  mapping.save();
}

function sameContent(a: Uint8Array, b: string | Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(typeof b === 'string' ? Buffer.from(b, 'utf8') : b);
}
