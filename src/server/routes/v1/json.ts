/** REST API v1 serialisers: users, spaces, versions, content (pages), attachments and restrictions as v1 shapes. */
import { userKeyOf } from '../../auth';
import type { Ctx } from '../../http';
import { pageWebui, renderView, tinyui, unsupportedRepresentation, VIEW_FORMATS } from '../../services';
import { stripAtt, type AttachmentRec, type PageRec, type SpaceRec, type Store, type VersionRec } from '../../store';
import { attachmentLinks } from '../v2/json';

const uid = (ctx: Ctx): string => ctx.user!.accountId;

export function userJson(s: Store, ctx: Ctx, accountId: string): Record<string, unknown> {
  if (accountId === 'anonymous') {
    return { type: 'anonymous', profilePicture: { path: '/images/icons/profilepics/anonymous.svg', width: 48, height: 48, isDefault: true }, displayName: 'Anonymous', _links: { base: `${ctx.origin}${ctx.sitePath}` } };
  }
  const u = s.user(accountId);
  const profilePicture = { path: '/images/icons/profilepics/default.svg', width: 48, height: 48, isDefault: true };
  if (ctx.deployment === 'dc') {
    // Data Center users have a username and an opaque userKey; no accountId, no e-mail in the user object.
    const userKey = userKeyOf({ accountId });
    return {
      type: 'known',
      username: u?.username ?? accountId,
      userKey,
      profilePicture,
      displayName: u?.displayName ?? accountId,
      _expandable: { status: '' },
      _links: { self: `${ctx.origin}${ctx.prefix}/user?key=${userKey}`, base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath },
    };
  }
  // Cloud: accountId (GDPR), no username/userKey.
  return {
    type: 'known',
    accountId,
    accountType: 'atlassian',
    email: u?.email ?? '',
    publicName: u?.displayName ?? accountId,
    profilePicture,
    displayName: u?.displayName ?? accountId,
    isExternalCollaborator: false,
    isGuest: false,
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `${ctx.origin}${ctx.prefix}/user?accountId=${encodeURIComponent(accountId)}`, base: `${ctx.origin}${ctx.sitePath}` },
  };
}

export function spaceJson(s: Store, ctx: Ctx, sp: SpaceRec): Record<string, unknown> {
  return {
    id: Number(sp.id),
    key: sp.key,
    name: sp.name,
    type: sp.type,
    status: sp.status,
    _expandable: { homepage: `/rest/api/content/${sp.homepageId}`, description: '', metadata: '' },
    _links: { webui: `/spaces/${sp.key}`, self: `${ctx.origin}${ctx.prefix}/space/${sp.key}` },
  };
}

export function versionJson(s: Store, ctx: Ctx, v: VersionRec): Record<string, unknown> {
  return {
    by: userJson(s, ctx, v.authorId),
    when: v.createdAt,
    friendlyWhen: v.createdAt.slice(0, 10),
    message: v.message,
    number: v.number,
    minorEdit: v.minorEdit,
    // Data Center marks versions hidden or not (Cloud has no such field).
    ...(ctx.deployment === 'dc' ? { hidden: false } : {}),
    _links: {},
  };
}

export function historyJson(s: Store, ctx: Ctx, p: PageRec): Record<string, unknown> {
  return { latest: true, createdBy: userJson(s, ctx, p.authorId), createdDate: p.createdAt, lastUpdated: versionJson(s, ctx, s.current(p)) };
}

export function contentJson(s: Store, ctx: Ctx, p: PageRec, ex: Set<string>, v: VersionRec = s.current(p)): Record<string, unknown> {
  const sp = s.spaceById(p.spaceId);
  // An older version reads as content in status `historical` (Data Center's `?version=N`, `status=historical`).
  const historical = v.number !== s.current(p).number;
  const out: Record<string, unknown> = { id: p.id, type: 'page', status: historical ? 'historical' : p.status, title: v.title };
  if (ex.has('space') && sp) out.space = spaceJson(s, ctx, sp);
  if (ex.has('history')) out.history = { ...historyJson(s, ctx, p), latest: !historical };
  if (ex.has('version')) out.version = versionJson(s, ctx, v);
  if (ex.has('ancestors')) out.ancestors = s.ancestors(p).map((a) => contentJson(s, ctx, a, new Set()));
  const body: Record<string, unknown> = {};
  if (ex.has('body.storage') || ex.has('body')) body.storage = { value: v.body, representation: 'storage', _expandable: { content: `/rest/api/content/${p.id}` } };
  for (const f of VIEW_FORMATS) {
    if (ex.has(`body.${f}`)) body[f] = { value: renderView(s, p, v.body, ctx.sitePath), representation: f, _expandable: { webresource: '', content: `/rest/api/content/${p.id}` } };
  }
  // Cloud can expand ADF; this server cannot convert storage to it and says so (Data Center has no ADF and ignores it).
  if (ex.has('body.atlas_doc_format') && ctx.deployment === 'cloud') throw unsupportedRepresentation('atlas_doc_format');
  if (Object.keys(body).length) out.body = body;
  if (ex.has('container') && sp) out.container = spaceJson(s, ctx, sp);
  if ([...ex].some((e) => e.startsWith('metadata'))) {
    const meta: Record<string, unknown> = {};
    if (ex.has('metadata.labels') || ex.has('metadata')) meta.labels = { results: p.labels.map(labelJson), start: 0, limit: 200, size: p.labels.length };
    if (ex.has('metadata.properties') || [...ex].some((e) => e.startsWith('metadata.properties.'))) {
      meta.properties = Object.fromEntries(p.properties.map((x) => [x.key, { key: x.key, value: x.value, version: { number: x.version.number } }]));
    }
    out.metadata = meta;
  }
  if (ex.has('children.page')) out.children = { page: { results: s.children(p.id, uid(ctx)).map((c) => contentJson(s, ctx, c, new Set())), size: s.children(p.id, uid(ctx)).length } };
  if (ex.has('childTypes.page')) out.childTypes = { page: { value: s.children(p.id, uid(ctx)).length > 0 } };
  if (ex.has('restrictions.read.restrictions.user') || ex.has('restrictions.update.restrictions.user')) {
    out.restrictions = { read: restrictionJson(s, ctx, p, 'read'), update: restrictionJson(s, ctx, p, 'update') };
  }
  out.extensions = { position: p.position };
  out._expandable = {
    ...(ctx.deployment === 'cloud' ? { childTypes: '' } : {}),
    container: sp ? `/rest/api/space/${sp.key}` : '',
    metadata: '',
    operations: '',
    children: `/rest/api/content/${p.id}/child`,
    restrictions: `/rest/api/content/${p.id}/restriction/byOperation`,
    history: `/rest/api/content/${p.id}/history`,
    ancestors: '',
    body: '',
    version: '',
    descendants: `/rest/api/content/${p.id}/descendant`,
    space: sp ? `/rest/api/space/${sp.key}` : '',
  };
  for (const k of Object.keys(out)) if (k in (out._expandable as object) && k !== '_expandable') delete (out._expandable as Record<string, unknown>)[k];
  out._links = {
    webui: pageWebui(sp, p),
    edit: `/pages/resumedraft.action?draftId=${p.id}`,
    tinyui: tinyui(p.id),
    self: `${ctx.origin}${ctx.prefix}/content/${p.id}`,
    base: `${ctx.origin}${ctx.sitePath}`,
    context: ctx.sitePath,
  };
  return out;
}

export function attachmentJson(s: Store, ctx: Ctx, a: AttachmentRec): Record<string, unknown> {
  const v = latest(a);
  const links = attachmentLinks(a);
  // Cloud names attachments att123; Data Center's ids are plain numbers like every other content id.
  const id = ctx.deployment === 'dc' ? stripAtt(a.id) : a.id;
  return {
    id,
    type: 'attachment',
    status: a.status,
    title: a.title,
    version: versionJson(s, ctx, { number: v.number, createdAt: v.createdAt, message: v.comment, minorEdit: v.minorEdit, authorId: v.authorId, title: a.title, body: '' }),
    container: { id: a.pageId, type: 'page', status: 'current', title: s.page(a.pageId)?.title ?? '' },
    metadata: { mediaType: v.mediaType, comment: v.comment, labels: { results: [], size: 0 } },
    extensions: { mediaType: v.mediaType, fileSize: v.fileSize, comment: v.comment, fileId: a.fileId },
    _links: {
      webui: links.webui,
      download: links.download,
      self: `${ctx.origin}${ctx.prefix}/content/${id}`,
      base: `${ctx.origin}${ctx.sitePath}`,
      context: ctx.sitePath,
    },
  };
}

export function restrictionJson(s: Store, ctx: Ctx, p: PageRec, op: 'read' | 'update'): Record<string, unknown> {
  const set = p.restrictions[op];
  return {
    operation: op,
    restrictions: {
      user: { results: set.users.map((u) => userJson(s, ctx, u)), start: 0, limit: 200, size: set.users.length },
      group: { results: set.groups.map((g) => ({ type: 'group', name: g, id: g })), start: 0, limit: 200, size: set.groups.length },
    },
    content: { id: p.id, type: 'page', status: p.status, title: p.title },
    _expandable: {},
    _links: { self: `${ctx.origin}${ctx.prefix}/content/${p.id}/restriction/byOperation/${op}` },
  };
}


export function latest(a: AttachmentRec) {
  return a.versions[a.versions.length - 1];
}

export function labelJson(l: { id: string; name: string; prefix: string }): Record<string, unknown> {
  return { prefix: l.prefix, name: l.name, id: l.id, label: l.name };
}
