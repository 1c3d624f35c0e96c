/** REST API v2 inline comments: `GET /pages/{id}/inline-comments`, `POST /inline-comments`, `GET /inline-comments/{id}`. */
import { notFound } from '../../errors';
import { type Ctx, type Router, sendJson } from '../../http';
import { addInlineComment, inlineCommentsOf, resolutionOf } from '../../inline-comments';
import { sendV2Page } from '../../paging';
import type { Services } from '../../services';
import type { InlineCommentRec } from '../../store-records';
import { bodyFormat, objectBody, uid, writeBody } from './shared';

export function inlineCommentRoutes(r: Router, svc: Services): void {
  const s = svc.store;
  const json = (c: InlineCommentRec, ctx: Ctx, format: string | undefined): Record<string, unknown> => ({
    id: c.id,
    status: 'current',
    title: `Re: ${s.page(c.pageId)?.title ?? ''}`,
    pageId: c.pageId,
    version: { number: 1, createdAt: c.createdAt, message: '', minorEdit: false, authorId: c.authorId },
    ...(format === 'storage' ? { body: { storage: { representation: 'storage', value: c.body } } } : {}),
    resolutionStatus: resolutionOf(s, c),
    properties: { inlineMarkerRef: c.ref, inlineOriginalSelection: c.selection },
    _links: { webui: `/pages/viewpage.action?pageId=${c.pageId}&focusedCommentId=${c.id}` },
  });
  r.get('/pages/:id/inline-comments', (ctx) => {
    const p = s.visiblePage(ctx.params.id, uid(ctx));
    const format = bodyFormat(ctx, false);
    const wanted = ctx.query.getAll('resolution-status').flatMap((x) => x.split(','));
    const items = inlineCommentsOf(s, p.id).filter((c) => !wanted.length || wanted.includes(resolutionOf(s, c)));
    sendV2Page(ctx, items.map((c) => json(c, ctx, format)), svc.limits);
  });
  r.get('/inline-comments/:commentId', (ctx) => {
    const c = (s.data.inlineComments ?? []).find((x) => x.id === ctx.params.commentId);
    if (!c) throw notFound(`Inline comment ${ctx.params.commentId} not found`);
    s.visiblePage(c.pageId, uid(ctx));
    sendJson(ctx.res, 200, json(c, ctx, bodyFormat(ctx, true)));
  });
  r.post('/inline-comments', (ctx) => {
    const b = objectBody(ctx);
    const page = s.visiblePage(String(b.pageId ?? ''), uid(ctx));
    const props = (b.inlineCommentProperties ?? {}) as Record<string, unknown>;
    const body = writeBody(svc, b.body, true)!;
    const c = addInlineComment(s, {
      page, body, authorId: uid(ctx) ?? '',
      textSelection: props.textSelection, matchIndex: props.textSelectionMatchIndex, matchCount: props.textSelectionMatchCount,
    });
    sendJson(ctx.res, 201, json(c, ctx, 'storage'));
  });
}
