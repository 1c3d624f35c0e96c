/**
 * What the v1 route modules share: the store, who is asking, the Cloud-removal gate (`dcOnly`), page and attachment
 * lookups with visibility checks, and the serialisers bound to this store.
 */
import { userKeyOf } from '../../auth';
import { ApiError, badRequest, forbidden, notFound } from '../../errors';
import { listParam, sendJson, type Ctx, type Handler } from '../../http';
import { isFormData, parseMultipart } from '../../multipart';
import { unsupportedRepresentation, validateStorage, type Services } from '../../services';
import type { AttachmentRec, PageRec, SpaceRec, Store, VersionRec } from '../../store';
import * as json from './json';

export type V1Kit = ReturnType<typeof v1Kit>;

export function v1Kit(svc: Services) {
  const s = svc.store;
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
  return {
    svc,
    s,
    uid,
    dcOnly,
    page,
    pageVisible,
    statusParam,
    attachmentAsContent,
    deleteAttachment,
    resolveUser: (ctx: Ctx, u: unknown): string => resolveUser(s, ctx, u),
    storageOf: (body: unknown): string | undefined => storageOf(svc, body),
    userJson: (ctx: Ctx, accountId: string) => json.userJson(s, ctx, accountId),
    spaceJson: (ctx: Ctx, sp: SpaceRec) => json.spaceJson(s, ctx, sp),
    versionJson: (ctx: Ctx, v: VersionRec) => json.versionJson(s, ctx, v),
    historyJson: (ctx: Ctx, p: PageRec) => json.historyJson(s, ctx, p),
    contentJson: (ctx: Ctx, p: PageRec, ex: Set<string>, v?: VersionRec) => json.contentJson(s, ctx, p, ex, v),
    attachmentJson: (ctx: Ctx, a: AttachmentRec) => json.attachmentJson(s, ctx, a),
    restrictionJson: (ctx: Ctx, p: PageRec, op: 'read' | 'update') => json.restrictionJson(s, ctx, p, op),
  };
}

export function resolveUser(s: Store, ctx: Ctx, u: unknown): string {
  const o = (u ?? {}) as { accountId?: unknown; username?: unknown; userKey?: unknown };
  const key = String(o.accountId ?? o.username ?? o.userKey ?? '');
  const user = s.users.find((x) => x.accountId === key || x.username === key || x.email === key || userKeyOf(x) === key);
  if (!user) throw badRequest(`User not found: ${key || '(none given)'}`);
  void ctx;
  return user.accountId;
}

export async function multipartFiles(ctx: Ctx): Promise<{ files: Array<{ filename: string; contentType: string; data: Buffer }>; comment: string; minorEdit: boolean }> {
  const token = String(ctx.req.headers['x-atlassian-token'] ?? '').toLowerCase();
  if (token !== 'no-check' && token !== 'nocheck') throw new ApiError(403, 'XSRF check failed');
  if (!isFormData(ctx.req.headers['content-type'])) throw badRequest('Attachments must be uploaded as multipart/form-data');
  const parts = await parseMultipart(ctx.rawBody, ctx.req.headers);
  const files = parts
    .filter((x) => x.name === 'file')
    .map((x) => ({ filename: x.filename ?? '', contentType: x.contentType && x.contentType !== 'application/octet-stream' ? x.contentType : '', data: x.data }));
  if (files.length === 0) throw badRequest("No file part named 'file' in the multipart body");
  const field = (name: string): string | undefined => parts.find((x) => x.name === name && x.filename === undefined)?.data.toString('utf8');
  return { files, comment: field('comment') ?? '', minorEdit: field('minorEdit') === 'true' };
}

export function storageOf(svc: Services, body: unknown): string | undefined {
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

export function expands(ctx: Ctx): Set<string> {
  return new Set(listParam(ctx.query, 'expand') ?? []);
}

export function opOf(op: string): 'read' | 'update' {
  if (op !== 'read' && op !== 'update') throw badRequest(`Invalid operation key: ${op}`);
  return op;
}

export function principals(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object' && Array.isArray((v as { results?: unknown }).results)) return (v as { results: unknown[] }).results;
  return [];
}

export function objectBody(ctx: Ctx): Record<string, unknown> {
  const b = ctx.json();
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest('Request body must be a JSON object');
  return b as Record<string, unknown>;
}
