/**
 * Attachment downloads at `{site}/download/attachments/{pageId}/{fileName}` (the v2 `downloadLink` and v1
 * `_links.download`, relative to `_links.base`). Data Center answers with the bytes; Cloud answers 302 to a signed
 * URL on the media listener (another origin), as Cloud redirects to its media API. Mounted like an API (faults,
 * authentication, request log); without an Authorization header it answers as the first user, so the web view's
 * images load in a browser.
 */
import { notFound } from '../errors';
import { Router, sendBytes, type Ctx } from '../http';
import type { Services } from '../services';
import type { AttachmentRec } from '../store';

export function downloadRoutes(svc: Services): Router {
  const r = new Router();
  const s = svc.store;
  r.get('/attachments/:pageId/:file', (ctx) => {
    const page = s.page(ctx.params.pageId);
    if (!page || page.status === 'trashed' || !s.canView(page, ctx.user!.accountId)) throw notFound(`No content found with id: ${ctx.params.pageId}`);
    const att = s.attachmentByName(page.id, ctx.params.file);
    if (!att) throw notFound(`No attachment '${ctx.params.file}' on page ${page.id}`);
    sendAttachment(svc, ctx, att, ctx.query.get('version'));
  });
  return r;
}

/** The bytes of one version (default: latest): Cloud redirects to the media origin, Data Center answers directly. */
export function sendAttachment(svc: Services, ctx: Ctx, att: AttachmentRec, versionParam: string | null): void {
  const v = versionParam === null || versionParam === '' ? att.versions[att.versions.length - 1] : att.versions.find((x) => x.number === Number(versionParam));
  if (!v) throw notFound(`Version ${versionParam} of attachment ${att.title} not found`);
  if (ctx.deployment === 'cloud' && svc.media.origin) {
    ctx.res.writeHead(302, { Location: svc.media.signedUrl(att, v.number), 'Content-Length': 0, 'Cache-Control': 'no-cache' });
    ctx.res.end();
    return;
  }
  sendBytes(ctx.res, 200, Buffer.from(v.data, 'base64'), v.mediaType, {
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(att.title)}`,
  });
}
