/**
 * `confluence pull`: brings edits made in Confluence into the working files, with a three-way merge.
 *
 * 1. One change check (changes.ts): one search + one listing pass, whatever the size of the tree.
 * 2. Each page edited there (prepare.ts): base, theirs and ours (base.ts), merged line by line (merge.ts).
 * 3. Under the run lock (one publish or pull at a time per mapping file), files written atomically, each followed
 *    by its merge base and its mapping entry (apply.ts). Deleted and moved pages are reported, or with
 *    `applyDeletes` removed/moved; new pages under the docs tree are reported.
 */
import { join } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';
import { nodeFileSystem } from '../../files/nodeFileSystem';
import { nullLogger } from '../../logging';
import { MappingFile } from '../../sync/mapping';
import { PlanError } from '../../sync/planner/state';
import { acquireRunLock, runLockPath, type RunLock } from '../../sync/runLock';
import { toWorkspacePath } from '../../sync/local';
import { moveMoved, removeDeleted, writePulled } from './apply';
import { scanRemoteChanges, type RemoteChange } from './changes';
import { PullContext } from './context';
import { importNewPages } from './importNew';
import { hashesOf, itemOf, prepareChanged } from './prepare';
import { readPullState, writePullState } from './state';
import type { PullItem, PullOptions, PullReport } from './types';

export type { PullAction, PullItem, PullOptions, PullReport } from './types';

export async function pullFromConfluence(opts: PullOptions): Promise<PullReport> {
  const { root, config, api } = opts;
  const fs: FileSystem = opts.fs ?? nodeFileSystem;
  const logger = opts.logger ?? nullLogger;
  const spaceKey = config.spaceKey;
  if (!spaceKey) throw new PlanError('No Confluence space given: set `space: KEY` in .confluence.yml, or pass --space KEY (or CONFLUENCE_SPACE).');
  const mappingPath = join(root, config.mappingFile);
  let lock: RunLock | undefined;
  try {
    // Pull writes files and the mapping: one publish or pull at a time per mapping file.
    if (!opts.dryRun) lock = await acquireRunLock(runLockPath(mappingPath), { ...opts.runLock, fs, displayPath: `${config.mappingFile}.lock`, logger, signal: opts.signal });
    const mapping = MappingFile.load(mappingPath, config.mappingFile, fs);
    const entries = mapping.all().filter(([, e]) => e.space === spaceKey);
    const selected = selectedKeys(root, entries.map(([k]) => k), opts.paths);
    const state = readPullState(fs, root, spaceKey);
    const scan = await scanRemoteChanges({
      api, spaceKey, entries, selected, since: state.checkedAt ? new Date(state.checkedAt) : undefined, knownNew: state.newPages,
      newUnder: opts.paths?.length ? selected : undefined, signal: opts.signal, now: opts.now,
    });
    const ctx = new PullContext(root, config, spaceKey, api, fs, logger, entries, opts.scanSecrets, opts.signal);
    const items: PullItem[] = [];
    const { writes, failed } = await prepareChanged(ctx, scan.changes.filter((c) => c.state === 'changed-remotely'));
    items.push(...failed);
    if (opts.dryRun) {
      for (const w of writes) w.item.action = w.item.action === 'conflict' ? 'would-conflict' : w.item.action === 'updated' ? 'would-update' : 'would-merge';
    } else {
      const stopped = () => Boolean(opts.stop?.aborted || opts.signal?.aborted);
      await writePulled(ctx, mapping, writes, stopped);
    }
    items.push(...writes.map((w) => w.item));
    items.push(...(await deletedAndMoved(ctx, mapping, scan.changes, Boolean(opts.applyDeletes && !opts.dryRun))));
    for (const c of scan.changes) if (c.state === 'unchanged') items.push(itemOf(c));
    const newItems = await importNewPages(ctx, mapping, scan.newPages, Boolean(opts.importNew && !opts.dryRun));
    items.push(...newItems);
    if (!opts.dryRun) {
      const stillNew = newItems.filter((i) => i.action !== 'imported').map((i) => i.pageId);
      await writePullState(fs, root, spaceKey, { checkedAt: scan.checkedAt.toISOString(), newPages: stillNew });
    }
    const summary: Record<string, number> = {};
    for (const i of items) summary[i.action] = (summary[i.action] ?? 0) + 1;
    return { items, summary, requests: scan.requests, checkedAt: scan.checkedAt.toISOString(), dryRun: Boolean(opts.dryRun) };
  } finally {
    lock?.release();
  }
}

/** Deleted and moved pages: reported, or with `apply` removed (unchanged files only) and moved. */
async function deletedAndMoved(ctx: PullContext, mapping: MappingFile, changes: RemoteChange[], apply: boolean): Promise<PullItem[]> {
  const items: PullItem[] = [];
  const deleted = changes.filter((c) => c.state === 'deleted-remotely');
  const unchangedLocally = new Set<string>();
  if (apply && deleted.length) {
    const files = deleted.filter((c) => !c.file.endsWith('/') && ctx.fs.exists(ctx.abs(c.file)));
    const { entries } = await hashesOf(ctx, ctx.fs, files.map((c) => ({ file: c.file, page: { id: c.pageId, title: c.entry.title, version: c.entry.version!, parentId: c.entry.parent_id } })));
    for (const c of files) if (entries.get(c.file)?.hash === c.entry.hash) unchangedLocally.add(c.file);
  }
  for (const c of deleted) items.push(removeDeleted(ctx, mapping, c, unchangedLocally.has(c.file), apply));
  const keyOfPage = new Map(mapping.all().filter(([, e]) => e.page_id).map(([k, e]) => [e.page_id!, k]));
  for (const c of changes) {
    if (!c.moved || c.state === 'deleted-remotely') continue;
    const item = await moveMoved(ctx, mapping, c, c.page?.parentId ? keyOfPage.get(c.page.parentId) : undefined, apply);
    if (c.state === 'changed-remotely') item.message = `${item.message} (its edit is pulled above)`;
    items.push(item);
  }
  return items;
}

/** The mapping keys the paths select (files, or everything under a folder); undefined: all. */
function selectedKeys(root: string, keys: string[], paths: string[] | undefined): Set<string> | undefined {
  if (!paths?.length) return undefined;
  const wanted = paths.map((p) => toWorkspacePath(root, p)).map((p) => (p === '.' ? '' : p));
  const selected = new Set(keys.filter((k) => wanted.some((w) => w === '' || k === w || k === `${w}/` || k.startsWith(`${w}/`))));
  if (selected.size === 0) throw new PlanError(`None of ${paths.join(', ')} is a mapped document (check the path; only published files can be pulled).`);
  return selected;
}
