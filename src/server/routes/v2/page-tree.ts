/** REST API v2 a page's children, ancestors and descendants. */
import { type Router, intParam, sendJson, type Ctx } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import { childJson } from './json';
import { uid } from './shared';

export function pageTreeRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  const children = (ctx: Ctx): void => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const kids = s.children(p.id, uid(ctx));
    sendV2Page(ctx, kids.map((c) => childJson(c)), svc.limits);
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

  r.get('/pages/:id/descendants', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const depth = intParam(ctx.query, 'depth', 2, 1, 10);
    const list = s.descendants(p, uid(ctx), depth).map(({ page, depth: d }) => ({
      ...childJson(page),
      parentId: page.parentId,
      depth: d,
    }));
    sendV2Page(ctx, list, svc.limits);
  });
}
