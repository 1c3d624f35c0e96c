/** REST API v1 a page's children, descendants, history and versions. */
import { badRequest } from '../../errors';
import { type Router, sendJson, type Ctx } from '../../http';
import { v1Page } from '../../paging';
import { type AttachmentRec, type PageRec } from '../../store';
import { expands, type V1Kit } from './shared';

export function contentTreeRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, dcOnly, page, historyJson, contentJson, attachmentJson } = k;
  r.get(
    '/content/:id/child/page',
    dcOnly((ctx) => {
      const p = page(ctx);
      const ex = expands(ctx);
      sendJson(ctx.res, 200, v1Page(ctx, s.children(p.id, uid(ctx)).map((c) => contentJson(ctx, c, ex)), svc.limits));
    }),
  );

  /** A child/descendant collection as Confluence nests it in the children maps. */
  const collection = (ctx: Ctx, path: string, items: Array<Record<string, unknown>>): Record<string, unknown> => {
    const size = items.length;
    return { results: items, start: 0, limit: Math.max(25, size), size, _links: { self: `${ctx.origin}${ctx.prefix}${path}` } };
  };
  /** `expand=page,attachment.version` → which collections, and the expansions for each collection's items. */
  const mapExpands = (ctx: Ctx): Map<string, Set<string>> => {
    const out = new Map<string, Set<string>>();
    for (const e of expands(ctx)) {
      const [top, ...rest] = e.split('.');
      if (!out.has(top)) out.set(top, new Set());
      if (rest.length) out.get(top)!.add(rest.join('.'));
    }
    return out;
  };
  const childMap = (ctx: Ctx, base: string, parts: Record<string, (ex: Set<string>) => Array<Record<string, unknown>>>): Record<string, unknown> => {
    const wanted = mapExpands(ctx);
    const out: Record<string, unknown> = {};
    const expandable: Record<string, string> = {};
    for (const [type, list] of Object.entries(parts)) {
      if (wanted.has(type)) out[type] = collection(ctx, `${base}/${type}`, list(wanted.get(type)!));
      else expandable[type] = `/rest/api${base}/${type}`;
    }
    return { ...out, _expandable: expandable, _links: { base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath, self: `${ctx.origin}${ctx.prefix}${base}` } };
  };
  const descendantPages = (ctx: Ctx, p: PageRec): PageRec[] => {
    const raw = ctx.query.get('depth') ?? 'all';
    const depth = raw === 'all' ? Infinity : raw === 'root' ? 1 : Number(raw);
    if (!(depth === Infinity || (Number.isInteger(depth) && depth >= 1 && depth <= 100))) throw badRequest(`Invalid depth: ${raw}`);
    return s.descendants(p, uid(ctx), depth).map((d) => d.page);
  };
  const attachmentsUnder = (pages: PageRec[]): AttachmentRec[] => pages.flatMap((x) => s.attachmentsOf(x.id));

  r.get(
    '/content/:id/child',
    dcOnly((ctx) => {
      const p = page(ctx);
      sendJson(
        ctx.res,
        200,
        childMap(ctx, `/content/${p.id}/child`, {
          page: (ex) => s.children(p.id, uid(ctx)).map((c) => contentJson(ctx, c, ex)),
          attachment: () => s.attachmentsOf(p.id).map((a) => attachmentJson(ctx, a)),
          comment: () => [],
        }),
      );
    }),
  );
  // Comments are not modelled: every page has none.
  r.get(
    '/content/:id/child/comment',
    dcOnly((ctx) => {
      page(ctx);
      sendJson(ctx.res, 200, v1Page(ctx, [], svc.limits));
    }),
  );
  r.get('/content/:id/descendant', (ctx) => {
    const p = page(ctx);
    const pages = descendantPages(ctx, p);
    sendJson(
      ctx.res,
      200,
      childMap(ctx, `/content/${p.id}/descendant`, {
        page: (ex) => pages.map((c) => contentJson(ctx, c, ex)),
        attachment: () => attachmentsUnder([p, ...pages]).map((a) => attachmentJson(ctx, a)),
        comment: () => [],
      }),
    );
  });
  r.get('/content/:id/descendant/:type', (ctx) => {
    const p = page(ctx);
    const ex = expands(ctx);
    const type = ctx.params.type;
    let items: Array<Record<string, unknown>>;
    if (type === 'page') items = descendantPages(ctx, p).map((c) => contentJson(ctx, c, ex));
    else if (type === 'attachment') items = attachmentsUnder([p, ...descendantPages(ctx, p)]).map((a) => attachmentJson(ctx, a));
    else if (['comment', 'whiteboard', 'database', 'embed', 'folder'].includes(type) && (ctx.deployment === 'cloud' || type === 'comment')) items = [];
    else throw badRequest(`Invalid descendant type: ${type}`);
    sendJson(ctx.res, 200, v1Page(ctx, items, svc.limits));
  });

  r.get(
    '/content/:id/history',
    dcOnly((ctx) => sendJson(ctx.res, 200, historyJson(ctx, page(ctx)))),
  );
  // No GET /content/{id}/version on Data Center's /rest/api (the 10.0.3 document has only DELETE …/version/{n});
  // versions are listed by the experimental API (experimental.ts).
}
