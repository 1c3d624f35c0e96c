import type { ConfluenceApi } from '../../confluence/types';
import type { FileSystem } from '../../files/fileSystem';
import type { Logger } from '../../logging';
import type { RunLockOptions } from '../../sync/runLock';
import type { Scan } from '../../sync/screen';
import type { WorkspaceConfig } from '../../sync/types';
import type { BaseSource } from './base';
import type { RemoteState } from './changes';
import type { MergeConflict } from './merge';

export interface PullOptions {
  /** Workspace root (absolute). */
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  /** Where files are read and written (default: the disk). */
  fs?: FileSystem;
  logger?: Logger;
  /** Files or folders (absolute or workspace-relative) to pull; default: every mapped document. */
  paths?: string[];
  /** Remove files of pages deleted in Confluence, move files of pages moved there (default: only report). */
  applyDeletes?: boolean;
  /** Import pages others created under the docs tree (default: only report). */
  importNew?: boolean;
  /** Read and merge, write nothing (no file, no mapping, no state). */
  dryRun?: boolean;
  /** Secret scanner the written files are screened with (a page with a likely secret is not written). */
  scanSecrets?: Scan;
  runLock?: Omit<RunLockOptions, 'fs' | 'logger' | 'displayPath' | 'signal'>;
  /** Cuts requests off. */
  signal?: AbortSignal;
  /** Stops before the next file is written (files written so far are recorded). */
  stop?: AbortSignal;
  now?: () => Date;
}

/**
 * What happened to a file: `updated` (the page's edit written into an unchanged file), `merged` (both sides edited,
 * merged cleanly), `conflict` (markers left in the file), `unchanged`, `reported` (deleted/moved/new, left alone
 * without --apply-deletes/--new), `removed`, `moved`, `imported`, `error`, and in a dry run `would-*`.
 */
export type PullAction =
  | 'updated' | 'merged' | 'conflict' | 'unchanged' | 'reported' | 'removed' | 'moved' | 'imported' | 'error'
  | 'would-update' | 'would-merge' | 'would-conflict';

export interface PullItem {
  /** Workspace-relative path (for a new page: where it would go, or its title when unknown). */
  file: string;
  state: RemoteState | 'new-remotely';
  action: PullAction;
  pageId: string;
  title: string;
  /** The page's version now. */
  version?: number;
  /** The version we last published or pulled. */
  localVersion?: number;
  conflicts?: MergeConflict[];
  baseSource?: BaseSource;
  message?: string;
}

export interface PullReport {
  items: PullItem[];
  summary: Record<string, number>;
  /** Requests of the change check (not of reading changed pages). */
  requests: { search: number; listing: number };
  checkedAt: string;
  dryRun: boolean;
}
