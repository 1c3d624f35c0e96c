/**
 * Which mapped pages changed in Confluence since we last published or pulled them, for the cost of one CQL search
 * and one listing pass, whatever the size of the docs tree:
 *
 * - The listing pass is the truth: the current version, parent and status of every mapped page, read by id from
 *   the database, not the search index (`getPageVersions`: Cloud `GET /pages?id=…`, 250 ids a request; Data Center
 *   `GET /content?ids=…&status=any`, 100 ids a request). A version above the mapped one is an edit, unless its version message says we wrote it from this
 *   file (a publish killed before it saved the mapping); a page absent or trashed is deleted; a parent other than
 *   the one we recorded is a move.
 * - The search (`lastmodified` since the last check, widened by the client's overlap window) is only a hint, used
 *   for what no mapping entry names: pages others created under the docs tree. Its index lags, so those candidates
 *   are confirmed by the listing too, and the pages found once are kept in the pull state and re-checked until
 *   they are imported (`pull --new`) or gone, so a lagging index can delay a new page by one pull, never lose it.
 */
import type { ConfluenceApi, PageSummary } from '../../confluence/types';
import type { MappingEntry } from '../../sync/mapping';
import { parseVersionMessage } from '../../sync/versionMessage';

export type RemoteState = 'changed-remotely' | 'deleted-remotely' | 'moved-remotely' | 'unchanged';

export interface RemoteChange {
  /** Mapping key (workspace-relative path). */
  file: string;
  pageId: string;
  state: RemoteState;
  entry: MappingEntry;
  /** The page now (absent when it is gone). */
  page?: PageSummary;
  /** Also moved (a `changed-remotely` page can be both). */
  moved: boolean;
  /** Why it is unchanged although its version moved on (our own version), or how it went (trashed, archived). */
  note?: string;
}

export interface NewPage {
  page: PageSummary;
  /** Mapping key of the nearest mapped ancestor (the page belongs in its folder), undefined under another new page. */
  parentFile?: string;
}

export interface ChangeScan {
  changes: RemoteChange[];
  /** Pages under the docs tree that no mapping entry claims, parents before children. */
  newPages: NewPage[];
  /** When this scan started: the next one searches from here. */
  checkedAt: Date;
  requests: { search: number; listing: number };
}

export interface ChangeScanInput {
  api: ConfluenceApi;
  spaceKey: string;
  /** Every mapping entry (claims page ids, locates parents). */
  entries: Array<[string, MappingEntry]>;
  /** The keys to check (default: every entry with a page id and a version). */
  selected?: Set<string>;
  /** Start of the search window: the last check of this clone; undefined searches the whole space once. */
  since?: Date;
  /** Unclaimed pages found by earlier scans, checked again by the listing. */
  knownNew?: string[];
  /** Only new pages under these mapped pages count (default: any mapped page). */
  newUnder?: Set<string>;
  signal?: AbortSignal;
  now?: () => Date;
}

/** One search + one listing pass: classifies every selected mapped page and finds new pages under the docs tree. */
export async function scanRemoteChanges(input: ChangeScanInput): Promise<ChangeScan> {
  const { api, signal } = input;
  const checkedAt = (input.now ?? (() => new Date()))();
  const mapped = input.entries.filter(([key, e]) => e.page_id && e.version !== undefined && (!input.selected || input.selected.has(key)));
  const claimed = new Map<string, string>();
  for (const [key, e] of input.entries) if (e.page_id) claimed.set(e.page_id, key);

  const hits = await api.findChangedSince(input.spaceKey, input.since ?? new Date(0), { signal });
  const candidates = new Set([...(input.knownNew ?? []), ...hits.filter((h) => !claimed.has(h.id)).map((h) => h.id)]);
  const listing = await listingPass(api, [...mapped.map(([, e]) => e.page_id!), ...candidates], signal);
  const requests = { search: 1, listing: 1 };

  const changes = mapped.map(([file, entry]) => classify(file, entry, listing.get(entry.page_id!)));
  const newPages = findNewPages([...candidates].map((id) => listing.get(id)).filter(isCurrent), claimed, input.newUnder);
  return { changes, newPages, checkedAt, requests };
}

/** Current version, parent and status of these pages, exactly (not from the search index). */
async function listingPass(api: ConfluenceApi, ids: string[], signal?: AbortSignal): Promise<Map<string, PageSummary>> {
  if (ids.length === 0) return new Map();
  return new Map((await api.getPageVersions([...new Set(ids)], { signal })).map((p) => [p.id, p]));
}

function isCurrent(p: PageSummary | undefined): p is PageSummary {
  return p !== undefined && p.status === 'current';
}

function classify(file: string, entry: MappingEntry, page: PageSummary | undefined): RemoteChange {
  const base = { file, pageId: entry.page_id!, entry, page, moved: false };
  if (!page) return { ...base, state: 'deleted-remotely', note: 'the page is gone (deleted and purged, or your account cannot see it)' };
  if (page.status !== 'current') return { ...base, state: 'deleted-remotely', note: `the page is ${page.status === 'trashed' ? 'in the trash' : page.status}` };
  const moved = entry.parent_id !== undefined && page.parentId !== entry.parent_id;
  if (page.version > entry.version!) {
    const ours = parseVersionMessage(page.versionMessage);
    if (ours?.source === file) {
      return { ...base, moved, state: moved ? 'moved-remotely' : 'unchanged', note: `version ${page.version} was published by this tool from ${file} (the next sync records it)` };
    }
    return { ...base, moved, state: 'changed-remotely' };
  }
  return { ...base, moved, state: moved ? 'moved-remotely' : 'unchanged' };
}

/** Unclaimed current pages whose parent chain reaches a mapped page (the docs tree), parents before children. */
function findNewPages(pages: PageSummary[], claimed: Map<string, string>, under: Set<string> | undefined): NewPage[] {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const anchor = new Map<string, string | null>(); // page id -> mapped ancestor key (null: not under the docs tree)
  const anchorOf = (p: PageSummary, depth = 0): string | null => {
    if (anchor.has(p.id)) return anchor.get(p.id)!;
    let a: string | null = null;
    if (p.parentId && claimed.has(p.parentId)) a = claimed.get(p.parentId)!;
    else if (p.parentId && byId.has(p.parentId) && depth < 100) a = anchorOf(byId.get(p.parentId)!, depth + 1);
    anchor.set(p.id, a);
    return a;
  };
  const out: NewPage[] = [];
  const depthOf = (p: PageSummary): number => (p.parentId && byId.has(p.parentId) ? 1 + depthOf(byId.get(p.parentId)!) : 0);
  for (const p of [...pages].sort((a, b) => depthOf(a) - depthOf(b))) {
    const a = anchorOf(p);
    if (a === null || (under && !under.has(a))) continue;
    out.push({ page: p, parentFile: p.parentId && claimed.has(p.parentId) ? claimed.get(p.parentId) : undefined });
  }
  return out;
}
