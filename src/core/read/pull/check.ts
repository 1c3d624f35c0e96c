/**
 * The editor's quiet check for edits made in Confluence (the tree's "changed in Confluence" / "deleted in
 * Confluence"): the same one-search + one-listing-pass scan as `pull` (changes.ts), read-only. It writes nothing —
 * no file, no mapping, no pull state (the search window stays the last pull's, so a check never hides a page from
 * the next pull) — and takes no lock, so it may run on a timer beside a publish.
 */
import { join } from 'node:path';
import type { ConfluenceApi } from '../../confluence/types';
import type { FileSystem } from '../../files/fileSystem';
import { nodeFileSystem } from '../../files/nodeFileSystem';
import { MappingFile } from '../../sync/mapping';
import type { WorkspaceConfig } from '../../sync/types';
import { scanRemoteChanges, type RemoteState } from './changes';
import { readPullState } from './state';

export interface RemoteCheckOptions {
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  fs?: FileSystem;
  signal?: AbortSignal;
}

export interface RemoteCheckItem {
  /** Mapping key (workspace-relative; folders end in `/`). */
  file: string;
  pageId: string;
  state: Exclude<RemoteState, 'unchanged'>;
  /** The page's version now (absent when it is gone). */
  version?: number;
  /** The version we last published or pulled. */
  localVersion?: number;
}

export interface RemoteCheck {
  /** Mapped pages edited, deleted (trashed, gone) or moved in Confluence since our last publish or pull. */
  items: RemoteCheckItem[];
  /** Pages others created under the docs tree (reported by `pull`, imported by `pull --new`); before the first pull
   * only those of the search's overlap window (the last day). */
  newPages: number;
  checkedAt: string;
}

/** Which mapped pages changed in Confluence (nothing is written). No space configured: nothing to check. */
export async function checkRemoteChanges(opts: RemoteCheckOptions): Promise<RemoteCheck> {
  const fs = opts.fs ?? nodeFileSystem;
  const spaceKey = opts.config.spaceKey;
  const checkedAt = new Date().toISOString();
  if (!spaceKey) return { items: [], newPages: 0, checkedAt };
  const mapping = MappingFile.load(join(opts.root, opts.config.mappingFile), opts.config.mappingFile, fs);
  const entries = mapping.all().filter(([, e]) => e.space === spaceKey);
  if (!entries.some(([, e]) => e.page_id && e.version !== undefined)) return { items: [], newPages: 0, checkedAt };
  const state = readPullState(fs, opts.root, spaceKey);
  // Before the first pull there is no search window: a pull then searches the whole space once, but a check on a
  // timer must not, every few minutes. Edits are found by the listing pass anyway; the search (new pages only)
  // covers the client's overlap window before now.
  const since = state.checkedAt ? new Date(state.checkedAt) : new Date(checkedAt);
  const scan = await scanRemoteChanges({ api: opts.api, spaceKey, entries, since, knownNew: state.newPages, signal: opts.signal });
  const items: RemoteCheckItem[] = [];
  for (const c of scan.changes) {
    if (c.state === 'unchanged') continue;
    items.push({ file: c.file, pageId: c.pageId, state: c.state, version: c.page?.version, localVersion: c.entry.version });
  }
  return { items, newPages: scan.newPages.length, checkedAt: scan.checkedAt.toISOString() };
}
