/** Confluence JSON (v2 and v1/Data Center shapes) to the typed objects of types.ts. */
import type { Attachment, CurrentUser, Page, PageSummary, Space } from './types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function webUrl(links: Json | undefined, fallback: string): string {
  if (links && typeof links.webui === 'string') {
    if (/^https?:\/\//.test(links.webui)) return links.webui;
    if (typeof links.base === 'string') return links.base.replace(/\/+$/, '') + links.webui;
  }
  return fallback;
}

export function v2Page(json: Json, pageUrl: (id: string) => string): Page {
  const id = String(json.id);
  return {
    id,
    title: String(json.title ?? ''),
    spaceId: String(json.spaceId ?? ''),
    parentId: str(json.parentId),
    version: Number(json.version?.number ?? 0),
    status: String(json.status ?? 'current'),
    body: typeof json.body?.storage?.value === 'string' ? json.body.storage.value : undefined,
    webUrl: webUrl(json._links, pageUrl(id)),
    lastModifiedBy: str(json.version?.authorId),
    ...(typeof json.version?.message === 'string' && json.version.message ? { versionMessage: json.version.message as string } : {}),
  };
}

export function v2Space(json: Json): Space {
  return { id: String(json.id), key: String(json.key), name: String(json.name ?? json.key), homepageId: str(json.homepageId) };
}

export function v2Attachment(json: Json): Attachment {
  return {
    id: String(json.id),
    title: String(json.title ?? ''),
    mediaType: str(json.mediaType),
    fileSize: json.fileSize === undefined ? undefined : Number(json.fileSize),
    comment: str(json.comment),
    version: Number(json.version?.number ?? 1),
    ...(json.downloadLink ? { downloadLink: String(json.downloadLink) } : {}),
  };
}

/** v1 / Data Center content (type page) with `expand=version,ancestors,space[,body.storage]`. */
export function v1Page(json: Json, pageUrl: (id: string) => string): Page {
  const id = String(json.id);
  const ancestors: Json[] = Array.isArray(json.ancestors) ? json.ancestors : [];
  const by = json.version?.by ?? {};
  return {
    id,
    title: String(json.title ?? ''),
    spaceId: str(json.space?.id) ?? '',
    parentId: ancestors.length > 0 ? str(ancestors[ancestors.length - 1].id) : undefined,
    version: Number(json.version?.number ?? 0),
    status: String(json.status ?? 'current'),
    body: typeof json.body?.storage?.value === 'string' ? json.body.storage.value : undefined,
    webUrl: webUrl(json._links, pageUrl(id)),
    lastModifiedBy: str(by.accountId ?? by.userKey ?? by.username),
    ...(typeof json.version?.message === 'string' && json.version.message ? { versionMessage: json.version.message as string } : {}),
  };
}

export function summary(page: Page): PageSummary {
  return { id: page.id, title: page.title, spaceId: page.spaceId, parentId: page.parentId, version: page.version, status: page.status };
}

/** A summary with the current version's message, as the bulk version reads (`getPageVersions`) answer. */
export function versionSummary(page: Page): PageSummary {
  return { ...summary(page), ...(page.versionMessage ? { versionMessage: page.versionMessage } : {}) };
}

export function v1Space(json: Json): Space {
  return { id: String(json.id), key: String(json.key), name: String(json.name ?? json.key), homepageId: str(json.homepage?.id) };
}

export function v1Attachment(json: Json): Attachment {
  const ext = json.extensions ?? {};
  const meta = json.metadata ?? {};
  return {
    id: String(json.id),
    title: String(json.title ?? ''),
    mediaType: str(ext.mediaType ?? meta.mediaType),
    fileSize: ext.fileSize === undefined ? undefined : Number(ext.fileSize),
    comment: str(ext.comment ?? meta.comment),
    version: Number(json.version?.number ?? 1),
    ...(json._links?.download ? { downloadLink: String(json._links.download) } : {}),
  };
}

export function v1User(json: Json): CurrentUser {
  return {
    accountId: String(json.accountId ?? json.userKey ?? json.username ?? ''),
    username: str(json.username),
    displayName: String(json.displayName ?? json.publicName ?? json.username ?? json.accountId ?? ''),
  };
}

/** Confluence answers `type: anonymous` when credentials were ignored (Data Center with anonymous access on). */
export function isAnonymousUser(json: Json | undefined): boolean {
  if (!json || typeof json !== 'object') return true;
  return json.type === 'anonymous' || (!json.accountId && !json.userKey && !json.username);
}
