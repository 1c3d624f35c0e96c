import { join } from 'node:path';
import type { ConfluenceApi, Page } from '../confluence/types';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { MappingFile, MappingFileError, type MappingEntry } from './mapping';
import { PlanError } from './planner';
import { ProvenanceLookup } from './provenance';
import { acquireRunLock, runLockPath } from './runLock';
import type { WorkspaceConfig } from './types';

export interface RebuildResult {
  /** Absolute path written. */
  path: string;
  /** Entries recovered: from our version messages, the manifest on the root page, or the old per-page property. */
  recovered: number;
  /** Pages looked at (the root page and everything below it). */
  scanned: number;
  /** Entries of the old file kept because no page claimed them. */
  kept: number;
  /** The previous file, when it was replaced (copied to `<file>.bak`). */
  backup?: string;
}

export interface RebuildOptions {
  signal?: AbortSignal;
  dryRun?: boolean;
  fs?: FileSystem;
}

/**
 * Rebuilds the mapping file from Confluence: every page under the root page that we published becomes an entry —
 * known by our version message on its current version (no request), else the manifest on the root page (read once),
 * else the `docs-to-confluence` property older versions wrote on every page (one read per page left). Entries of a readable old file that no page claims are kept; a corrupt old
 * file is copied to `<file>.bak` first. `fs`: where the mapping file is read and written (default: the disk).
 */
export async function rebuildMapping(
  api: ConfluenceApi,
  root: string,
  config: WorkspaceConfig,
  opts: RebuildOptions = {},
): Promise<RebuildResult> {
  const fs = opts.fs ?? nodeFileSystem;
  if (!config.spaceKey) throw new PlanError('No Confluence space given: set `space: KEY` in .confluence.yml, or pass --space KEY (or CONFLUENCE_SPACE).');
  const path = join(root, config.mappingFile);
  // Not while a publish runs: it would overwrite the entries that publish records (and the other way round).
  const lock = opts.dryRun ? undefined : await acquireRunLock(runLockPath(path), { fs, displayPath: `${config.mappingFile}.lock`, signal: opts.signal, tool: 'mapping rebuild' });
  try {
    return await rebuild(api, path, { ...config, spaceKey: config.spaceKey }, { ...opts, fs });
  } finally {
    lock?.release();
  }
}

async function rebuild(api: ConfluenceApi, path: string, config: WorkspaceConfig & { spaceKey: string }, opts: RebuildOptions & { fs: FileSystem }): Promise<RebuildResult> {
  const { fs } = opts;
  let old: MappingFile | undefined;
  let backup: string | undefined;
  try {
    old = MappingFile.load(path, config.mappingFile, fs);
  } catch (err) {
    if (!(err instanceof MappingFileError)) throw err;
  }
  const space = await api.getSpace(config.spaceKey, { signal: opts.signal });
  const pages = await api.listPages(space.id, { signal: opts.signal });
  const rootPage = pages.find((p) => p.title.trim() === config.rootPageTitle);
  const candidates = rootPage ? descendants(pages, rootPage.id, rootPage) : pages;
  const fresh = MappingFile.empty(path, config.mappingFile, fs);
  // The manifest lives on the workspace's root page.
  const provenance = new ProvenanceLookup(api, rootPage?.id, opts.signal);
  const found = await Promise.all(
    candidates.map(async (p) => {
      const known = await provenance.of(p).catch(() => undefined);
      return { page: p, source: known?.source, hash: known?.hash, version: known?.version };
    }),
  );
  let recovered = 0;
  const claimedIds = new Set<string>();
  for (const f of found) {
    if (!f.source) continue;
    const entry: MappingEntry = { ...(old?.get(f.source) ?? {}), space: space.key, title: f.page.title, page_id: f.page.id, version: f.version ?? f.page.version, hash: f.hash, parent_id: f.page.parentId };
    fresh.set(f.source, entry);
    claimedIds.add(f.page.id);
    recovered++;
  }
  let kept = 0;
  for (const [key, e] of old?.all() ?? []) {
    if (fresh.has(key) || (e.page_id && claimedIds.has(e.page_id))) continue;
    fresh.set(key, e);
    kept++;
  }
  if (!opts.dryRun) {
    if (fs.exists(path)) {
      backup = `${path}.bak`;
      fs.copyFile(path, backup);
    }
    fresh.save();
  }
  return { path, recovered, scanned: candidates.length, kept, backup };
}

function descendants(pages: Page[], rootId: string, rootPage: Page): Page[] {
  const children = new Map<string, Page[]>();
  for (const p of pages) if (p.parentId) (children.get(p.parentId) ?? children.set(p.parentId, []).get(p.parentId)!).push(p);
  const out: Page[] = [rootPage];
  const stack = [rootId];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c.id);
    }
  }
  return out;
}
