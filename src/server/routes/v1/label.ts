/** REST API v1 labels of a page: list (Data Center), add and remove (Cloud and Data Center). */
import { badRequest, forbidden } from '../../errors';
import { type Router, sendJson, type Ctx } from '../../http';
import { v1Page } from '../../paging';
import { labelJson } from './json';
import { type V1Kit } from './shared';

export function labelRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, dcOnly, page } = k;
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
}
