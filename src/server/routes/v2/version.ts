/** REST API v2 page versions. */
import { notFound } from '../../errors';
import { type Router, sendJson } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import { versionJson } from './json';
import { uid } from './shared';

export function versionRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  // ----- versions -----
  r.get('/pages/:id/versions', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const sort = ctx.query.get('sort') ?? '-modified-date';
    const list = p.versions.slice();
    if (sort.startsWith('-')) list.reverse();
    const format = ctx.query.get('body-format');
    sendV2Page(
      ctx,
      list.map((v) => ({
        ...versionJson(v),
        page: { id: p.id, title: v.title, ...(format === 'storage' ? { body: { storage: { representation: 'storage', value: v.body } } } : {}) },
      })),
      svc.limits,
    );
  });
  r.get('/pages/:id/versions/:n', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const v = p.versions.find((x) => x.number === Number(ctx.params.n));
    if (!v) throw notFound(`Version ${ctx.params.n} of page ${p.id} not found`);
    sendJson(ctx.res, 200, {
      ...versionJson(v),
      contentTypeModified: false,
      collaborators: [],
      prevVersion: v.number > 1 ? v.number - 1 : undefined,
      nextVersion: v.number < p.versions.length ? v.number + 1 : undefined,
    });
  });
}
