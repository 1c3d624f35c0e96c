/** REST API v2 attachments: list, read, delete (upload is v1). */
import { badRequest, notFound } from '../../errors';
import { type Router, listParam, sendJson, type Ctx } from '../../http';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import type { AttachmentRec } from '../../store';
import { attachmentJson, attachmentLinks, latest } from './json';
import { uid } from './shared';

export function attachmentRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  // ----- attachments (read / delete; upload is v1) -----
  r.get('/pages/:id/attachments', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const filename = ctx.query.get('filename');
    const mediaType = ctx.query.get('mediaType');
    const status = listParam(ctx.query, 'status') ?? ['current'];
    const atts = s
      .attachmentsOf(p.id, true)
      .filter((a) => status.includes(a.status) && (!filename || a.title === filename) && (!mediaType || latest(a).mediaType === mediaType));
    sendV2Page(ctx, atts, svc.limits, { defaultLimit: 50, map: (a) => attachmentJson(svc, a, ctx) });
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
}
