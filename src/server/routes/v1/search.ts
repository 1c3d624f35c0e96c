/** REST API v1 CQL search: /search (search results) and /content/search (content). */
import { badRequest } from '../../errors';
import { type Router, sendJson } from '../../http';
import { v1Page } from '../../paging';
import { parseCql, runCql, type CqlRunOptions } from '../../cql';
import type { Services } from '../../services';
import { pageWebui } from '../../services';
import { expands, type V1Kit } from './shared';

export function searchRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, contentJson } = k;
  // ----- CQL search -----
  r.get('/search', (ctx) => {
    const cql = ctx.query.get('cql');
    if (!cql) throw badRequest('cql is required');
    const started = Date.now();
    const found = runCql(s, parseCql(cql), cql, uid(ctx), cqlOptions(svc));
    const ex = expands(ctx);
    const contentEx = new Set([...ex].filter((e) => e.startsWith('content.')).map((e) => e.slice(8)));
    const result = (p: (typeof found)[number]) => ({
      content: contentJson(ctx, p, contentEx),
      title: p.title,
      excerpt: s.current(p).body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200),
      url: pageWebui(s.spaceById(p.spaceId), p),
      resultGlobalContainer: { title: s.spaceById(p.spaceId)?.name ?? '', displayUrl: `/spaces/${s.spaceById(p.spaceId)?.key}` },
      breadcrumbs: [],
      entityType: 'content',
      iconCssClass: 'aui-icon content-type-page',
      lastModified: s.current(p).createdAt,
      friendlyLastModified: s.current(p).createdAt.slice(0, 10),
      score: 0,
    });
    // only the results of this page are built (the excerpt reads each page's body)
    const out = v1Page(ctx, found, svc.limits, {
      max: 100,
      cursor: ctx.deployment === 'cloud',
      map: result,
      extra: { totalSize: found.length, cqlQuery: cql, searchDuration: Date.now() - started },
    });
    sendJson(ctx.res, 200, out);
  });
  r.get('/content/search', (ctx) => {
    const cql = ctx.query.get('cql');
    if (!cql) throw badRequest('cql is required');
    const found = runCql(s, parseCql(cql), cql, uid(ctx), cqlOptions(svc));
    const ex = expands(ctx);
    // Cloud pages CQL content search with a cursor in _links.next (like /search); Data Center with start.
    sendJson(ctx.res, 200, v1Page(ctx, found, svc.limits, { max: 100, cursor: ctx.deployment === 'cloud', map: (p) => contentJson(ctx, p, ex) }));
  });
}

/** The user's time zone and the index's view of time (search index lag). */
function cqlOptions(svc: Services): CqlRunOptions {
  const lag = svc.settings.searchIndexLagMs;
  return { timeZone: svc.settings.timeZone, indexedAt: lag > 0 ? Date.now() - lag : undefined };
}
