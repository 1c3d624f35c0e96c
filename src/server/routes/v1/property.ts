/** REST API v1 content properties by key (Data Center; removed on Cloud). */
import { notFound } from '../../errors';
import { type Router, sendJson, type Ctx } from '../../http';
import { v1Page } from '../../paging';
import { type PageRec, type PropertyRec } from '../../store';
import { objectBody, type V1Kit } from './shared';

export function propertyRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, dcOnly, page } = k;
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
}
