import type { Attachment, ConfluenceApi, Page } from '../../confluence/types';
import type { FileSystem } from '../../files/fileSystem';
import type { Logger } from '../../logging';
import type { Scan } from '../../sync/screen';
import type { WorkspaceConfig } from '../../sync/types';
import type { RecordProblem } from '../recordMapping';

export interface ImportOptions {
  /** Workspace root (absolute): `.confluence.yml` is read from and written to it. */
  root: string;
  /** The workspace config with `docsRoot` set to the folder to import into and `spaceKey` to the space. */
  config: WorkspaceConfig;
  api: ConfluenceApi;
  fs: FileSystem;
  /** `--root`: a page id or title; default the configured root page, else the space homepage. */
  rootRef?: string;
  dryRun?: boolean;
  /** Overwrite files that already exist. */
  force?: boolean;
  /** Write likely secrets as they are (default: replaced by a placeholder, and listed). */
  keepSecrets?: boolean;
  /** Pages read at once (the client's limiter and retries apply below it). Default: the config's concurrency. */
  concurrency?: number;
  /** The secret scanner; default the bundled one with `.confluence-secrets-ignore`. */
  scanSecrets?: Scan;
  onProgress?: (e: ImportProgress) => void;
  /** Stops the import: nothing more is fetched or written; what was written is resumed by the next run. */
  signal?: AbortSignal;
  logger?: Logger;
  /** Who holds the run lock while files and the mapping are written (e.g. "confluence CLI"). */
  tool?: string;
}

export interface ImportProgress {
  phase: 'list' | 'fetch' | 'write';
  done: number;
  total: number;
  /** The page (fetch) or file (write) just finished. */
  title?: string;
  file?: string;
}

/** A page read from Confluence with what its file needs. */
export interface FetchedPage {
  page: Page;
  labels: string[];
  attachments: Attachment[];
  /** Child page ids in Confluence's order. */
  children: string[];
}

export interface ImportedPage {
  pageId: string;
  title: string;
  file: string;
  version: number;
}

export interface ImportedAttachment {
  pageId: string;
  name: string;
  /** Where the bytes are (a file another page already holds when the same name and bytes were seen before). */
  file: string;
  bytes: number;
  /** The bytes were already written for another page: this page links to that file. */
  shared?: boolean;
}

export interface ImportReport {
  space: string;
  root: { id: string; title: string };
  docsRoot: string;
  mappingFile: string;
  dryRun: boolean;
  pages: ImportedPage[];
  /** Every file written (or, in a dry run, that would be), workspace-relative. */
  files: string[];
  attachments: ImportedAttachment[];
  /** Elements a page had that Markdown cannot express (kept as a fallback block, or lost: see the converter). */
  unconverted: Array<{ pageId: string; title: string; file: string; element: string; detail?: string }>;
  /** Likely secrets found; `replaced` unless --keep-secrets. Never the value: a masked preview. */
  secrets: Array<{ file: string; line: number; rule: string; preview: string; replaced: boolean }>;
  /** Pages and attachments left out, and why. */
  skipped: Array<{ pageId?: string; title: string; attachment?: string; reason: string }>;
  /** Files written whose mapping entry could not be recorded (sync would not see them as unchanged), and why. */
  mappingProblems: RecordProblem[];
  /** `.confluence.yml` was written (it did not exist). */
  configWritten: boolean;
  /** Files of an interrupted import of the same tree found and taken over. */
  resumed: boolean;
  /** Files that exist with other content: a run without --force refuses them (a dry run only lists them). */
  existing: string[];
}

/** An import that cannot start or go on: says what to do. Nothing was written when it is thrown before writing. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly code: 'root-not-found' | 'files-exist' | 'config-differs' | 'not-a-folder' | 'interrupted' = 'root-not-found',
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
