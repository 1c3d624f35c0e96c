/** REST API v1 attachments: list, multipart upload (create, upsert, new version), metadata update, delete, download. */
import { ApiError, badRequest, forbidden, notFound } from '../../errors';
import { type Router, sendJson, type Ctx } from '../../http';
import { v1Page } from '../../paging';
import { type AttachmentRec, type PageRec } from '../../store';
import { sendAttachment } from '../download';
import { latest } from './json';
import { multipartFiles, objectBody, type V1Kit } from './shared';

export function attachmentRoutes(r: Router, k: V1Kit): void {
  const { svc, s, uid, dcOnly, page, deleteAttachment, attachmentJson } = k;
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
  const upload = async (ctx: Ctx, mode: 'create' | 'upsert'): Promise<void> => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to add attachments to content with id: ${p.id}`);
    const files = await multipartFiles(ctx);
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
    return upload(ctx, 'upsert');
  });
  const attachmentOf = (ctx: Ctx): { p: PageRec; a: AttachmentRec } => {
    const p = page(ctx);
    if (!/^(att)?[0-9]+$/.test(ctx.params.attId)) throw badRequest(`Invalid attachment id: ${ctx.params.attId}`);
    const a = s.attachment(ctx.params.attId);
    if (!a || a.pageId !== p.id || a.status !== 'current') throw notFound(`No attachment with id ${ctx.params.attId} on content ${p.id}`);
    return { p, a };
  };
  r.post('/content/:id/child/attachment/:attId/data', async (ctx) => {
    const { p, a } = attachmentOf(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to update attachments of content with id: ${p.id}`);
    const files = await multipartFiles(ctx);
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
  // Cloud: 302 to the bytes (the media origin); a version above the latest is a 400 (downloadAttatchment).
  r.get('/content/:id/child/attachment/:attId/download', (ctx) => {
    const { a } = attachmentOf(ctx);
    const version = ctx.query.get('version');
    if (version !== null && !(Number.isInteger(Number(version)) && Number(version) >= 1 && Number(version) <= latest(a).number)) {
      throw badRequest(`Invalid attachment version: ${version} (latest is ${latest(a).number})`);
    }
    sendAttachment(svc, ctx, a, version);
  });
}
