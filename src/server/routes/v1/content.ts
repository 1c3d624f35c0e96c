/** REST API v1 content (Data Center; removed on Cloud, except move and archive): pages and attachments as content. */
import { badRequest, notFound } from '../../errors';
import { type Router, listParam, sendJson } from '../../http';
import { v1Page } from '../../paging';
import { stripAtt } from '../../store';
import { expands, objectBody, type V1Kit } from './shared';

export function contentRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, dcOnly, pageVisible, statusParam, attachmentAsContent, deleteAttachment, storageOf, contentJson, attachmentJson } = k;
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
      // only this page's items are turned into JSON (with ancestors expanded, the costly part of a listing)
      sendJson(ctx.res, 200, v1Page(ctx, items, svc.limits, { map: (x) => x.json() }));
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
        message: createMessage(b.version),
        properties: createProperties(b.metadata),
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
      const vParam = ctx.query.get('version');
      const v = vParam ? p.versions.find((x) => x.number === Number(vParam)) : undefined;
      if (vParam && !v) throw notFound(`No content found with id: ${p.id} and version: ${vParam}`);
      // An older version has status `historical`: `status=historical` (or no status) finds it; the page's own
      // status is checked against the filter otherwise.
      const shown = v && v.number !== s.current(p).number ? 'historical' : p.status;
      if (status && !status.includes(shown) && !(shown === 'historical' && status.includes(p.status))) throw notFound(`No content found with id: ${p.id}`);
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
}

/** Cloud: move a page (Data Center answers 404); both: archive pages. */
export function contentMoveRoutes(r: Router, k: V1Kit): void {
  const { s, uid } = k;
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
}

/** `version.message` of a create (Data Center keeps it as version 1's message). */
function createMessage(version: unknown): string | undefined {
  const m = (version as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' ? m : undefined;
}

/** `metadata.properties` of a create: `{ key: { key, value } }` (Data Center creates them with the page). */
function createProperties(metadata: unknown): Array<{ key: unknown; value: unknown }> | undefined {
  const props = (metadata as { properties?: unknown } | undefined)?.properties;
  if (props === undefined || props === null) return undefined;
  if (typeof props !== 'object') throw badRequest('metadata.properties must be an object');
  return Object.entries(props as Record<string, { key?: unknown; value?: unknown }>).map(([k, p]) => ({ key: p?.key ?? k, value: p?.value }));
}
