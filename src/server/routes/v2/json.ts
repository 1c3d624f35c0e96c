/** REST API v2 serialisers: spaces, pages, versions, children, labels, properties, attachments as v2 shapes. */
import type { Ctx } from '../../http';
import { pageWebui, renderView, tinyui, type Services } from '../../services';
import type { AttachmentRec, PageRec, PropertyRec, SpaceRec, VersionRec } from '../../store';

export function spaceJson(sp: SpaceRec, ctx: Ctx): Record<string, unknown> {
  return {
    id: sp.id,
    key: sp.key,
    name: sp.name,
    type: sp.type,
    status: sp.status,
    authorId: sp.authorId,
    createdAt: sp.createdAt,
    homepageId: sp.homepageId,
    _links: { webui: `/spaces/${sp.key}`, base: `${ctx.origin}${ctx.sitePath}` },
  };
}

export function pageJson(
  svc: Services,
  p: PageRec,
  ctx: Ctx,
  format: string | undefined,
  opts: { single?: boolean; version?: VersionRec } = {},
): Record<string, unknown> {
  const s = svc.store;
  const v = opts.version ?? s.current(p);
  const space = s.spaceById(p.spaceId);
  const body: Record<string, unknown> = {};
  if (format === 'storage') body.storage = { representation: 'storage', value: v.body };
  // Rendered formats: the storage rendered to HTML (the shared preview renderer), links resolved on this server.
  else if (format) body[format] = { representation: format, value: format === 'editor' ? v.body : renderView(s, p, v.body, ctx.sitePath) };
  const links: Record<string, string> = {
    webui: pageWebui(space, p),
    editui: `/pages/resumedraft.action?draftId=${p.id}`,
    tinyui: tinyui(p.id),
  };
  if (opts.single) links.base = `${ctx.origin}${ctx.sitePath}`;
  return {
    id: p.id,
    status: p.status,
    title: v.title,
    spaceId: p.spaceId,
    // A root page has no parent: the fields are left out (the spec types them as non-nullable strings).
    ...(p.parentId ? { parentId: p.parentId, parentType: 'page' } : {}),
    position: p.position,
    authorId: p.authorId,
    ownerId: p.ownerId,
    lastOwnerId: null,
    createdAt: p.createdAt,
    version: versionJson(v),
    body,
    _links: links,
  };
}

export function versionJson(v: VersionRec): Record<string, unknown> {
  return { number: v.number, message: v.message, minorEdit: v.minorEdit, authorId: v.authorId, createdAt: v.createdAt };
}

export function childJson(c: PageRec): Record<string, unknown> {
  return { id: c.id, status: c.status, title: c.title, type: 'page', spaceId: c.spaceId, childPosition: c.position };
}

export function labelJson(l: { id: string; name: string; prefix: string }): Record<string, unknown> {
  return { id: l.id, name: l.name, prefix: l.prefix };
}

export function propertyJson(p: PropertyRec): Record<string, unknown> {
  return { id: p.id, key: p.key, value: p.value, version: { ...p.version } };
}

export function latest(a: AttachmentRec) {
  return a.versions[a.versions.length - 1];
}

export function attachmentLinks(a: AttachmentRec): { webui: string; download: string } {
  const v = latest(a);
  return {
    webui: `/pages/viewpageattachments.action?pageId=${a.pageId}&preview=${encodeURIComponent('/' + a.pageId + '/' + a.title)}`,
    download: `/download/attachments/${a.pageId}/${encodeURIComponent(a.title)}?version=${v.number}&modificationDate=${Date.parse(v.createdAt)}&api=v2`,
  };
}

export function attachmentJson(svc: Services, a: AttachmentRec, _ctx: Ctx): Record<string, unknown> {
  const v = latest(a);
  const links = attachmentLinks(a);
  return {
    id: a.id,
    status: a.status,
    title: a.title,
    createdAt: a.createdAt,
    pageId: a.pageId,
    mediaType: v.mediaType,
    mediaTypeDescription: v.mediaType,
    comment: v.comment,
    fileId: a.fileId,
    fileSize: v.fileSize,
    webuiLink: links.webui,
    downloadLink: links.download,
    version: { number: v.number, message: v.comment, minorEdit: v.minorEdit, authorId: v.authorId, createdAt: v.createdAt },
    _links: links,
  };
}

export function inlineList(results: unknown[]): Record<string, unknown> {
  return { results, meta: { hasMore: false }, _links: {} };
}
