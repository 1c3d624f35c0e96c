/** REST API v2 content properties of a page, by numeric id. */
import { notFound } from '../../errors';
import { type Router, sendJson, type Ctx } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import type { PageRec, PropertyRec } from '../../store';
import { propertyJson } from './json';
import { objectBody, uid } from './shared';

export function propertyRoutes(r: Router, svc: Services): void {
  const s = svc.store;
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
}
