/** What route modules share: the store, limits and the storage validator. */
import { storageToHtml } from '../core';
import { ApiError, badRequest } from './errors';
import type { PagingLimits } from './paging';
import type { MediaService } from './media';
import type { PageRec, SpaceRec, Store } from './store';
import type { ServerSettings } from './types';
import { checkStorage, formatXhtmlError } from './xhtml';

export interface Services {
  store: Store;
  limits: PagingLimits;
  strictEntities: boolean;
  removedCloudV1: 410 | 404 | 'serve';
  /** Maximum multipart upload size (attachments). */
  maxAttachmentBytes: number;
  /** Runtime settings (user time zone, search index lag); mutated in place by setSettings. */
  settings: ServerSettings;
  /** Where Cloud attachment downloads redirect to (signed URLs on another origin). */
  media: MediaService;
}

/** 400 "Error parsing xhtml" when the storage is not well-formed. */
export function validateStorage(svc: Services, value: unknown): string {
  if (typeof value !== 'string') throw badRequest('Body value must be a string');
  const problem = checkStorage(value, { strictEntities: svc.strictEntities });
  if (problem) throw new ApiError(400, formatXhtmlError(problem));
  return value;
}

/** Web UI path of a page relative to the site base (/wiki), as Confluence's `_links.webui`. */
export function pageWebui(space: SpaceRec | undefined, p: PageRec): string {
  const slug = encodeURIComponent(p.title.replace(/ /g, '+')).replace(/%2B/g, '+');
  return `/spaces/${space?.key ?? 'UNKNOWN'}/pages/${p.id}/${slug}`;
}

export function tinyui(id: string): string {
  return `/x/${Buffer.from(id).toString('base64url')}`;
}

/** Representations a client may ask for that are rendered HTML (v1 `expand=body.X`, v2 `body-format=X`). */
export const VIEW_FORMATS = ['view', 'export_view', 'styled_view', 'anonymous_export_view'];

/**
 * The `view` family of a page body: its storage rendered to HTML with page and attachment links resolved against
 * this server (relative to the site path, /wiki or the DC context path), as Confluence renders them.
 */
export function renderView(store: Store, p: PageRec, storage: string, sitePath: string): string {
  const space = store.spaceById(p.spaceId);
  const href = (x: PageRec): string => `${sitePath}${pageWebui(store.spaceById(x.spaceId), x)}`;
  const pageUrl = (title: string, spaceKey?: string): string | undefined => {
    const sp = spaceKey ? store.spaceByKey(spaceKey) : space;
    const target = sp ? store.findByTitle(sp.id, title, ['current'])[0] : undefined;
    return target ? href(target) : undefined;
  };
  const attachmentUrl = (fileName: string): string | undefined =>
    store.attachmentByName(p.id, fileName) ? `${sitePath}/download/attachments/${p.id}/${encodeURIComponent(fileName)}` : undefined;
  return storageToHtml(storage, { pageUrl, attachmentUrl: (fileName) => attachmentUrl(fileName) });
}

/** 400 for a body representation this server does not convert to or from (it keeps storage only). */
export function unsupportedRepresentation(representation: string, code?: string): ApiError {
  return badRequest(
    `Body representation '${representation}' is not supported by this local Confluence server: it keeps page bodies in ` +
      `storage format and does not convert ${representation === 'atlas_doc_format' ? 'ADF (atlas_doc_format)' : `'${representation}'`}; ` +
      `use representation 'storage'`,
    code,
  );
}
