/** REST API v1 spaces (Data Center; removed on Cloud): list, one space, a space's content by type. */
import { badRequest, notFound } from '../../errors';
import { type Router, listParam, sendJson, type Ctx } from '../../http';
import { v1Page } from '../../paging';
import { type PageRec } from '../../store';
import { expands, type V1Kit } from './shared';

export function spaceRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, dcOnly, spaceJson, contentJson } = k;
  r.get(
    '/space',
    dcOnly((ctx) => {
      const keys = listParam(ctx.query, 'spaceKey');
      const spaces = s.data.spaces.filter((x) => !keys || keys.includes(x.key));
      sendJson(ctx.res, 200, v1Page(ctx, spaces.map((x) => spaceJson(ctx, x)), svc.limits, { max: 500 }));
    }),
  );
  r.get(
    '/space/:key',
    dcOnly((ctx) => {
      const sp = s.spaceByKey(ctx.params.key);
      if (!sp) throw notFound(`No space with key : ${ctx.params.key}`);
      const out = spaceJson(ctx, sp);
      if (expands(ctx).has('homepage')) out.homepage = contentJson(ctx, s.page(sp.homepageId)!, new Set());
      sendJson(ctx.res, 200, out);
    }),
  );

  // Data Center: a space's content by type (`depth=all|root`).
  const spaceContent = (ctx: Ctx): PageRec[] => {
    const sp = s.spaceByKey(ctx.params.key);
    if (!sp) throw notFound(`No space with key : ${ctx.params.key}`);
    const depth = ctx.query.get('depth') ?? 'all';
    if (depth !== 'all' && depth !== 'root') throw badRequest(`Invalid depth: ${depth}. Expected all or root`);
    return s
      .pagesInSpace(sp.id)
      .filter((p) => p.status === 'current' && s.canView(p, uid(ctx)) && (depth === 'all' || p.parentId === null))
      .sort((a, b) => Number(a.id) - Number(b.id));
  };
  r.get(
    '/space/:key/content',
    dcOnly((ctx) => {
      const pages = spaceContent(ctx);
      const ex = expands(ctx);
      const base = `/space/${encodeURIComponent(ctx.params.key)}/content`;
      const list = <T,>(type: string, items: T[], map?: (item: T) => Record<string, unknown>): Record<string, unknown> => {
        const pg = v1Page(ctx, items, svc.limits, { map });
        return { ...pg, _links: { self: `${ctx.origin}${ctx.prefix}${base}/${type}` } };
      };
      sendJson(ctx.res, 200, {
        page: list('page', pages, (p) => contentJson(ctx, p, ex)),
        blogpost: list('blogpost', []),
        _links: { base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath },
      });
    }),
  );
  r.get(
    '/space/:key/content/:type',
    dcOnly((ctx) => {
      const pages = spaceContent(ctx);
      const ex = expands(ctx);
      if (ctx.params.type === 'blogpost') return sendJson(ctx.res, 200, v1Page(ctx, [], svc.limits));
      if (ctx.params.type !== 'page') throw badRequest(`Invalid content type: ${ctx.params.type}. Expected page or blogpost`);
      sendJson(ctx.res, 200, v1Page(ctx, pages, svc.limits, { map: (p) => contentJson(ctx, p, ex) }));
    }),
  );
}
