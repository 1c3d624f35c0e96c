/** REST API v2 spaces: list, one space, a space's pages. */
import { badRequest, notFound } from '../../errors';
import { type Router, listParam, sendJson } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import { pageJson, spaceJson } from './json';
import { bodyFormat, filterPages, sortBy } from './shared';

export function spaceRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  // ----- spaces -----
  r.get('/spaces', (ctx) => {
    const ids = listParam(ctx.query, 'ids');
    const keys = listParam(ctx.query, 'keys');
    const status = listParam(ctx.query, 'status');
    const type = listParam(ctx.query, 'type');
    let spaces = s.data.spaces.slice();
    if (ids) spaces = spaces.filter((x) => ids.includes(x.id));
    if (keys) spaces = spaces.filter((x) => keys.includes(x.key));
    if (status) spaces = spaces.filter((x) => status.includes(x.status));
    if (type) spaces = spaces.filter((x) => type.includes(x.type));
    spaces.sort(sortBy(ctx.query.get('sort') ?? 'id', { id: (x) => Number(x.id), key: (x) => x.key, name: (x) => x.name }));
    sendV2Page(ctx, spaces.map((x) => spaceJson(x, ctx)), svc.limits);
  });
  r.get('/spaces/:id', (ctx) => {
    const sp = s.spaceById(ctx.params.id);
    if (!sp) throw notFound(`Space ${ctx.params.id} not found`);
    sendJson(ctx.res, 200, spaceJson(sp, ctx));
  });
  r.get('/spaces/:id/pages', (ctx) => {
    const sp = s.spaceById(ctx.params.id);
    if (!sp) throw notFound(`Space ${ctx.params.id} not found`);
    const depth = ctx.query.get('depth') ?? 'all';
    if (depth !== 'all' && depth !== 'root') throw badRequest(`Invalid depth: ${depth}`, 'INVALID_REQUEST_PARAMETER');
    let pages = filterPages(s, ctx, s.pagesInSpace(sp.id));
    if (depth === 'root') pages = pages.filter((p) => p.parentId === null);
    const format = bodyFormat(ctx, false);
    sendV2Page(ctx, pages, svc.limits, { map: (p) => pageJson(svc, p, ctx, format) });
  });
}
