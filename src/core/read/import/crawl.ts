import type { ConfluenceApi, Page, PageSummary, Space } from '../../confluence/types';
import { DEFAULT_ROOT_PAGE_TITLE } from '../../sync/config';
import type { WorkspaceConfig } from '../../sync/types';
import { mapLimit } from './pool';
import { ImportError, type FetchedPage, type ImportProgress, type ImportReport } from './types';

export interface CrawlResult {
  space: Space;
  rootId: string;
  /** Every page read, root first, parents before children. */
  pages: Map<string, FetchedPage>;
  skipped: ImportReport['skipped'];
}

/**
 * The page the import starts from: `--root` (an id, or a title in the space), else the configured root page
 * (`rootPageTitle`), else — when that is the default title and no such page exists — the space homepage.
 */
export async function resolveRoot(api: ConfluenceApi, space: Space, config: WorkspaceConfig, rootRef: string | undefined, signal?: AbortSignal): Promise<Page> {
  if (rootRef !== undefined) {
    const ref = rootRef.trim();
    const page = /^\d+$/.test(ref) ? await api.getPage(ref, { signal }) : await api.findPageByTitle(space.id, ref, { signal });
    if (!page) throw new ImportError(`--root ${ref}: no such page in space ${space.key} (give a page id, or the exact title of a page of the space)`);
    if (page.spaceId && page.spaceId !== space.id) throw new ImportError(`--root ${ref}: page ${page.id} is in another space, not ${space.key}; pass --space with its space key`);
    return page;
  }
  const configured = await api.findPageByTitle(space.id, config.rootPageTitle, { signal });
  if (configured) return configured;
  if (config.rootPageTitle !== DEFAULT_ROOT_PAGE_TITLE) {
    throw new ImportError(`.confluence.yml: rootPageTitle "${config.rootPageTitle}" is not a page of space ${space.key}; fix the setting, or pass --root TITLE|ID`);
  }
  const home = space.homepageId ? await api.getPage(space.homepageId, { signal }) : undefined;
  if (!home) throw new ImportError(`space ${space.key} has no homepage; pass --root TITLE|ID to import from a page`);
  return home;
}

/**
 * Lists the tree under the root (paginated by the client) and reads every page's body, labels and attachment list,
 * `concurrency` pages at a time (the client's limiter and retries apply to every request). From the homepage the
 * bodies come with the space's listing (a subtree of a large space would list far more than it needs).
 */
export async function crawl(
  api: ConfluenceApi,
  space: Space,
  root: Page,
  opts: { concurrency: number; signal?: AbortSignal; onProgress?: (e: ImportProgress) => void },
): Promise<CrawlResult> {
  const { signal } = opts;
  opts.onProgress?.({ phase: 'list', done: 0, total: 1, title: root.title });
  // the whole space (from its homepage): one paginated listing with bodies (250 a request) instead of one read per page
  const withBodies = root.id === space.homepageId ? api.listPages(space.id, { signal, body: true }) : undefined;
  withBodies?.catch(() => undefined);
  const listed = await api.listDescendants(root.id, { signal });
  const bodies = new Map((withBodies ? await withBodies : []).filter((p) => p.body !== undefined).map((p) => [p.id, p]));
  const summaries: PageSummary[] = [root, ...listed.filter((p) => p.status === undefined || p.status === 'current')];
  opts.onProgress?.({ phase: 'list', done: 1, total: 1, title: root.title });
  let done = 0;
  const fetched = await mapLimit(
    summaries,
    opts.concurrency,
    async (s): Promise<FetchedPage | undefined> => {
      const [page, labels, attachments] = await Promise.all([
        bodies.get(s.id) ?? api.getPage(s.id, { signal, body: true }),
        api.getLabels(s.id, { signal }),
        api.listAttachments(s.id, { signal }),
      ]);
      opts.onProgress?.({ phase: 'fetch', done: ++done, total: summaries.length, title: s.title });
      if (!page) return undefined;
      return { page: { ...page, parentId: page.parentId ?? s.parentId }, labels: [...labels].sort(), attachments, children: [] };
    },
    signal,
  );
  const pages = new Map<string, FetchedPage>();
  const skipped: ImportReport['skipped'] = [];
  summaries.forEach((s, i) => {
    const f = fetched[i];
    if (!f) {
      skipped.push({ pageId: s.id, title: s.title, reason: 'deleted in Confluence while the import ran' });
      return;
    }
    // a page whose parent was not read (deleted meanwhile) has nowhere to go
    if (s.id !== root.id && !pages.has(f.page.parentId ?? '')) {
      skipped.push({ pageId: s.id, title: s.title, reason: 'its parent page was not imported' });
      return;
    }
    pages.set(s.id, f);
    if (s.id !== root.id) pages.get(f.page.parentId!)!.children.push(s.id);
  });
  return { space, rootId: root.id, pages, skipped };
}
