/** REST API v2 a page's children, ancestors and descendants. */
import { type Router, intParam, sendJson, type Ctx } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import { childJson } from './json';
import type { PageRec } from '../../store';
import { sortBy, uid } from './shared';

export function pageTreeRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  // Default order is the tree's (childPosition); `sort` as getPageDirectChildren documents it.
  const children = (ctx: Ctx): void => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const kids = s.children(p.id, uid(ctx));
    const sort = ctx.query.get('sort');
    if (sort) {
      kids.sort(
        sortBy<PageRec>(sort, {
          'child-position': (c) => c.position,
          id: (c) => Number(c.id),
          title: (c) => c.title,
          'created-date': (c) => c.createdAt,
          'modified-date': (c) => s.current(c).createdAt,
        }),
      );
    }
    sendV2Page(ctx, kids, svc.limits, { map: (c) => childJson(c) });
  };
  r.get('/pages/:id/direct-children', children);
  r.get('/pages/:id/children', children);

  r.get('/pages/:id/ancestors', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const limit = intParam(ctx.query, 'limit', 25, 1, 250);
    // Top-to-bottom, the `limit` closest to the page; no cursor (call again with the first ancestor).
    const all = s.ancestors(p);
    const list = all.slice(Math.max(0, all.length - limit));
    sendJson(ctx.res, 200, { results: list.map((a) => ({ id: a.id, type: 'page' })), _links: { base: `${ctx.origin}${ctx.sitePath}` } });
  });

  // Top-to-bottom (every depth-1 item before any depth-2 one), siblings by childPosition; `depth` default 2, at most
  // 10; minimal items (no version, no spaceId), as getPageDescendants documents them.
  r.get('/pages/:id/descendants', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const depth = intParam(ctx.query, 'depth', 2, 1, 10);
    const list: Array<Record<string, unknown>> = [];
    let level: PageRec[] = [p];
    for (let d = 1; d <= depth && level.length; d++) {
      const next = level.flatMap((x) => s.children(x.id, uid(ctx)));
      for (const c of next) list.push({ id: c.id, status: c.status, title: c.title, type: 'page', parentId: c.parentId, depth: d, childPosition: c.position });
      level = next;
    }
    sendV2Page(ctx, list, svc.limits);
  });
}
