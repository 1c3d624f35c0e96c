/**
 * The shared part of the HTTP client: request execution, pagination, stats. `CloudClient` (cloud.ts) and
 * `DataCenterClient` (datacenter.ts) fill in the endpoints; `connectConfluence` (connect.ts) picks one by probing.
 */
import type {
  Attachment,
  ConfluenceApi,
  CreatePageInput,
  CurrentUser,
  Page,
  PageSummary,
  RequestOptions,
  SiteCapabilities,
  Space,
  UpdatePageInput,
  UploadAttachmentInput,
} from './types';
import { listFromBothEnds } from './bothEnds';
import { ConfluenceError, isConfluenceError } from './errors';
import type { JsonResponse, QueryValue, RequestExecutor, RequestSpec, RequestStats } from './executor';
import { v1Page, v1User } from './mappers';
import { recovered, searchHit, searchSpec, type Json } from './requests';
import { parseLinkNext, resolveNextLink } from './site';

export interface ClientSite {
  /** The site URL as given by the user (normalised). */
  baseUrl: string;
  /** Where people open pages: `https://acme.atlassian.net/wiki`, `https://confluence.acme.com/ctx`. */
  webBase: string;
  capabilities: SiteCapabilities;
  user: CurrentUser;
}

/** How much earlier than asked a "changed since" search starts (time zones up to UTC-12, minute precision, index lag). */
export const CHANGE_WINDOW_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** `yyyy-MM-dd HH:mm` in UTC, the form CQL dates take. */
export function cqlMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

function cqlEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** A next-page link (relative to the API base or absolute) as an absolute URL; undefined when there is none. */
function resolvedNext(link: unknown, base: string, apiPath: '/api/v2' | '/rest/api'): string | undefined {
  return typeof link === 'string' && link ? resolveNextLink(link, base, apiPath) : undefined;
}

/** An attachment's `downloadLink` (relative to the site, or absolute) as an absolute URL. */
export function absoluteLink(base: string, link: string): string {
  return /^https?:\/\//i.test(link) ? link : `${base.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

export abstract class ConfluenceClient implements ConfluenceApi {
  readonly baseUrl: string;
  readonly capabilities: SiteCapabilities;
  /** The account the credentials belong to (from the connection probe). */
  readonly user: CurrentUser;
  protected readonly webBase: string;
  /** Space id -> key of the spaces this client has seen (page results carry ids; Data Center addresses keys). */
  protected readonly spaceKeys = new Map<string, string>();

  constructor(
    protected readonly http: RequestExecutor,
    site: ClientSite,
  ) {
    this.baseUrl = site.baseUrl;
    this.webBase = site.webBase;
    this.capabilities = site.capabilities;
    this.user = site.user;
  }

  /** Remembers a space's key by its id and returns the space (every space read goes through here). */
  protected rememberSpace(space: Space): Space {
    this.spaceKeys.set(space.id, space.key);
    return space;
  }

  /** Request counts (by method, by kind), retries, 429s, peak concurrency. Live object. */
  get stats(): RequestStats {
    const snap = this.http.limiter.snapshot();
    this.http.stats.peakConcurrency = Math.max(this.http.stats.peakConcurrency, snap.peakActive);
    this.http.stats.peakLimit = Math.max(this.http.stats.peakLimit, snap.peakLimit);
    return this.http.stats;
  }

  /** Redacts this client's secrets (and any credential pattern) from a text before it is shown or logged. */
  redact(text: string): string {
    return this.http.redact(text);
  }

  /** Closes keep-alive connections. */
  close(): void {
    this.http.close();
  }

  pageUrl(pageId: string): string {
    return `${this.webBase}/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;
  }

  protected unsupported(operation: string, what: string): ConfluenceError {
    return new ConfluenceError({
      code: 'UNSUPPORTED',
      confluenceMessage: what,
      operation,
      hint: `This Confluence site cannot do this (${this.capabilities.flavor === 'datacenter' ? 'Data Center' : 'Cloud'}); turn the option off in .confluence.yml.`,
    });
  }

  /**
   * Runs a call that needs a capability; when the site answers that the endpoint does not exist (405/501), the
   * capability is switched off and noted in `capabilities.limitations`, and the error says so instead of a raw 405.
   */
  protected async needing<T>(capability: 'restrictions' | 'archive', operation: string, call: () => Promise<T>): Promise<T> {
    if (!this.capabilities[capability]) throw this.unsupported(operation, `${capability} are not available on this site`);
    try {
      return await call();
    } catch (err) {
      if (isConfluenceError(err) && (err.status === 405 || err.status === 501)) {
        this.capabilities[capability] = false;
        this.capabilities.limitations.push(`This site has no REST endpoint for ${capability === 'restrictions' ? 'page restrictions (read-only mode)' : 'archiving pages'}.`);
        throw this.unsupported(operation, `the site answered ${err.status}: ${err.confluenceMessage}`);
      }
      throw err;
    }
  }

  /** Follows v2 cursor pagination (Link header, else `_links.next`) to the end. */
  protected collectV2<T>(spec: RequestSpec, v2Base: string, map: (item: Json) => T | undefined): Promise<T[]> {
    return this.collect(spec, map, (res) => resolvedNext(parseLinkNext(res.headers.link) ?? res.data?._links?.next, v2Base, '/api/v2'));
  }

  /** A whole v2 listing from both ends at once (`sort=id` and `sort=-id`, see bothEnds.ts): half the round trips. */
  protected collectV2BothEnds<T>(spec: RequestSpec, v2Base: string, map: (item: Json) => T | undefined): Promise<T[]> {
    const nextOf = (res: JsonResponse<Json>) => resolvedNext(parseLinkNext(res.headers.link) ?? res.data?._links?.next, v2Base, '/api/v2');
    return listFromBothEnds((next) => this.http.request<Json>(next), spec, nextOf, map);
  }

  /** Follows v1 pagination (`_links.next`, start/limit or cursor inside it) to the end; an empty page ends it too. */
  protected collectV1<T>(spec: RequestSpec, v1Base: string, map: (item: Json) => T | undefined): Promise<T[]> {
    return this.collect(spec, map, (res) => resolvedNext(res.data?._links?.next, v1Base, '/rest/api'), true);
  }

  /** Every page of a listing: `results` mapped (undefined skipped), then the next link, until there is none. */
  private async collect<T>(spec: RequestSpec, map: (item: Json) => T | undefined, nextOf: (res: JsonResponse<Json>) => string | undefined, stopWhenEmpty = false): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let next: RequestSpec | undefined = spec;
    while (next) {
      const res: JsonResponse<Json> = await this.http.request<Json>(next);
      const results = (res.data?.results ?? []) as Json[];
      for (const item of results) {
        const mapped = map(item);
        if (mapped !== undefined) out.push(mapped);
      }
      const url = nextOf(res);
      // A repeated link (or, on v1, an empty page) would loop forever on a misbehaving server.
      next = url && !seen.has(url) && (results.length > 0 || !stopWhenEmpty) ? { ...spec, url, query: undefined } : undefined;
      if (url) seen.add(url);
    }
    return out;
  }

  /**
   * A PUT whose first attempt was lost (dropped connection) and whose retry hit 409 may have been applied:
   * re-read the page and accept it when it carries exactly the version and title we sent.
   */
  protected async updateOrRecover(input: UpdatePageInput, put: () => Promise<Page>, opts?: RequestOptions): Promise<Page> {
    try {
      return await put();
    } catch (err) {
      if (isConfluenceError(err, 409) && err.retries > 0) {
        const current = await this.getPage(input.id, { ...opts, body: false });
        if (current && current.version === input.version && current.title === input.title) return current;
      }
      throw err;
    }
  }

  /** `…/rest/api`: the v1 REST API, which both flavors have (Cloud under `/wiki`). */
  protected abstract restApi(): string;

  async getCurrentUser(opts?: RequestOptions): Promise<CurrentUser> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: `${this.restApi()}/user/current`,
      operation: 'read the current user',
      kind: 'read',
      signal: opts?.signal,
    });
    return v1User(res.data);
  }

  abstract getSpace(key: string, opts?: RequestOptions): Promise<Space>;

  /** Where one page is read by id: its URL and query, with or without its body, current or at `version`. */
  protected abstract pageRequest(id: string, body: boolean, version?: number): { url: string; query: Record<string, QueryValue> };
  /** A page as this flavor's page endpoint answers it (Cloud v2, Data Center v1). */
  protected abstract pageFrom(json: Json): Page;
  /** A page as v1 answers it inside a search hit (both flavors); Data Center also learns the space key from it. */
  protected searchPageFrom(json: Json): Page {
    return v1Page(json, (id) => this.pageUrl(id));
  }

  getPage(id: string, opts?: RequestOptions & { body?: boolean }): Promise<Page | undefined> {
    return this.readPage(id, Boolean(opts?.body), undefined, `read page ${id}`, opts?.signal);
  }

  getPageAtVersion(id: string, version: number, opts?: RequestOptions): Promise<Page | undefined> {
    return this.readPage(id, true, version, `read version ${version} of page ${id}`, opts?.signal);
  }

  /** One page by id (at a version), undefined when it is not there (404), or trashed (Cloud still answers those). */
  private async readPage(id: string, body: boolean, version: number | undefined, operation: string, signal?: AbortSignal): Promise<Page | undefined> {
    const res = await this.http.request<Json>({ method: 'GET', ...this.pageRequest(id, body, version), operation, kind: 'read', target: { pageId: id }, accept: [404], signal });
    // Cloud answers a trashed page by id (status 'trashed'): for a caller it is gone, as a purged one.
    if (res.status === 404 || (version === undefined && res.data?.status === 'trashed')) return undefined;
    return this.pageFrom(res.data);
  }

  abstract listSpaces(opts?: RequestOptions): Promise<Space[]>;
  abstract findPageByTitle(spaceId: string, title: string, opts?: RequestOptions & { body?: boolean }): Promise<Page | undefined>;
  abstract listPages(spaceId: string, opts?: RequestOptions & { body?: boolean }): Promise<Page[]>;
  abstract getChildren(pageId: string, opts?: RequestOptions): Promise<PageSummary[]>;
  abstract createPage(input: CreatePageInput, opts?: RequestOptions): Promise<Page>;
  abstract updatePage(input: UpdatePageInput, opts?: RequestOptions): Promise<Page>;
  abstract movePage(id: string, newParentId: string, opts?: RequestOptions): Promise<void>;
  abstract deletePage(id: string, opts?: RequestOptions): Promise<void>;
  abstract archivePage(id: string, opts?: RequestOptions): Promise<void>;
  abstract getLabels(pageId: string, opts?: RequestOptions): Promise<string[]>;
  /** v1 URL of a page's labels (Cloud has no v2 label writes). */
  protected abstract labelsUrl(pageId: string): string;

  async addLabels(pageId: string, labels: string[], opts?: RequestOptions): Promise<void> {
    if (labels.length === 0) return;
    await this.http.request({
      method: 'POST',
      url: this.labelsUrl(pageId),
      json: labels.map((name) => ({ prefix: 'global', name })),
      operation: `add labels ${labels.join(', ')} to page ${pageId}`,
      kind: 'label',
      target: { pageId },
      idempotent: true, // adding a label twice is a no-op
      signal: opts?.signal,
    });
  }

  /** Removes one label; a label that is not there is not an error. */
  async removeLabel(pageId: string, label: string, opts?: RequestOptions): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      url: this.labelsUrl(pageId),
      query: { name: label },
      operation: `remove label ${label} from page ${pageId}`,
      kind: 'label',
      target: { pageId },
      accept: [404],
      idempotent: true,
      signal: opts?.signal,
    });
  }

  /** One content property as stored, or undefined when the page has none with that key. */
  protected abstract readProperty(pageId: string, key: string, signal?: AbortSignal): Promise<StoredProperty | undefined>;
  /** URL of a page's properties (no `existing`: where a new one is created) or of one stored property. */
  protected abstract propertyUrl(pageId: string, key: string, existing?: StoredProperty): string;
  /** True when a property write failed because someone wrote the same key meanwhile (re-read and retry). */
  protected propertyRace(err: unknown, _existed: boolean): boolean {
    return isConfluenceError(err, 409);
  }

  async getProperty<T = unknown>(pageId: string, key: string, opts?: RequestOptions): Promise<{ value: T; version: number } | undefined> {
    const found = await this.readProperty(pageId, key, opts?.signal);
    if (found) this.rememberPropertyId(pageId, key, found.id);
    return found ? { value: found.value as T, version: found.version } : undefined;
  }

  /** Property ids (Cloud writes a property by its id) of the properties read last, for `setProperty`'s `expectedVersion`. */
  private readonly propertyIds = new Map<string, string>();

  private rememberPropertyId(pageId: string, key: string, id: string): void {
    if (this.propertyIds.size >= 1000) this.propertyIds.clear(); // a hint, not a cache of every page's properties
    this.propertyIds.set(`${pageId}\n${key}`, id);
  }

  /**
   * The property as the caller says it is (without a read): absent for `isNew` or `expectedVersion` 0, the version it
   * read with `getProperty` otherwise; null when only a read can tell.
   */
  private expectedProperty(pageId: string, key: string, opts?: { isNew?: boolean; expectedVersion?: number }): StoredProperty | undefined | null {
    if (opts?.isNew || opts?.expectedVersion === 0) return undefined;
    const id = opts?.expectedVersion !== undefined ? this.propertyIds.get(`${pageId}\n${key}`) : undefined;
    return id !== undefined ? { id, version: opts!.expectedVersion!, value: undefined, raw: undefined } : null;
  }

  async setProperty(pageId: string, key: string, value: unknown, opts?: RequestOptions & { isNew?: boolean; expectedVersion?: number }): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // What the caller knows (a page created a moment ago has no properties; a version just read) saves the read on
      // the first attempt; a write that meets someone else's is re-read and tried again.
      const expected = attempt === 0 ? this.expectedProperty(pageId, key, opts) : null;
      const existing = expected !== null ? expected : await this.readProperty(pageId, key, opts?.signal);
      try {
        if (existing) {
          await this.http.request({
            method: 'PUT',
            url: this.propertyUrl(pageId, key, existing),
            json: { key, value, version: { number: existing.version + 1 } },
            operation: `update property ${key} of page ${pageId}`,
            kind: 'property',
            target: { pageId },
            signal: opts?.signal,
          });
        } else {
          await this.http.request({
            method: 'POST',
            url: this.propertyUrl(pageId, key),
            json: { key, value },
            operation: `create property ${key} on page ${pageId}`,
            kind: 'property',
            target: { pageId },
            // A lost answer to a create that did happen: the property is there with our value.
            recover: async () => {
              const now = await this.readProperty(pageId, key, opts?.signal);
              return now && JSON.stringify(now.value) === JSON.stringify(value) ? recovered(now.raw) : undefined;
            },
            signal: opts?.signal,
          });
        }
        return;
      } catch (err) {
        // Someone else (or a lost earlier attempt) wrote it meanwhile: re-read and try again, a few times.
        if (this.propertyRace(err, Boolean(existing)) && attempt < 3) continue;
        throw err;
      }
    }
  }
  abstract listAttachments(pageId: string, opts?: RequestOptions): Promise<Attachment[]>;
  abstract uploadAttachment(input: UploadAttachmentInput, opts?: RequestOptions): Promise<Attachment>;
  abstract restrictEditingTo(pageId: string, user: CurrentUser, opts?: RequestOptions): Promise<void>;

  /** CQL through v1 `/search` (both flavors). */
  searchCql(cql: string, opts?: RequestOptions): Promise<PageSummary[]> {
    const api = this.restApi();
    return this.collectV1(searchSpec(`${api}/search`, cql, opts?.signal), api, (row) => searchHit(row, (c) => this.searchPageFrom(c)));
  }

  // The read side (import, pull).
  abstract getPageVersions(ids: string[], opts?: RequestOptions): Promise<PageSummary[]>;
  /** Where the bytes of an attachment are served (absolute URL). */
  protected abstract attachmentDownloadUrl(pageId: string, attachment: Attachment): string;

  /** Level by level through `getChildren` (Data Center); Cloud overrides it with `/descendants`. */
  async listDescendants(rootId: string, opts?: RequestOptions): Promise<PageSummary[]> {
    const out: PageSummary[] = [];
    const seen = new Set<string>([rootId]);
    let level = [rootId];
    while (level.length > 0) {
      const lists = await Promise.all(level.map(async (id) => (await this.getChildren(id, opts)).map((c) => ({ ...c, parentId: id }))));
      level = [];
      for (const child of lists.flat()) {
        if (seen.has(child.id)) continue; // a page listed twice (moved while we crawled) counts once
        seen.add(child.id);
        out.push(child);
        level.push(child.id);
      }
    }
    return out;
  }

  /**
   * CQL `lastmodified` has minute precision, is read in the user's time zone (Cloud) and lags behind edits, so the
   * window starts a day earlier than asked: a wider net costs a few summaries, a narrower one misses edits.
   */
  findChangedSince(spaceKey: string, since: Date, opts?: RequestOptions): Promise<PageSummary[]> {
    const from = new Date(since.getTime() - CHANGE_WINDOW_OVERLAP_MS);
    const cql = `space = "${cqlEscape(spaceKey)}" and type = page and lastmodified >= "${cqlMinute(from)}"`;
    return this.searchCql(cql, opts);
  }

  async downloadAttachment(pageId: string, attachment: Attachment, opts?: RequestOptions): Promise<Uint8Array> {
    const res = await this.http.request<Uint8Array>({
      method: 'GET',
      url: this.attachmentDownloadUrl(pageId, attachment),
      operation: `download ${attachment.title} from page ${pageId}`,
      kind: 'attachment',
      target: { pageId },
      binary: true,
      followRedirects: true,
      signal: opts?.signal,
    });
    return res.data;
  }
}

/** A content property as the server stores it. */
export interface StoredProperty {
  id: string;
  value: unknown;
  version: number;
  /** The server's JSON for it. */
  raw: unknown;
}

/** Multipart body for attachment uploads (Cloud v1 and Data Center take the same fields). */
export function attachmentForm(input: UploadAttachmentInput): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(input.data)], { type: input.mediaType }), input.fileName);
  form.append('minorEdit', 'true');
  // A plain string part: sent as UTF-8 without a filename, which Confluence reads as the comment text.
  if (input.comment !== undefined) form.append('comment', input.comment);
  return form;
}

export function quoteTitle(title: string): string {
  return `"${title}"`;
}
