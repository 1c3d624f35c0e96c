/**
 * The Confluence API as the sync engine sees it. `ConfluenceClient` (client.ts) implements it over HTTP for Cloud
 * (REST v2 + v1) and Data Center (/rest/api); tests may implement it in memory.
 */

export interface ConfluenceCredentials {
  /** Site URL as the user knows it: https://acme.atlassian.net, https://acme.atlassian.net/wiki, https://confluence.acme.com/ctx */
  baseUrl: string;
  /** Cloud: account e-mail, used with apiToken for Basic auth. */
  email?: string;
  /** Cloud API token (classic or scoped). */
  apiToken?: string;
  /** Data Center / Server personal access token, sent as Bearer. */
  personalAccessToken?: string;
  /**
   * Which credential this is, as the user chose it (never guessed by sending it elsewhere): `basic` e-mail + classic
   * API token (Basic, to the site); `scoped` e-mail + scoped API token (Basic, to the api.atlassian.com gateway of an
   * Atlassian Cloud site); `pat` personal access token (Bearer, Data Center / Server). Unset: from what is given.
   */
  auth?: ConfluenceAuthKind;
  /** Cloud id of the site for `scoped` (else looked up at `{site}/_edge/tenant_info`). */
  cloudId?: string;
}

export type ConfluenceAuthKind = 'basic' | 'scoped' | 'pat';

export type SiteFlavor = 'cloud' | 'datacenter';

export interface SiteCapabilities {
  flavor: SiteFlavor;
  /** REST v2 is available (Cloud). */
  v2: boolean;
  /** Page restrictions can be written (read-only mode). */
  restrictions: boolean;
  /** Archiving pages is supported. */
  archive: boolean;
  /** Content properties are supported. */
  contentProperties: boolean;
  /** Human-readable notes on what the site cannot do. */
  limitations: string[];
}

export interface CurrentUser {
  /** Cloud accountId, or Data Center userKey. */
  accountId: string;
  /** Data Center username, if any. */
  username?: string;
  displayName: string;
}

export interface Space {
  id: string;
  key: string;
  name: string;
  homepageId?: string;
}

export interface PageSummary {
  id: string;
  title: string;
  spaceId: string;
  parentId?: string;
  /** Current version number. */
  version: number;
  status: 'current' | 'archived' | 'draft' | 'trashed' | string;
  /** The current version's message (listings include it: v2 `version.message`, v1 `expand=version`). */
  versionMessage?: string;
}

export interface Page extends PageSummary {
  /** Storage-format body, when requested. */
  body?: string;
  /** Absolute URL a person opens in a browser. */
  webUrl: string;
  /** Who last modified it (accountId / userKey), when known. */
  lastModifiedBy?: string;
}

export interface CreatePageInput {
  spaceId: string;
  title: string;
  parentId?: string;
  /** Storage format. */
  body: string;
  /**
   * Message of version 1, where the site takes one on create (Data Center `version.message`; Cloud v2 create has no
   * such field, so it is ignored there).
   */
  versionMessage?: string;
  /**
   * Content properties set in the same request, where the site takes them on create (Data Center
   * `metadata.properties`; ignored on Cloud v2, whose create has no such field).
   */
  properties?: Record<string, unknown>;
}

export interface UpdatePageInput {
  id: string;
  title: string;
  body: string;
  /** The new version number: current + 1. A stale one gets a 409 ConfluenceError. */
  version: number;
  parentId?: string;
  versionMessage?: string;
}

export interface Attachment {
  id: string;
  title: string;
  mediaType?: string;
  fileSize?: number;
  /** The comment stored with the attachment (we keep the content hash there). */
  comment?: string;
  version: number;
  /** Where its bytes are served, as the site gives it (absolute, or relative to the site). */
  downloadLink?: string;
}

export interface UploadAttachmentInput {
  pageId: string;
  fileName: string;
  data: Uint8Array;
  mediaType: string;
  comment?: string;
  /** Existing attachment id to upload a new version of. */
  existingId?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ConfluenceApi {
  readonly baseUrl: string;
  readonly capabilities: SiteCapabilities;
  getCurrentUser(opts?: RequestOptions): Promise<CurrentUser>;
  getSpace(key: string, opts?: RequestOptions): Promise<Space>;
  /**
   * The spaces the user can see (current ones), following pagination to the end (Cloud: v2 `GET /spaces`; Data
   * Center: v1 `GET /space`), in the site's order (about one request per 250 spaces).
   */
  listSpaces(opts?: RequestOptions): Promise<Space[]>;
  getPage(id: string, opts?: RequestOptions & { body?: boolean }): Promise<Page | undefined>;
  findPageByTitle(spaceId: string, title: string, opts?: RequestOptions & { body?: boolean }): Promise<Page | undefined>;
  /** Every current page of a space, following pagination to the end (about one request per 250 pages). */
  listPages(spaceId: string, opts?: RequestOptions & { body?: boolean }): Promise<Page[]>;
  getChildren(pageId: string, opts?: RequestOptions): Promise<PageSummary[]>;
  createPage(input: CreatePageInput, opts?: RequestOptions): Promise<Page>;
  updatePage(input: UpdatePageInput, opts?: RequestOptions): Promise<Page>;
  movePage(id: string, newParentId: string, opts?: RequestOptions): Promise<void>;
  deletePage(id: string, opts?: RequestOptions): Promise<void>;
  archivePage(id: string, opts?: RequestOptions): Promise<void>;
  getLabels(pageId: string, opts?: RequestOptions): Promise<string[]>;
  addLabels(pageId: string, labels: string[], opts?: RequestOptions): Promise<void>;
  /** Removes one label; a label that is not there is not an error. */
  removeLabel(pageId: string, label: string, opts?: RequestOptions): Promise<void>;
  getProperty<T = unknown>(pageId: string, key: string, opts?: RequestOptions): Promise<{ value: T; version: number } | undefined>;
  /**
   * `isNew`: the caller just created the page, so the property cannot exist yet; an implementation may skip the
   * look-up and create it directly (falling back on 409). `expectedVersion`: the version the caller read with
   * `getProperty` a moment ago (0: it read that there is none); an implementation may write on it without reading
   * again (a stale one fails with 409 and is re-read). Optional hints, safe to ignore.
   */
  setProperty(pageId: string, key: string, value: unknown, opts?: RequestOptions & { isNew?: boolean; expectedVersion?: number }): Promise<void>;
  listAttachments(pageId: string, opts?: RequestOptions): Promise<Attachment[]>;
  uploadAttachment(input: UploadAttachmentInput, opts?: RequestOptions): Promise<Attachment>;
  /** Restrict editing of a page to one user (read-only mode). */
  restrictEditingTo(pageId: string, user: CurrentUser, opts?: RequestOptions): Promise<void>;
  /** CQL search (v1), following pagination. */
  searchCql(cql: string, opts?: RequestOptions): Promise<PageSummary[]>;
  /** Browser URL of a page. */
  pageUrl(pageId: string): string;

  // The read side (import, pull).
  /**
   * Every page under a root (not the root itself), parents before children, siblings in Confluence's order, with
   * parent id and current version. Cloud: `GET /pages/{id}/descendants` (cursor, depth 10, continued below that
   * depth); Data Center: `/child/page` level by level.
   */
  listDescendants(rootId: string, opts?: RequestOptions): Promise<PageSummary[]>;
  /**
   * Current version, title, parent, status and version message of many pages at once, read by id from the database,
   * not the search index (Cloud: `GET /pages?id=…` 250 at a time; Data Center: `GET /content?ids=…&status=any` 100 at
   * a time). Pages that no longer exist (purged) are absent; trashed ones come with status 'trashed'.
   */
  getPageVersions(ids: string[], opts?: RequestOptions): Promise<PageSummary[]>;
  /** The page as it was at version `version`, with its storage body; undefined when that version does not exist. */
  getPageAtVersion(id: string, version: number, opts?: RequestOptions): Promise<Page | undefined>;
  /**
   * Pages of a space modified at or after `since`, by CQL `lastmodified` widened by an overlap window (minute
   * precision, the user's time zone, index lag). A hint only: callers confirm with version numbers.
   */
  findChangedSince(spaceKey: string, since: Date, opts?: RequestOptions): Promise<PageSummary[]>;
  /**
   * The bytes of an attachment of a page. Follows redirects (Cloud answers with one to its media store) but sends
   * credentials only to the site's own host.
   */
  downloadAttachment(pageId: string, attachment: Attachment, opts?: RequestOptions): Promise<Uint8Array>;
}
