/**
 * REST API v1: Cloud (`/wiki/rest/api`, only what survives the v1 removals: labels, attachments upload, restrictions,
 * move, CQL search, current user, archive) and Data Center (`{context}/rest/api`, the content/space/property endpoints).
 */
import { userKeyOf } from './auth';
import { ApiError, badRequest, forbidden, notFound } from './errors';
import { Router, listParam, sendBytes, sendJson, type Ctx, type Handler } from './http';
import { boundaryOf, parseMultipart } from './multipart';
import { v1Page } from './paging';
import { parseCql, runCql } from './cql';
import { pageWebui, renderView, tinyui, unsupportedRepresentation, validateStorage, VIEW_FORMATS, type Services } from './services';
import { attachmentLinks } from './routes-v2';
import { stripAtt, type AttachmentRec, type PageRec, type PropertyRec, type SpaceRec, type VersionRec } from './store';

export function v1Routes(svc: Services): Router {
  const s = svc.store;
  const r = new Router();
  const uid = (ctx: Ctx): string => ctx.user!.accountId;

  /** Endpoints Atlassian removed from Cloud v1 answer 410 there (configurable), and work on Data Center. */
  const dcOnly =
    (h: Handler): Handler =>
    (ctx) => {
      if (ctx.deployment === 'cloud' && svc.removedCloudV1 !== 'serve') {
        throw new ApiError(svc.removedCloudV1, `This endpoint has been removed from Confluence Cloud REST API v1; use /wiki/api/v2 instead (${ctx.method} ${ctx.path})`);
      }
      return h(ctx);
    };

  const page = (ctx: Ctx, id = ctx.params.id): PageRec => s.visiblePage(id, uid(ctx));
  const pageVisible = (ctx: Ctx, id: string): boolean => {
    const p = s.page(id);
    return !!p && p.status !== 'trashed' && s.canView(p, uid(ctx));
  };
  /** `status` list; `any` means current and trashed (the DC documentation's wording). */
  const statusParam = (ctx: Ctx): string[] | undefined => {
    const list = listParam(ctx.query, 'status');
    return list?.flatMap((x) => (x === 'any' ? ['current', 'trashed'] : [x]));
  };
  /** The attachment a /content/{id} path names (att123 on Cloud, 123 on DC), when it is not a page. */
  const attachmentAsContent = (ctx: Ctx): AttachmentRec | undefined => {
    const id = ctx.params.id;
    if (!/^(att)?[0-9]+$/.test(id) || (!id.startsWith('att') && s.page(id))) return undefined;
    const a = s.attachment(id);
    if (!a || !pageVisible(ctx, a.pageId)) return undefined;
    return a;
  };
  const deleteAttachment = (ctx: Ctx, a: AttachmentRec, purge: boolean): void => {
    const p = s.page(a.pageId)!;
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to remove attachments of content with id: ${p.id}`);
    if (a.status === 'trashed' && !purge) throw notFound(`No content found with id: ${ctx.params.attId ?? ctx.params.id}`);
    s.deleteAttachment(a, purge);
    sendJson(ctx.res, 204, undefined);
  };

  // ----- current user, spaces -----
  r.get('/user/current', (ctx) => sendJson(ctx.res, 200, userJson(ctx, ctx.user!.accountId)));
  // Cloud looks users up by accountId only; Data Center by username or userKey.
  r.get('/user', (ctx) => {
    const q = ctx.query;
    let user;
    if (ctx.deployment === 'cloud') {
      const accountId = q.get('accountId');
      if (!accountId) {
        throw badRequest(q.get('username') || q.get('key') ? 'The username and key parameters are not supported on Confluence Cloud; use accountId' : 'accountId is required');
      }
      user = s.users.find((u) => u.accountId === accountId);
      if (!user) throw notFound(`No user with accountId ${accountId}`);
    } else {
      const username = q.get('username');
      const key = q.get('key');
      if (!username && !key) throw badRequest('Either the username or the key parameter is required');
      user = s.users.find((u) => (username !== null ? u.username === username : userKeyOf(u) === key));
      if (!user) throw notFound(`No user found with ${username !== null ? `username ${username}` : `key ${key}`}`);
    }
    sendJson(ctx.res, 200, userJson(ctx, user.accountId));
  });

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

  // ----- content (Data Center; removed on Cloud) -----
  r.get(
    '/content',
    dcOnly((ctx) => {
      const type = ctx.query.get('type') ?? 'page';
      const spaceKey = ctx.query.get('spaceKey');
      const title = ctx.query.get('title');
      const ids = listParam(ctx.query, 'ids');
      const status = statusParam(ctx) ?? ['current'];
      // "All types are returned if fetching via list of IDs" (pages and attachments here).
      let pages = ids || type === 'page' ? s.data.pages.filter((p) => status.includes(p.status) && s.canView(p, uid(ctx))) : [];
      let atts = ids ? s.data.attachments.filter((a) => status.includes(a.status) && pageVisible(ctx, a.pageId)) : [];
      if (ids) {
        const wanted = new Set(ids.map((x) => x.replace(/^att/, '')));
        pages = pages.filter((p) => wanted.has(p.id));
        atts = atts.filter((a) => wanted.has(stripAtt(a.id)));
      }
      if (spaceKey) {
        const sp = s.spaceByKey(spaceKey);
        pages = sp ? pages.filter((p) => p.spaceId === sp.id) : [];
        atts = sp ? atts.filter((a) => s.page(a.pageId)?.spaceId === sp.id) : [];
      }
      if (title !== null) {
        pages = pages.filter((p) => p.title === title);
        atts = atts.filter((a) => a.title === title);
      }
      const ex = expands(ctx);
      const items: Array<{ id: number; json: () => Record<string, unknown> }> = [
        ...pages.map((p) => ({ id: Number(p.id), json: () => contentJson(ctx, p, ex) })),
        ...atts.map((a) => ({ id: Number(stripAtt(a.id)), json: () => attachmentJson(ctx, a) })),
      ].sort((a, b) => a.id - b.id);
      sendJson(ctx.res, 200, v1Page(ctx, items.map((x) => x.json()), svc.limits));
    }),
  );

  r.post(
    '/content',
    dcOnly((ctx) => {
      const b = objectBody(ctx);
      if (b.type !== undefined && b.type !== 'page') throw badRequest(`Unsupported content type: ${String(b.type)}`);
      const spaceKey = (b.space as { key?: unknown } | undefined)?.key;
      if (typeof spaceKey !== 'string') throw badRequest('Content must have a space: space.key is required');
      const sp = s.spaceByKey(spaceKey);
      if (!sp) throw notFound(`No space with key : ${spaceKey}`);
      const ancestors = b.ancestors as Array<{ id?: unknown }> | undefined;
      const parentId = ancestors?.length ? String(ancestors[ancestors.length - 1].id) : undefined;
      const p = s.createPage({
        spaceId: sp.id,
        title: typeof b.title === 'string' ? b.title : undefined,
        parentId,
        status: b.status === 'draft' ? 'draft' : 'current',
        body: storageOf(b.body) ?? '',
        userId: uid(ctx),
      });
      sendJson(ctx.res, 200, contentJson(ctx, p, new Set(['body.storage', 'version', 'ancestors', 'space'])));
    }),
  );

  r.get(
    '/content/:id',
    dcOnly((ctx) => {
      const status = statusParam(ctx);
      // Attachments are content too: GET /content/{attachmentId}.
      const att = attachmentAsContent(ctx);
      if (att) {
        if (!(status ?? ['current']).includes(att.status)) throw notFound(`No content found with id: ${ctx.params.id}`);
        sendJson(ctx.res, 200, attachmentJson(ctx, att));
        return;
      }
      const p = s.visiblePage(ctx.params.id, uid(ctx), { allowTrashed: status?.includes('trashed') });
      if (status && !status.includes(p.status)) throw notFound(`No content found with id: ${p.id}`);
      const vParam = ctx.query.get('version');
      const v = vParam ? p.versions.find((x) => x.number === Number(vParam)) : undefined;
      if (vParam && !v) throw notFound(`Version ${vParam} of content ${p.id} not found`);
      sendJson(ctx.res, 200, contentJson(ctx, p, new Set([...expands(ctx), 'space', 'version', 'history']), v));
    }),
  );

  r.put(
    '/content/:id',
    dcOnly((ctx) => {
      const b = objectBody(ctx);
      if (b.type !== undefined && b.type !== 'page') throw badRequest(`Unsupported content type: ${String(b.type)}`);
      const ancestors = b.ancestors as Array<{ id?: unknown }> | undefined;
      const body = storageOf(b.body);
      const p = s.updatePage(ctx.params.id, {
        title: typeof b.title === 'string' ? b.title : undefined,
        status: typeof b.status === 'string' ? b.status : undefined,
        body,
        version: b.version as { number?: unknown },
        parentId: ancestors?.length ? String(ancestors[ancestors.length - 1].id) : undefined,
        userId: uid(ctx),
        flavor: 'v1',
      });
      sendJson(ctx.res, 200, contentJson(ctx, p, new Set(['body.storage', 'version', 'ancestors', 'space'])));
    }),
  );

  r.delete(
    '/content/:id',
    dcOnly((ctx) => {
      const purge = ctx.query.get('status') === 'trashed';
      const att = attachmentAsContent(ctx);
      if (att) {
        deleteAttachment(ctx, att, purge);
        return;
      }
      s.deletePage(ctx.params.id, uid(ctx), purge);
      sendJson(ctx.res, 204, undefined);
    }),
  );

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
      const list = (type: string, items: Array<Record<string, unknown>>): Record<string, unknown> => {
        const pg = v1Page(ctx, items, svc.limits);
        return { ...pg, _links: { self: `${ctx.origin}${ctx.prefix}${base}/${type}` } };
      };
      sendJson(ctx.res, 200, {
        page: list('page', pages.map((p) => contentJson(ctx, p, ex))),
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
      sendJson(ctx.res, 200, v1Page(ctx, pages.map((p) => contentJson(ctx, p, ex)), svc.limits));
    }),
  );

  r.get(
    '/content/:id/history',
    dcOnly((ctx) => sendJson(ctx.res, 200, historyJson(ctx, page(ctx)))),
  );
  r.get(
    '/content/:id/version',
    dcOnly((ctx) => {
      const p = page(ctx);
      sendJson(ctx.res, 200, v1Page(ctx, p.versions.slice().reverse().map((v) => versionJson(ctx, v)), svc.limits, { max: 200 }));
    }),
  );

  // ----- labels -----
  r.get(
    '/content/:id/label',
    dcOnly((ctx) => {
      const p = page(ctx);
      const prefix = ctx.query.get('prefix');
      sendJson(ctx.res, 200, v1Page(ctx, p.labels.filter((l) => !prefix || l.prefix === prefix).map(labelJson), svc.limits, { max: 200 }));
    }),
  );
  r.post('/content/:id/label', (ctx) => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to add labels to content with id: ${p.id}`);
    const b = ctx.json();
    const list = Array.isArray(b) ? b : b && typeof b === 'object' ? [b] : undefined;
    if (!list) throw badRequest('Request body must be a label or an array of labels');
    const labels = s.addLabels(p, list as Array<{ prefix?: unknown; name?: unknown }>);
    sendJson(ctx.res, 200, { results: labels.map(labelJson), start: 0, limit: 200, size: labels.length, _links: { base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath } });
  });
  const removeLabel = (ctx: Ctx, name: string | null): void => {
    const p = page(ctx);
    if (!name) throw badRequest('Label name is required');
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to remove labels from content with id: ${p.id}`);
    s.removeLabel(p, name);
    sendJson(ctx.res, 204, undefined);
  };
  r.delete('/content/:id/label', (ctx) => removeLabel(ctx, ctx.query.get('name')));
  r.delete('/content/:id/label/:label', (ctx) => removeLabel(ctx, ctx.params.label));

  // ----- content properties by key (Data Center; removed on Cloud) -----
  const propJson = (ctx: Ctx, p: PageRec, prop: PropertyRec): Record<string, unknown> => ({
    id: prop.id,
    key: prop.key,
    value: prop.value,
    version: { number: prop.version.number, when: prop.version.createdAt, message: prop.version.message, minorEdit: prop.version.minorEdit },
    content: { id: p.id, type: 'page', status: p.status, title: p.title },
    _links: { self: `${ctx.origin}${ctx.prefix}/content/${p.id}/property/${encodeURIComponent(prop.key)}`, base: `${ctx.origin}${ctx.sitePath}` },
  });
  r.get(
    '/content/:id/property',
    dcOnly((ctx) => {
      const p = page(ctx);
      sendJson(ctx.res, 200, v1Page(ctx, p.properties.map((x) => propJson(ctx, p, x)), svc.limits));
    }),
  );
  r.post(
    '/content/:id/property',
    dcOnly((ctx) => {
      const p = page(ctx);
      const b = objectBody(ctx);
      sendJson(ctx.res, 200, propJson(ctx, p, s.createProperty(p, b.key, b.value, uid(ctx), 400)));
    }),
  );
  const propByKey = (ctx: Ctx): { p: PageRec; prop: PropertyRec } => {
    const p = page(ctx);
    const prop = s.propertyByKey(p, ctx.params.key);
    if (!prop) throw notFound(`Cannot find property with key '${ctx.params.key}' on content ${p.id}`);
    return { p, prop };
  };
  r.get(
    '/content/:id/property/:key',
    dcOnly((ctx) => {
      const { p, prop } = propByKey(ctx);
      sendJson(ctx.res, 200, propJson(ctx, p, prop));
    }),
  );
  r.post(
    '/content/:id/property/:key',
    dcOnly((ctx) => {
      const p = page(ctx);
      const b = objectBody(ctx);
      sendJson(ctx.res, 200, propJson(ctx, p, s.createProperty(p, ctx.params.key, b.value, uid(ctx), 400)));
    }),
  );
  r.put(
    '/content/:id/property/:key',
    dcOnly((ctx) => {
      const b = objectBody(ctx);
      const p = page(ctx);
      const prop = s.propertyByKey(p, ctx.params.key);
      // v1 PUT creates the property when absent and no version is given.
      if (!prop) {
        sendJson(ctx.res, 200, propJson(ctx, p, s.createProperty(p, ctx.params.key, b.value, uid(ctx), 400)));
        return;
      }
      sendJson(ctx.res, 200, propJson(ctx, p, s.updateProperty(p, prop, { key: b.key, value: b.value, version: b.version as { number?: unknown } }, uid(ctx))));
    }),
  );
  r.delete(
    '/content/:id/property/:key',
    dcOnly((ctx) => {
      const { p, prop } = propByKey(ctx);
      s.deleteProperty(p, prop);
      sendJson(ctx.res, 204, undefined);
    }),
  );

  // ----- attachments -----
  r.get(
    '/content/:id/child/attachment',
    dcOnly((ctx) => {
      const p = page(ctx);
      const filename = ctx.query.get('filename');
      const mediaType = ctx.query.get('mediaType');
      const list = s.attachmentsOf(p.id).filter((a) => (!filename || a.title === filename) && (!mediaType || latest(a).mediaType === mediaType));
      sendJson(ctx.res, 200, v1Page(ctx, list.map((a) => attachmentJson(ctx, a)), svc.limits, { defaultLimit: 50, max: 200 }));
    }),
  );
  const upload = (ctx: Ctx, mode: 'create' | 'upsert'): void => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to add attachments to content with id: ${p.id}`);
    const files = multipartFiles(ctx);
    const out: AttachmentRec[] = [];
    for (const f of files.files) {
      const allowDuplicated = ctx.query.get('allowDuplicated') === 'true';
      out.push(s.putAttachment(p, f, { comment: files.comment, minorEdit: files.minorEdit, userId: uid(ctx) }, allowDuplicated ? 'upsert' : mode));
    }
    sendJson(ctx.res, 200, {
      results: out.map((a) => attachmentJson(ctx, a)),
      size: out.length,
      _links: { base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath },
    });
  };
  r.post('/content/:id/child/attachment', (ctx) => upload(ctx, 'create'));
  r.put('/content/:id/child/attachment', (ctx) => {
    // Data Center has no create-or-update by PUT.
    if (ctx.deployment === 'dc') throw new ApiError(405, 'Method Not Allowed');
    upload(ctx, 'upsert');
  });
  const attachmentOf = (ctx: Ctx): { p: PageRec; a: AttachmentRec } => {
    const p = page(ctx);
    if (!/^(att)?[0-9]+$/.test(ctx.params.attId)) throw badRequest(`Invalid attachment id: ${ctx.params.attId}`);
    const a = s.attachment(ctx.params.attId);
    if (!a || a.pageId !== p.id || a.status !== 'current') throw notFound(`No attachment with id ${ctx.params.attId} on content ${p.id}`);
    return { p, a };
  };
  r.post('/content/:id/child/attachment/:attId/data', (ctx) => {
    const { p, a } = attachmentOf(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to update attachments of content with id: ${p.id}`);
    const files = multipartFiles(ctx);
    if (files.files.length !== 1) throw badRequest('Exactly one file is required');
    const f = files.files[0];
    if (f.filename !== a.title) a.title = f.filename;
    s.addAttachmentVersion(a, f, { comment: files.comment, minorEdit: files.minorEdit, userId: uid(ctx) });
    sendJson(ctx.res, 200, attachmentJson(ctx, a));
  });
  r.put('/content/:id/child/attachment/:attId', (ctx) => {
    const { a } = attachmentOf(ctx);
    const b = objectBody(ctx);
    const n = Number((b.version as { number?: unknown } | undefined)?.number);
    if (n !== latest(a).number + 1) throw new ApiError(409, `Version must be incremented on update. Current version is: ${latest(a).number}`);
    if (typeof b.title === 'string' && b.title) a.title = b.title;
    s.addAttachmentVersion(a, { contentType: latest(a).mediaType, data: Buffer.from(latest(a).data, 'base64') }, { comment: latest(a).comment, minorEdit: true, userId: uid(ctx) });
    sendJson(ctx.res, 200, attachmentJson(ctx, a));
  });
  r.delete('/content/:id/child/attachment/:attId', (ctx) => {
    // Data Center only; the Cloud v1 API deletes attachments through v2 DELETE /attachments/{id}.
    if (ctx.deployment === 'cloud') throw new ApiError(405, 'Method Not Allowed');
    const { a } = attachmentOf(ctx);
    deleteAttachment(ctx, a, false);
  });
  r.get('/content/:id/child/attachment/:attId/download', (ctx) => {
    const { a } = attachmentOf(ctx);
    const v = latest(a);
    sendBytes(ctx.res, 200, Buffer.from(v.data, 'base64'), v.mediaType);
  });

  // ----- restrictions -----
  const restrictionArray = (ctx: Ctx, p: PageRec, ops: Array<'read' | 'update'>): Record<string, unknown> => {
    const results = ops.map((op) => restrictionJson(ctx, p, op));
    return {
      results,
      start: 0,
      limit: 100,
      size: results.length,
      restrictionsHash: Buffer.from(JSON.stringify(p.restrictions)).toString('base64url').slice(0, 40),
      _links: { base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath },
    };
  };
  r.get('/content/:id/restriction', (ctx) => sendJson(ctx.res, 200, restrictionArray(ctx, page(ctx), ['read', 'update'])));
  r.get('/content/:id/restriction/byOperation', (ctx) => {
    const p = page(ctx);
    sendJson(ctx.res, 200, { read: restrictionJson(ctx, p, 'read'), update: restrictionJson(ctx, p, 'update') });
  });
  r.get('/content/:id/restriction/byOperation/:op', (ctx) => {
    const p = page(ctx);
    const op = opOf(ctx.params.op);
    sendJson(ctx.res, 200, restrictionJson(ctx, p, op));
  });
  const writeRestrictions = (ctx: Ctx, mode: 'replace' | 'add'): void => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to change restrictions of content with id: ${p.id}`);
    const raw = ctx.json();
    const list = Array.isArray(raw) ? raw : (raw as { results?: unknown })?.results;
    if (!Array.isArray(list)) throw badRequest('Request body must be an array of restrictions (or {results:[…]})');
    const ops = list.map((item: { operation?: unknown; restrictions?: { user?: unknown; group?: unknown } }) => {
      if (typeof item?.operation !== 'string') throw badRequest('Each restriction needs an operation');
      return {
        operation: item.operation,
        users: principals(item.restrictions?.user).map((u) => resolveUser(ctx, u)),
        groups: principals(item.restrictions?.group).map((g) => String((g as { id?: unknown; name?: unknown }).id ?? (g as { name?: unknown }).name ?? '')),
      };
    });
    s.setRestrictions(p, ops, uid(ctx), mode);
    sendJson(ctx.res, 200, restrictionArray(ctx, p, ['read', 'update']));
  };
  r.put('/content/:id/restriction', (ctx) => writeRestrictions(ctx, 'replace'));
  r.post('/content/:id/restriction', (ctx) => writeRestrictions(ctx, 'add'));
  r.delete('/content/:id/restriction', (ctx) => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to change restrictions of content with id: ${p.id}`);
    s.clearRestrictions(p);
    sendJson(ctx.res, 200, restrictionArray(ctx, p, ['read', 'update']));
  });
  const userRestriction = (ctx: Ctx, add: boolean): void => {
    const p = page(ctx);
    const op = opOf(ctx.params.op);
    const who = ctx.query.get('accountId') ?? ctx.query.get('userName') ?? ctx.query.get('key');
    if (!who) throw badRequest('accountId is required');
    const accountId = resolveUser(ctx, { accountId: who, username: who });
    const cur = p.restrictions[op];
    const users = add ? [...cur.users, accountId] : cur.users.filter((u) => u !== accountId);
    s.setRestrictions(p, [{ operation: op, users, groups: cur.groups }], uid(ctx), 'replace');
    sendJson(ctx.res, 200, undefined);
  };
  r.get('/content/:id/restriction/byOperation/:op/user', (ctx) => {
    // 200 when the user is named in the operation's restriction, 404 otherwise.
    const p = page(ctx);
    const who = ctx.query.get('accountId') ?? ctx.query.get('userName') ?? ctx.query.get('key') ?? '';
    const accountId = resolveUser(ctx, { accountId: who });
    if (!p.restrictions[opOf(ctx.params.op)].users.includes(accountId)) throw notFound(`User ${who} is not in the ${ctx.params.op} restriction of content ${p.id}`);
    sendJson(ctx.res, 200, undefined);
  });
  const groupRestriction = (ctx: Ctx, add: boolean): void => {
    const p = page(ctx);
    const op = opOf(ctx.params.op);
    const cur = p.restrictions[op];
    const groups = add ? [...cur.groups, ctx.params.groupId] : cur.groups.filter((g) => g !== ctx.params.groupId);
    s.setRestrictions(p, [{ operation: op, users: cur.users, groups }], uid(ctx), 'replace');
    sendJson(ctx.res, 200, undefined);
  };
  r.put('/content/:id/restriction/byOperation/:op/byGroupId/:groupId', (ctx) => groupRestriction(ctx, true));
  r.delete('/content/:id/restriction/byOperation/:op/byGroupId/:groupId', (ctx) => groupRestriction(ctx, false));
  r.put('/content/:id/restriction/byOperation/:op/user', (ctx) => userRestriction(ctx, true));
  r.delete('/content/:id/restriction/byOperation/:op/user', (ctx) => userRestriction(ctx, false));

  // ----- move, archive -----
  r.put('/content/:id/move/:position/:targetId', (ctx) => {
    if (ctx.deployment === 'dc') throw notFound('Not Found');
    const p = s.movePage(ctx.params.id, ctx.params.position, ctx.params.targetId, uid(ctx));
    sendJson(ctx.res, 200, { pageId: p.id });
  });
  r.post('/content/archive', (ctx) => {
    const b = objectBody(ctx);
    const pages = b.pages as Array<{ id?: unknown }> | undefined;
    if (!Array.isArray(pages) || pages.length === 0) throw badRequest('pages is required');
    for (const x of pages) s.archivePage(String(x.id), uid(ctx));
    const id = String(Date.now());
    sendJson(ctx.res, 202, { id, links: { status: `${ctx.sitePath}/rest/api/longtask/${id}` } });
  });

  // ----- CQL search -----
  r.get('/search', (ctx) => {
    const cql = ctx.query.get('cql');
    if (!cql) throw badRequest('cql is required');
    const started = Date.now();
    const found = runCql(s, parseCql(cql), cql, uid(ctx));
    const ex = expands(ctx);
    const results = found.map((p) => ({
      content: contentJson(ctx, p, new Set([...ex].filter((e) => e.startsWith('content.')).map((e) => e.slice(8)))),
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
    }));
    const out = v1Page(ctx, results, svc.limits, {
      max: 100,
      cursor: ctx.deployment === 'cloud',
      extra: { totalSize: results.length, cqlQuery: cql, searchDuration: Date.now() - started },
    });
    sendJson(ctx.res, 200, out);
  });
  r.get('/content/search', (ctx) => {
    const cql = ctx.query.get('cql');
    if (!cql) throw badRequest('cql is required');
    const found = runCql(s, parseCql(cql), cql, uid(ctx));
    const ex = expands(ctx);
    // Cloud pages CQL content search with a cursor in _links.next (like /search); Data Center with start.
    sendJson(ctx.res, 200, v1Page(ctx, found.map((p) => contentJson(ctx, p, ex)), svc.limits, { max: 100, cursor: ctx.deployment === 'cloud' }));
  });

  // ---------- serialisers bound to this store ----------
  function userJson(ctx: Ctx, accountId: string): Record<string, unknown> {
    if (accountId === 'anonymous') {
      return { type: 'anonymous', profilePicture: { path: '/images/icons/profilepics/anonymous.svg', width: 48, height: 48, isDefault: true }, displayName: 'Anonymous', _links: { base: `${ctx.origin}${ctx.sitePath}` } };
    }
    const u = s.user(accountId);
    const profilePicture = { path: '/images/icons/profilepics/default.svg', width: 48, height: 48, isDefault: true };
    if (ctx.deployment === 'dc') {
      // Data Center users have a username and an opaque userKey; no accountId, no e-mail in the user object.
      const userKey = userKeyOf({ accountId });
      return {
        type: 'known',
        username: u?.username ?? accountId,
        userKey,
        profilePicture,
        displayName: u?.displayName ?? accountId,
        _expandable: { status: '' },
        _links: { self: `${ctx.origin}${ctx.prefix}/user?key=${userKey}`, base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath },
      };
    }
    // Cloud: accountId (GDPR), no username/userKey.
    return {
      type: 'known',
      accountId,
      accountType: 'atlassian',
      email: u?.email ?? '',
      publicName: u?.displayName ?? accountId,
      profilePicture,
      displayName: u?.displayName ?? accountId,
      isExternalCollaborator: false,
      isGuest: false,
      _expandable: { operations: '', personalSpace: '' },
      _links: { self: `${ctx.origin}${ctx.prefix}/user?accountId=${encodeURIComponent(accountId)}`, base: `${ctx.origin}${ctx.sitePath}` },
    };
  }

  function spaceJson(ctx: Ctx, sp: SpaceRec): Record<string, unknown> {
    return {
      id: Number(sp.id),
      key: sp.key,
      name: sp.name,
      type: sp.type,
      status: sp.status,
      _expandable: { homepage: `/rest/api/content/${sp.homepageId}`, description: '', metadata: '' },
      _links: { webui: `/spaces/${sp.key}`, self: `${ctx.origin}${ctx.prefix}/space/${sp.key}` },
    };
  }

  function versionJson(ctx: Ctx, v: VersionRec): Record<string, unknown> {
    return {
      by: userJson(ctx, v.authorId),
      when: v.createdAt,
      friendlyWhen: v.createdAt.slice(0, 10),
      message: v.message,
      number: v.number,
      minorEdit: v.minorEdit,
      // Data Center marks versions hidden or not (Cloud has no such field).
      ...(ctx.deployment === 'dc' ? { hidden: false } : {}),
      _links: {},
    };
  }

  function historyJson(ctx: Ctx, p: PageRec): Record<string, unknown> {
    return { latest: true, createdBy: userJson(ctx, p.authorId), createdDate: p.createdAt, lastUpdated: versionJson(ctx, s.current(p)) };
  }

  function contentJson(ctx: Ctx, p: PageRec, ex: Set<string>, v: VersionRec = s.current(p)): Record<string, unknown> {
    const sp = s.spaceById(p.spaceId);
    const out: Record<string, unknown> = { id: p.id, type: 'page', status: p.status, title: v.title };
    if (ex.has('space') && sp) out.space = spaceJson(ctx, sp);
    if (ex.has('history')) out.history = historyJson(ctx, p);
    if (ex.has('version')) out.version = versionJson(ctx, v);
    if (ex.has('ancestors')) out.ancestors = s.ancestors(p).map((a) => contentJson(ctx, a, new Set()));
    const body: Record<string, unknown> = {};
    if (ex.has('body.storage') || ex.has('body')) body.storage = { value: v.body, representation: 'storage', _expandable: { content: `/rest/api/content/${p.id}` } };
    for (const f of VIEW_FORMATS) {
      if (ex.has(`body.${f}`)) body[f] = { value: renderView(s, p, v.body, ctx.sitePath), representation: f, _expandable: { webresource: '', content: `/rest/api/content/${p.id}` } };
    }
    // Cloud can expand ADF; this server cannot convert storage to it and says so (Data Center has no ADF and ignores it).
    if (ex.has('body.atlas_doc_format') && ctx.deployment === 'cloud') throw unsupportedRepresentation('atlas_doc_format');
    if (Object.keys(body).length) out.body = body;
    if (ex.has('container') && sp) out.container = spaceJson(ctx, sp);
    if ([...ex].some((e) => e.startsWith('metadata'))) {
      const meta: Record<string, unknown> = {};
      if (ex.has('metadata.labels') || ex.has('metadata')) meta.labels = { results: p.labels.map(labelJson), start: 0, limit: 200, size: p.labels.length };
      if (ex.has('metadata.properties') || [...ex].some((e) => e.startsWith('metadata.properties.'))) {
        meta.properties = Object.fromEntries(p.properties.map((x) => [x.key, { key: x.key, value: x.value, version: { number: x.version.number } }]));
      }
      out.metadata = meta;
    }
    if (ex.has('children.page')) out.children = { page: { results: s.children(p.id, uid(ctx)).map((c) => contentJson(ctx, c, new Set())), size: s.children(p.id, uid(ctx)).length } };
    if (ex.has('childTypes.page')) out.childTypes = { page: { value: s.children(p.id, uid(ctx)).length > 0 } };
    if (ex.has('restrictions.read.restrictions.user') || ex.has('restrictions.update.restrictions.user')) {
      out.restrictions = { read: restrictionJson(ctx, p, 'read'), update: restrictionJson(ctx, p, 'update') };
    }
    out.extensions = { position: p.position };
    out._expandable = {
      ...(ctx.deployment === 'cloud' ? { childTypes: '' } : {}),
      container: sp ? `/rest/api/space/${sp.key}` : '',
      metadata: '',
      operations: '',
      children: `/rest/api/content/${p.id}/child`,
      restrictions: `/rest/api/content/${p.id}/restriction/byOperation`,
      history: `/rest/api/content/${p.id}/history`,
      ancestors: '',
      body: '',
      version: '',
      descendants: `/rest/api/content/${p.id}/descendant`,
      space: sp ? `/rest/api/space/${sp.key}` : '',
    };
    for (const k of Object.keys(out)) if (k in (out._expandable as object) && k !== '_expandable') delete (out._expandable as Record<string, unknown>)[k];
    out._links = {
      webui: pageWebui(sp, p),
      edit: `/pages/resumedraft.action?draftId=${p.id}`,
      tinyui: tinyui(p.id),
      self: `${ctx.origin}${ctx.prefix}/content/${p.id}`,
      base: `${ctx.origin}${ctx.sitePath}`,
      context: ctx.sitePath,
    };
    return out;
  }

  function attachmentJson(ctx: Ctx, a: AttachmentRec): Record<string, unknown> {
    const v = latest(a);
    const links = attachmentLinks(a);
    // Cloud names attachments att123; Data Center's ids are plain numbers like every other content id.
    const id = ctx.deployment === 'dc' ? stripAtt(a.id) : a.id;
    return {
      id,
      type: 'attachment',
      status: a.status,
      title: a.title,
      version: versionJson(ctx, { number: v.number, createdAt: v.createdAt, message: v.comment, minorEdit: v.minorEdit, authorId: v.authorId, title: a.title, body: '' }),
      container: { id: a.pageId, type: 'page', status: 'current', title: s.page(a.pageId)?.title ?? '' },
      metadata: { mediaType: v.mediaType, comment: v.comment, labels: { results: [], size: 0 } },
      extensions: { mediaType: v.mediaType, fileSize: v.fileSize, comment: v.comment, fileId: a.fileId },
      _links: {
        webui: links.webui,
        download: links.download,
        self: `${ctx.origin}${ctx.prefix}/content/${id}`,
        base: `${ctx.origin}${ctx.sitePath}`,
        context: ctx.sitePath,
      },
    };
  }

  function restrictionJson(ctx: Ctx, p: PageRec, op: 'read' | 'update'): Record<string, unknown> {
    const set = p.restrictions[op];
    return {
      operation: op,
      restrictions: {
        user: { results: set.users.map((u) => userJson(ctx, u)), start: 0, limit: 200, size: set.users.length },
        group: { results: set.groups.map((g) => ({ type: 'group', name: g, id: g })), start: 0, limit: 200, size: set.groups.length },
      },
      content: { id: p.id, type: 'page', status: p.status, title: p.title },
      _expandable: {},
      _links: { self: `${ctx.origin}${ctx.prefix}/content/${p.id}/restriction/byOperation/${op}` },
    };
  }

  function resolveUser(ctx: Ctx, u: unknown): string {
    const o = (u ?? {}) as { accountId?: unknown; username?: unknown; userKey?: unknown };
    const key = String(o.accountId ?? o.username ?? o.userKey ?? '');
    const user = s.users.find((x) => x.accountId === key || x.username === key || x.email === key || userKeyOf(x) === key);
    if (!user) throw badRequest(`User not found: ${key || '(none given)'}`);
    void ctx;
    return user.accountId;
  }

  function multipartFiles(ctx: Ctx): { files: Array<{ filename: string; contentType: string; data: Buffer }>; comment: string; minorEdit: boolean } {
    const token = String(ctx.req.headers['x-atlassian-token'] ?? '').toLowerCase();
    if (token !== 'no-check' && token !== 'nocheck') throw new ApiError(403, 'XSRF check failed');
    const boundary = boundaryOf(ctx.req.headers['content-type']);
    if (!boundary) throw badRequest('Attachments must be uploaded as multipart/form-data');
    const parts = parseMultipart(ctx.rawBody, boundary);
    const files = parts
      .filter((x) => x.name === 'file')
      .map((x) => ({ filename: x.filename ?? '', contentType: x.contentType && x.contentType !== 'application/octet-stream' ? x.contentType : '', data: x.data }));
    if (files.length === 0) throw badRequest("No file part named 'file' in the multipart body");
    const field = (name: string): string | undefined => parts.find((x) => x.name === name && x.filename === undefined)?.data.toString('utf8');
    return { files, comment: field('comment') ?? '', minorEdit: field('minorEdit') === 'true' };
  }

  function storageOf(body: unknown): string | undefined {
    if (body === undefined || body === null) return undefined;
    if (typeof body !== 'object') throw badRequest("body must be an object: {storage:{value, representation:'storage'}}");
    const st = (body as { storage?: { value?: unknown; representation?: unknown } }).storage;
    if (!st) {
      const other = Object.keys(body).find((k) => ['wiki', 'editor', 'editor2', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'plain'].includes(k));
      if (other) throw unsupportedRepresentation(other);
      throw badRequest("Only body.storage is supported: {storage:{value, representation:'storage'}}");
    }
    if (st.representation !== undefined && st.representation !== 'storage') throw unsupportedRepresentation(String(st.representation));
    return validateStorage(svc, st.value ?? '');
  }

  return r;
}

function latest(a: AttachmentRec) {
  return a.versions[a.versions.length - 1];
}

function labelJson(l: { id: string; name: string; prefix: string }): Record<string, unknown> {
  return { prefix: l.prefix, name: l.name, id: l.id, label: l.name };
}

function expands(ctx: Ctx): Set<string> {
  return new Set(listParam(ctx.query, 'expand') ?? []);
}

function opOf(op: string): 'read' | 'update' {
  if (op !== 'read' && op !== 'update') throw badRequest(`Invalid operation key: ${op}`);
  return op;
}

function principals(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object' && Array.isArray((v as { results?: unknown }).results)) return (v as { results: unknown[] }).results;
  return [];
}

function objectBody(ctx: Ctx): Record<string, unknown> {
  const b = ctx.json();
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest('Request body must be a JSON object');
  return b as Record<string, unknown>;
}
