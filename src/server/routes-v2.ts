/** Confluence Cloud REST API v2 (`/wiki/api/v2`): spaces, pages, children, ancestors, labels, properties, attachments, versions. */
import { badRequest, notFound } from './errors';
import { Router, intParam, listParam, sendJson, type Ctx } from './http';
import { sendV2Page } from './paging';
import { pageWebui, renderView, tinyui, unsupportedRepresentation, validateStorage, type Services } from './services';
import type { AttachmentRec, PageRec, PageStatus, PropertyRec, SpaceRec, VersionRec } from './store';

const BODY_FORMATS = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'];

export function v2Routes(svc: Services): Router {
  const s = svc.store;
  const r = new Router();
  const uid = (ctx: Ctx): string => ctx.user!.accountId;
  // Path ids are int64 in the v2 document (attachments may carry their att prefix): anything else is a 400.
  r.guard = (ctx) => {
    for (const [name, value] of Object.entries(ctx.params)) {
      const ok = name === 'id' && ctx.path.startsWith('/attachments/') ? /^(att)?[0-9]{1,19}$/.test(value) : /^[0-9]{1,19}$/.test(value);
      if (!ok) throw badRequest(`Provided value {${value}} for '${name}' is not the correct type. Expected type is long`, 'INVALID_REQUEST_PARAMETER');
    }
  };

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
    let pages = filterPages(ctx, s.pagesInSpace(sp.id));
    if (depth === 'root') pages = pages.filter((p) => p.parentId === null);
    sendV2Page(ctx, pages.map((p) => pageJson(svc, p, ctx, bodyFormat(ctx, false))), svc.limits);
  });

  // ----- pages -----
  r.get('/pages', (ctx) => {
    const ids = listParam(ctx.query, 'id');
    const spaceIds = listParam(ctx.query, 'space-id');
    let pages = s.data.pages.slice();
    if (ids) pages = pages.filter((p) => ids.includes(p.id));
    if (spaceIds) pages = pages.filter((p) => spaceIds.includes(p.spaceId));
    pages = filterPages(ctx, pages);
    sendV2Page(ctx, pages.map((p) => pageJson(svc, p, ctx, bodyFormat(ctx, false))), svc.limits);
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
    const p = s.visiblePage(ctx.params.id, uid(ctx), { allowTrashed: (ctx.query.get('status') ?? '').includes('trashed') });
    const statusFilter = listParam(ctx.query, 'status');
    if (statusFilter && !statusFilter.includes(p.status)) throw notFound(`No content found with id: ${p.id}`);
    const vParam = ctx.query.get('version');
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

  // ----- labels (read only in v2) -----
  r.get('/pages/:id/labels', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const prefix = ctx.query.get('prefix');
    const labels = p.labels.filter((l) => !prefix || l.prefix === prefix);
    sendV2Page(ctx, labels.map(labelJson), svc.limits);
  });

  // ----- content properties (by numeric id) -----
  r.get('/pages/:id/properties', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const key = ctx.query.get('key');
    const props = p.properties.filter((x) => key === null || x.key === key);
    sendV2Page(ctx, props.map(propertyJson), svc.limits);
  });
  r.post('/pages/:id/properties', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const b = objectBody(ctx);
    const prop = s.createProperty(p, b.key, b.value, uid(ctx), 409);
    sendJson(ctx.res, 200, propertyJson(prop));
  });
  const propOf = (ctx: Ctx): { page: PageRec; prop: PropertyRec } => {
    const page = s.visiblePage(ctx.params.id, uid(ctx));
    const prop = page.properties.find((x) => x.id === ctx.params.propertyId);
    if (!prop) throw notFound(`Content property ${ctx.params.propertyId} not found on page ${page.id}`);
    return { page, prop };
  };
  r.get('/pages/:id/properties/:propertyId', (ctx) => sendJson(ctx.res, 200, propertyJson(propOf(ctx).prop)));
  r.put('/pages/:id/properties/:propertyId', (ctx) => {
    const { page, prop } = propOf(ctx);
    const b = objectBody(ctx);
    const out = s.updateProperty(page, prop, { key: b.key, value: b.value, version: b.version as { number?: unknown } }, uid(ctx));
    sendJson(ctx.res, 200, propertyJson(out));
  });
  r.delete('/pages/:id/properties/:propertyId', (ctx) => {
    const { page, prop } = propOf(ctx);
    s.deleteProperty(page, prop);
    sendJson(ctx.res, 204, undefined);
  });

  // ----- attachments (read / delete; upload is v1) -----
  r.get('/pages/:id/attachments', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const filename = ctx.query.get('filename');
    const mediaType = ctx.query.get('mediaType');
    const status = listParam(ctx.query, 'status') ?? ['current'];
    const atts = s
      .attachmentsOf(p.id, true)
      .filter((a) => status.includes(a.status) && (!filename || a.title === filename) && (!mediaType || latest(a).mediaType === mediaType));
    sendV2Page(ctx, atts.map((a) => attachmentJson(svc, a, ctx)), svc.limits, { defaultLimit: 50 });
  });
  const visibleAttachment = (ctx: Ctx): AttachmentRec => {
    if (!/^(att)?[0-9]+$/.test(ctx.params.id)) throw badRequest(`Invalid attachment id: ${ctx.params.id}`, 'INVALID_REQUEST_PARAMETER');
    const a = s.attachment(ctx.params.id);
    if (!a) throw notFound(`Attachment ${ctx.params.id} not found`);
    s.visiblePage(a.pageId, uid(ctx));
    return a;
  };
  r.get('/attachments/:id', (ctx) => {
    const a = visibleAttachment(ctx);
    if (a.status === 'trashed' && ctx.query.get('status') !== 'trashed') throw notFound(`Attachment ${ctx.params.id} not found`);
    sendJson(ctx.res, 200, { ...attachmentJson(svc, a, ctx), _links: { ...attachmentLinks(a), base: `${ctx.origin}${ctx.sitePath}` } });
  });
  r.delete('/attachments/:id', (ctx) => {
    const a = visibleAttachment(ctx);
    const purge = ctx.query.get('purge') === 'true';
    if (a.status === 'trashed' && !purge) throw notFound(`Attachment ${ctx.params.id} not found`);
    s.deleteAttachment(a, purge);
    sendJson(ctx.res, 204, undefined);
  });

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

  // ----- helpers bound to this store -----
  function filterPages(ctx: Ctx, pages: PageRec[]): PageRec[] {
    const status = (listParam(ctx.query, 'status') ?? ['current', 'archived']) as PageStatus[];
    const title = ctx.query.get('title');
    let out = pages.filter((p) => status.includes(p.status) && s.canView(p, uid(ctx)));
    if (title !== null) out = out.filter((p) => p.title === title);
    return out.sort(
      sortBy(ctx.query.get('sort') ?? 'id', {
        id: (p) => Number(p.id),
        title: (p) => p.title,
        'created-date': (p) => p.createdAt,
        'modified-date': (p) => s.current(p).createdAt,
      }),
    );
  }

  function bodyFormat(ctx: Ctx, single: boolean): string | undefined {
    const f = ctx.query.get('body-format');
    if (!f) return undefined;
    if (!BODY_FORMATS.includes(f)) throw badRequest(`Invalid body-format: ${f}`, 'INVALID_REQUEST_PARAMETER');
    // No faithful storage → ADF conversion here: say so rather than answer an empty document.
    if (f === 'atlas_doc_format') throw unsupportedRepresentation(f, 'INVALID_REQUEST_PARAMETER');
    if (!single && !['storage', 'atlas_doc_format'].includes(f)) throw badRequest(`Invalid body-format for a list: ${f}`, 'INVALID_REQUEST_PARAMETER');
    return f;
  }

  return r;
}

// ---------- serialisers ----------

function spaceJson(sp: SpaceRec, ctx: Ctx): Record<string, unknown> {
  return {
    id: sp.id,
    key: sp.key,
    name: sp.name,
    type: sp.type,
    status: sp.status,
    authorId: sp.authorId,
    createdAt: sp.createdAt,
    homepageId: sp.homepageId,
    _links: { webui: `/spaces/${sp.key}`, base: `${ctx.origin}${ctx.sitePath}` },
  };
}

export function pageJson(
  svc: Services,
  p: PageRec,
  ctx: Ctx,
  format: string | undefined,
  opts: { single?: boolean; version?: VersionRec } = {},
): Record<string, unknown> {
  const s = svc.store;
  const v = opts.version ?? s.current(p);
  const space = s.spaceById(p.spaceId);
  const body: Record<string, unknown> = {};
  if (format === 'storage') body.storage = { representation: 'storage', value: v.body };
  // Rendered formats: the storage rendered to HTML (the shared preview renderer), links resolved on this server.
  else if (format) body[format] = { representation: format, value: format === 'editor' ? v.body : renderView(s, p, v.body, ctx.sitePath) };
  const links: Record<string, string> = {
    webui: pageWebui(space, p),
    editui: `/pages/resumedraft.action?draftId=${p.id}`,
    tinyui: tinyui(p.id),
  };
  if (opts.single) links.base = `${ctx.origin}${ctx.sitePath}`;
  return {
    id: p.id,
    status: p.status,
    title: v.title,
    spaceId: p.spaceId,
    // A root page has no parent: the fields are left out (the spec types them as non-nullable strings).
    ...(p.parentId ? { parentId: p.parentId, parentType: 'page' } : {}),
    position: p.position,
    authorId: p.authorId,
    ownerId: p.ownerId,
    lastOwnerId: null,
    createdAt: p.createdAt,
    version: versionJson(v),
    body,
    _links: links,
  };
}

function versionJson(v: VersionRec): Record<string, unknown> {
  return { number: v.number, message: v.message, minorEdit: v.minorEdit, authorId: v.authorId, createdAt: v.createdAt };
}

function childJson(c: PageRec): Record<string, unknown> {
  return { id: c.id, status: c.status, title: c.title, type: 'page', spaceId: c.spaceId, childPosition: c.position };
}

function labelJson(l: { id: string; name: string; prefix: string }): Record<string, unknown> {
  return { id: l.id, name: l.name, prefix: l.prefix };
}

function propertyJson(p: PropertyRec): Record<string, unknown> {
  return { id: p.id, key: p.key, value: p.value, version: { ...p.version } };
}

function latest(a: AttachmentRec) {
  return a.versions[a.versions.length - 1];
}

export function attachmentLinks(a: AttachmentRec): { webui: string; download: string } {
  const v = latest(a);
  return {
    webui: `/pages/viewpageattachments.action?pageId=${a.pageId}&preview=${encodeURIComponent('/' + a.pageId + '/' + a.title)}`,
    download: `/download/attachments/${a.pageId}/${encodeURIComponent(a.title)}?version=${v.number}&modificationDate=${Date.parse(v.createdAt)}&api=v2`,
  };
}

function attachmentJson(svc: Services, a: AttachmentRec, _ctx: Ctx): Record<string, unknown> {
  const v = latest(a);
  const links = attachmentLinks(a);
  return {
    id: a.id,
    status: a.status,
    title: a.title,
    createdAt: a.createdAt,
    pageId: a.pageId,
    mediaType: v.mediaType,
    mediaTypeDescription: v.mediaType,
    comment: v.comment,
    fileId: a.fileId,
    fileSize: v.fileSize,
    webuiLink: links.webui,
    downloadLink: links.download,
    version: { number: v.number, message: v.comment, minorEdit: v.minorEdit, authorId: v.authorId, createdAt: v.createdAt },
    _links: links,
  };
}

function inlineList(results: unknown[]): Record<string, unknown> {
  return { results, meta: { hasMore: false }, _links: {} };
}

function objectBody(ctx: Ctx): Record<string, unknown> {
  const b = ctx.json();
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest('Request body must be a JSON object', 'INVALID_REQUEST_PARAMETER');
  return b as Record<string, unknown>;
}

/** Accepts `{representation:'storage', value}`; returns undefined when absent and not required. */
function writeBody(svc: Services, raw: unknown, required: boolean): string | undefined {
  if (raw === undefined || raw === null) {
    if (required) throw badRequest('body is required', 'INVALID_REQUEST_PARAMETER');
    return undefined;
  }
  if (typeof raw !== 'object') throw badRequest('body must be an object {representation, value}', 'INVALID_REQUEST_PARAMETER');
  const b = raw as { representation?: unknown; value?: unknown; storage?: { value?: unknown } };
  // Some clients send the v1-like {storage:{value, representation}}; Confluence v2 accepts only the flat form.
  const representation = b.representation;
  if (representation === 'wiki' || representation === 'atlas_doc_format' || representation === 'editor') {
    throw unsupportedRepresentation(representation, 'INVALID_REQUEST_PARAMETER');
  }
  if (representation !== 'storage') {
    throw badRequest(`Invalid body representation '${String(representation)}': expected storage, atlas_doc_format or wiki`, 'INVALID_REQUEST_PARAMETER');
  }
  return validateStorage(svc, b.value ?? '');
}

function sortBy<T>(sort: string, keys: Record<string, (x: T) => string | number>): (a: T, b: T) => number {
  const desc = sort.startsWith('-');
  const key = keys[desc ? sort.slice(1) : sort];
  if (!key) throw badRequest(`Invalid sort: ${sort}`, 'INVALID_REQUEST_PARAMETER');
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return desc ? -c : c;
  };
}
