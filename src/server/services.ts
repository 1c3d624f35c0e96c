/** What route modules share: the store, limits and the storage validator. */
import { ApiError, badRequest } from './errors';
import type { PagingLimits } from './paging';
import type { PageRec, SpaceRec, Store } from './store';
import { checkStorage, formatXhtmlError } from './xhtml';

export interface Services {
  store: Store;
  limits: PagingLimits;
  strictEntities: boolean;
  removedCloudV1: 410 | 404 | 'serve';
  /** Maximum multipart upload size (attachments). */
  maxAttachmentBytes: number;
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
