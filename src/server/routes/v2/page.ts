/** REST API v2 pages: list, create, read, update, retitle, delete. */
import { badRequest, notFound } from '../../errors';
import { type Router, listParam, sendJson } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import type { PageRec, PageStatus, VersionRec } from '../../store';
import { childJson, inlineList, labelJson, pageJson, propertyJson, versionJson } from './json';
import { bodyFormat, filterPages, objectBody, uid, writeBody } from './shared';

export function pageRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  let listingMemo: { query: string; pages: PageRec[] } | undefined;
  // ----- pages -----
  r.get('/pages', (ctx) => {
    const ids = listParam(ctx.query, 'id');
    const spaceIds = listParam(ctx.query, 'space-id');
    // getPages: `id` is an int64 array of at most 250, `space-id` at most 100.
    for (const [name, list, max] of [['id', ids, 250], ['space-id', spaceIds, 100]] as const) {
      if (!list) continue;
      if (list.length > max) throw badRequest(`Too many values for '${name}': ${list.length} (at most ${max})`, 'INVALID_REQUEST_PARAMETER');
      const bad = list.find((x) => !/^[0-9]{1,19}$/.test(x));
      if (bad) throw badRequest(`Provided value {${bad}} for '${name}' is not the correct type. Expected type is long`, 'INVALID_REQUEST_PARAMETER');
    }
    const format = bodyFormat(ctx, false);
    // The next pages of a listing reuse its filtered, sorted list while nothing changed (a real server reads an index;
    // filtering and sorting 10,000 pages for each of 41 requests made a listing quadratic).
    const query = JSON.stringify([ids, spaceIds, listParam(ctx.query, 'status'), ctx.query.get('title'), ctx.query.get('sort'), uid(ctx), s.revision]);
    let pages = listingMemo?.query === query ? listingMemo.pages : undefined;
    if (!pages) {
      pages = s.data.pages.slice();
      if (ids) pages = pages.filter((p) => ids.includes(p.id));
      if (spaceIds) pages = pages.filter((p) => spaceIds.includes(p.spaceId));
      pages = filterPages(s, ctx, pages);
      listingMemo = { query, pages };
    }
    sendV2Page(ctx, pages, svc.limits, { map: (p) => pageJson(svc, p, ctx, format) });
  });

  r.post('/pages', (ctx) => {
    const b = objectBody(ctx);
    const rootLevel = ctx.query.get('root-level') === 'true';
    if (b.spaceId === undefined || b.spaceId === null || b.spaceId === '') throw badRequest('spaceId is required', 'INVALID_REQUEST_PARAMETER');
    if (rootLevel && b.parentId) throw badRequest('parentId must not be given with root-level=true', 'INVALID_REQUEST_PARAMETER');
    const body = writeBody(svc, b.body, false);
    const status = (b.status ?? 'current') as PageStatus;
    const p = s.createPage({
      spaceId: String(b.spaceId),
      title: b.title === undefined ? undefined : String(b.title),
      parentId: b.parentId ? String(b.parentId) : undefined,
      rootLevel,
      status,
      body: body ?? '',
      userId: uid(ctx),
    });
    sendJson(ctx.res, 200, pageJson(svc, p, ctx, 'storage', { single: true }));
  });

  r.get('/pages/:id', (ctx) => {
    // A trashed page still answers by id, with status `trashed` (Cloud); a `status` filter that leaves it out is a 404.
    const p = s.visiblePage(ctx.params.id, uid(ctx), { allowTrashed: true });
    const statusFilter = listParam(ctx.query, 'status');
    const vParam = ctx.query.get('version');
    const shown = vParam && Number(vParam) !== s.current(p).number ? 'historical' : p.status;
    if (statusFilter && !statusFilter.includes(p.status) && !statusFilter.includes(shown)) throw notFound(`No content found with id: ${p.id}`);
    let version: VersionRec | undefined;
    if (vParam) {
      version = p.versions.find((v) => v.number === Number(vParam));
      if (!version) throw notFound(`Version ${vParam} of page ${p.id} not found`);
    }
    const out = pageJson(svc, p, ctx, bodyFormat(ctx, true), { single: true, version });
    if (ctx.query.get('include-version') === 'false') delete out.version;
    if (ctx.query.get('include-labels') === 'true') out.labels = inlineList(p.labels.map(labelJson));
    if (ctx.query.get('include-properties') === 'true') out.properties = inlineList(p.properties.map(propertyJson));
    if (ctx.query.get('include-versions') === 'true') out.versions = inlineList(p.versions.slice().reverse().map(versionJson));
    if (ctx.query.get('include-direct-children') === 'true') {
      out.directChildren = inlineList(s.children(p.id, uid(ctx)).map((c) => childJson(c)));
    }
    sendJson(ctx.res, 200, out);
  });

  r.put('/pages/:id', (ctx) => {
    const b = objectBody(ctx);
    if (b.id !== undefined && String(b.id) !== ctx.params.id) throw badRequest('The id in the body does not match the id in the path', 'INVALID_REQUEST_PARAMETER');
    const restoring = s.page(ctx.params.id)?.status === 'trashed';
    if (!restoring) {
      for (const f of ['status', 'title', 'body', 'version'] as const) {
        if (b[f] === undefined || b[f] === null) throw badRequest(`${f} is required`, 'INVALID_REQUEST_PARAMETER');
      }
    }
    const body = restoring ? undefined : writeBody(svc, b.body, true);
    const p = s.updatePage(ctx.params.id, {
      title: b.title === undefined ? undefined : String(b.title),
      status: b.status === undefined ? undefined : String(b.status),
      body,
      version: b.version as { number?: unknown } | undefined,
      parentId: b.parentId === undefined ? undefined : (b.parentId as string | null),
      spaceId: b.spaceId === undefined ? undefined : String(b.spaceId),
      userId: uid(ctx),
      flavor: 'v2',
    });
    sendJson(ctx.res, 200, pageJson(svc, p, ctx, 'storage', { single: true }));
  });

  r.put('/pages/:id/title', (ctx) => {
    const b = objectBody(ctx);
    if (typeof b.title !== 'string' || typeof b.status !== 'string') throw badRequest('status and title are required', 'INVALID_REQUEST_PARAMETER');
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const updated = s.updatePage(p.id, {
      title: b.title,
      status: b.status,
      version: { number: s.current(p).number + 1 },
      userId: uid(ctx),
      flavor: 'v2',
    });
    sendJson(ctx.res, 200, pageJson(svc, updated, ctx, undefined, { single: true }));
  });

  r.delete('/pages/:id', (ctx) => {
    const purge = ctx.query.get('purge') === 'true';
    const p = s.page(ctx.params.id);
    if (ctx.query.get('draft') === 'true' && p?.status !== 'draft') throw notFound(`No draft found with id: ${ctx.params.id}`);
    s.deletePage(ctx.params.id, uid(ctx), purge || p?.status === 'draft');
    sendJson(ctx.res, 204, undefined);
  });
}
