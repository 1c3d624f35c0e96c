/** REST API v2 labels of a page (read only in v2; writes are v1). */
import { type Router } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import { labelJson } from './json';
import { uid } from './shared';

export function labelRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  // ----- labels (read only in v2) -----
  r.get('/pages/:id/labels', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const prefix = ctx.query.get('prefix');
    const labels = p.labels.filter((l) => !prefix || l.prefix === prefix);
    sendV2Page(ctx, labels.map(labelJson), svc.limits);
  });
}
