/**
 * Confluence Data Center / Server: everything through `{base}{contextPath}/rest/api`, spaces addressed by key,
 * personal access token as Bearer. No v2, no archive endpoint, no move endpoint (reparenting is an update with
 * `ancestors`).
 */
import type {
  Attachment,
  CreatePageInput,
  CurrentUser,
  Page,
  PageSummary,
  RequestOptions,
  Space,
  UpdatePageInput,
  UploadAttachmentInput,
} from './types';
import { ConfluenceClient, absoluteLink, attachmentForm, quoteTitle, type ClientSite, type StoredProperty } from './client';
import { isConfluenceError } from './errors';
import type { RequestExecutor } from './executor';
import { summary, v1Attachment, v1Page, v1Space, versionSummary } from './mappers';
import { PAGE_LIMIT, invalidAnswer, recovered, spaceNotFound, uploadedAttachment, versionJson, type Json } from './requests';
const PAGE_EXPAND = 'version,ancestors,space';

export class DataCenterClient extends ConfluenceClient {
  /** `{base}{contextPath}/rest/api` */
  readonly api: string;

  constructor(http: RequestExecutor, site: ClientSite) {
    super(http, site);
    this.api = `${site.baseUrl}/rest/api`;
  }

  private toPage = (json: Json): Page => {
    if (json.space?.id !== undefined && json.space?.key) this.spaceKeys.set(String(json.space.id), String(json.space.key));
    return v1Page(json, (id) => this.pageUrl(id));
  };

  private content(id: string): string {
    return `${this.api}/content/${encodeURIComponent(id)}`;
  }

  /** Data Center addresses spaces by key; ids come from getSpace (cached) or one look-up. */
  private async spaceKey(spaceId: string, signal?: AbortSignal): Promise<string> {
    const known = this.spaceKeys.get(spaceId);
    if (known) return known;
    const res = await this.http.request<Json>({
      method: 'GET',
      url: `${this.api}/space`,
      query: { spaceId, limit: 1 },
      operation: `look up space ${spaceId}`,
      kind: 'read',
      target: { spaceId },
      signal,
    });
    const found = (res.data?.results ?? []).find((s: Json) => String(s.id) === spaceId);
    if (!found) throw spaceNotFound(spaceId);
    this.spaceKeys.set(spaceId, String(found.key));
    return String(found.key);
  }

  protected restApi(): string {
    return this.api;
  }

  async getSpace(key: string, opts?: RequestOptions): Promise<Space> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: `${this.api}/space/${encodeURIComponent(key)}`,
      query: { expand: 'homepage' },
      operation: `read space ${key}`,
      kind: 'read',
      target: { spaceKey: key },
      accept: [404],
      signal: opts?.signal,
    });
    if (res.status === 404 || !res.data) throw spaceNotFound(key);
    return this.rememberSpace(v1Space(res.data));
  }

  listSpaces(opts?: RequestOptions): Promise<Space[]> {
    return this.collectV1(
      { method: 'GET', url: `${this.api}/space`, query: { status: 'current', limit: PAGE_LIMIT }, operation: 'list the spaces', kind: 'read', signal: opts?.signal },
      this.api,
      (json) => this.rememberSpace(v1Space(json)),
    );
  }

  protected pageRequest(id: string, body: boolean, version?: number) {
    return { url: this.content(id), query: { version, expand: body ? `${PAGE_EXPAND},body.storage` : PAGE_EXPAND } };
  }

  protected pageFrom(json: Json): Page {
    return this.toPage(json);
  }

  protected searchPageFrom(json: Json): Page {
    return this.toPage(json);
  }

  private async findRaw(spaceKey: string, title: string, body: boolean, signal?: AbortSignal): Promise<Json | undefined> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: `${this.api}/content`,
      query: { spaceKey, title, type: 'page', expand: body ? `${PAGE_EXPAND},body.storage` : PAGE_EXPAND },
      operation: `look up page ${quoteTitle(title)}`,
      kind: 'read',
      target: { spaceKey, title },
      signal,
    });
    return (res.data?.results ?? []).find((p: Json) => p.title === title);
  }

  async findPageByTitle(spaceId: string, title: string, opts?: RequestOptions & { body?: boolean }): Promise<Page | undefined> {
    const raw = await this.findRaw(await this.spaceKey(spaceId, opts?.signal), title, Boolean(opts?.body), opts?.signal);
    return raw ? this.toPage(raw) : undefined;
  }

  async listPages(spaceId: string, opts?: RequestOptions & { body?: boolean }): Promise<Page[]> {
    const spaceKey = await this.spaceKey(spaceId, opts?.signal);
    return this.collectV1(
      {
        method: 'GET',
        url: `${this.api}/content`,
        query: { spaceKey, type: 'page', limit: PAGE_LIMIT, expand: opts?.body ? 'version,ancestors,body.storage' : 'version,ancestors' },
        operation: `list the pages of space ${spaceKey}`,
        kind: 'read',
        target: { spaceKey, spaceId },
        signal: opts?.signal,
      },
      this.api,
      (json) => {
        const page = this.toPage(json);
        return page.spaceId ? page : { ...page, spaceId };
      },
    );
  }

  getChildren(pageId: string, opts?: RequestOptions): Promise<PageSummary[]> {
    return this.collectV1(
      {
        method: 'GET',
        url: `${this.content(pageId)}/child/page`,
        query: { limit: PAGE_LIMIT, expand: PAGE_EXPAND },
        operation: `list the children of page ${pageId}`,
        kind: 'read',
        target: { pageId },
        signal: opts?.signal,
      },
      this.api,
      (json) => summary(this.toPage(json)),
    );
  }

  async createPage(input: CreatePageInput, opts?: RequestOptions): Promise<Page> {
    const spaceKey = await this.spaceKey(input.spaceId, opts?.signal);
    const res = await this.http.request<Json>({
      method: 'POST',
      url: `${this.api}/content`,
      query: { expand: PAGE_EXPAND },
      json: {
        type: 'page',
        title: input.title,
        space: { key: spaceKey },
        ...(input.parentId ? { ancestors: [{ id: input.parentId }] } : {}),
        body: { storage: { value: input.body, representation: 'storage' } },
        // Version message and properties ride on the create itself: no extra write per page.
        ...(input.versionMessage ? { version: { number: 1, message: input.versionMessage } } : {}),
        ...(input.properties ? { metadata: { properties: Object.fromEntries(Object.entries(input.properties).map(([key, value]) => [key, { key, value }])) } } : {}),
      },
      operation: `create page ${quoteTitle(input.title)}`,
      kind: 'write',
      target: { spaceKey, title: input.title },
      recover: async () => {
        const found = await this.findRaw(spaceKey, input.title, false, opts?.signal);
        const parent = found?.ancestors?.length ? String(found.ancestors[found.ancestors.length - 1].id) : undefined;
        return found && (!input.parentId || parent === input.parentId) ? recovered(found) : undefined;
      },
      signal: opts?.signal,
    });
    return this.toPage(res.data);
  }

  private async put(input: UpdatePageInput, signal?: AbortSignal): Promise<Page> {
    const res = await this.http.request<Json>({
      method: 'PUT',
      url: this.content(input.id),
      json: {
        id: input.id,
        type: 'page',
        title: input.title,
        status: 'current',
        version: versionJson(input),
        ...(input.parentId ? { ancestors: [{ id: input.parentId }] } : {}),
        body: { storage: { value: input.body, representation: 'storage' } },
      },
      operation: `update page ${input.id} ${quoteTitle(input.title)}`,
      kind: 'write',
      target: { pageId: input.id, title: input.title },
      signal,
    });
    // PUT takes no expand: ancestors may be absent from the answer, the parent we sent is the parent.
    const page = this.toPage(res.data);
    return { ...page, parentId: page.parentId ?? input.parentId };
  }

  updatePage(input: UpdatePageInput, opts?: RequestOptions): Promise<Page> {
    return this.updateOrRecover(input, () => this.put(input, opts?.signal), opts);
  }

  /** No move endpoint on Data Center: an update with the new parent (this adds a page version). */
  async movePage(id: string, newParentId: string, opts?: RequestOptions): Promise<void> {
    const page = await this.getPage(id, { ...opts, body: true });
    if (!page) {
      throw invalidAnswer(`move page ${id}`);
    }
    if (page.parentId === newParentId) return;
    await this.updatePage(
      { id, title: page.title, body: page.body ?? '', version: page.version + 1, parentId: newParentId, versionMessage: 'Moved' },
      opts,
    );
  }

  async deletePage(id: string, opts?: RequestOptions): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      url: this.content(id),
      operation: `delete page ${id}`,
      kind: 'write',
      target: { pageId: id },
      accept: [404],
      signal: opts?.signal,
    });
  }

  async archivePage(id: string): Promise<void> {
    throw this.unsupported(`archive page ${id}`, 'Data Center has no REST endpoint to archive a page');
  }

  getLabels(pageId: string, opts?: RequestOptions): Promise<string[]> {
    return this.collectV1(
      {
        method: 'GET',
        url: `${this.content(pageId)}/label`,
        query: { limit: 200 },
        operation: `read the labels of page ${pageId}`,
        kind: 'label',
        target: { pageId },
        signal: opts?.signal,
      },
      this.api,
      (l) => String(l.name),
    );
  }

  protected labelsUrl(pageId: string): string {
    return `${this.content(pageId)}/label`;
  }

  protected async readProperty(pageId: string, key: string, signal?: AbortSignal): Promise<StoredProperty | undefined> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: this.propertyItemUrl(pageId, key),
      operation: `read property ${key} of page ${pageId}`,
      kind: 'property',
      target: { pageId },
      accept: [404],
      signal,
    });
    if (res.status === 404 || !res.data) return undefined;
    return { id: String(res.data.id ?? key), value: res.data.value, version: Number(res.data.version?.number ?? 1), raw: res.data };
  }

  /** v1 addresses one property by its key, not its id. */
  protected propertyUrl(pageId: string, key: string, existing?: StoredProperty): string {
    return existing ? this.propertyItemUrl(pageId, key) : `${this.content(pageId)}/property`;
  }

  private propertyItemUrl(pageId: string, key: string): string {
    return `${this.content(pageId)}/property/${encodeURIComponent(key)}`;
  }

  /** v1 answers 409 (stale version) or 400 (key exists) when someone wrote meanwhile. */
  protected propertyRace(err: unknown, existed: boolean): boolean {
    return isConfluenceError(err, 409) || (isConfluenceError(err, 400) && !existed);
  }

  private attachmentsQuery(pageId: string, fileName: string | undefined, signal?: AbortSignal) {
    return {
      method: 'GET' as const,
      url: `${this.content(pageId)}/child/attachment`,
      query: { limit: 200, expand: 'version', filename: fileName },
      operation: `list the attachments of page ${pageId}`,
      kind: 'attachment' as const,
      target: { pageId },
      signal,
    };
  }

  listAttachments(pageId: string, opts?: RequestOptions): Promise<Attachment[]> {
    return this.collectV1(this.attachmentsQuery(pageId, undefined, opts?.signal), this.api, v1Attachment);
  }

  async uploadAttachment(input: UploadAttachmentInput, opts?: RequestOptions): Promise<Attachment> {
    const base = `${this.content(input.pageId)}/child/attachment`;
    const findByName = async (): Promise<Json | undefined> => {
      const res = await this.http.request<Json>(this.attachmentsQuery(input.pageId, input.fileName, opts?.signal));
      return (res.data?.results ?? []).find((a: Json) => a.title === input.fileName);
    };
    const newVersion = async (attachmentId: string): Promise<Attachment> => {
      const res = await this.http.request<Json>({
        method: 'POST',
        url: `${base}/${encodeURIComponent(attachmentId)}/data`,
        form: attachmentForm(input),
        operation: `upload a new version of ${input.fileName} to page ${input.pageId}`,
        kind: 'attachment',
        target: { pageId: input.pageId },
        // Not re-sent blindly (a repeat adds the same bytes as another version): after a lost answer, an attachment
        // carrying our comment (the content hash) means the upload happened.
        recover: async () => {
          const found = await findByName();
          return found && input.comment !== undefined && v1Attachment(found).comment === input.comment ? recovered({ results: [found] }) : undefined;
        },
        signal: opts?.signal,
      });
      return uploadedAttachment(res.data, input.fileName);
    };
    if (input.existingId) return newVersion(input.existingId);
    try {
      const res = await this.http.request<Json>({
        method: 'POST',
        url: base,
        form: attachmentForm(input),
        operation: `upload ${input.fileName} to page ${input.pageId}`,
        kind: 'attachment',
        target: { pageId: input.pageId },
        recover: async () => {
          const found = await findByName();
          return found && (input.comment === undefined || v1Attachment(found).comment === input.comment)
            ? recovered({ results: [found] })
            : undefined;
        },
        signal: opts?.signal,
      });
      const json: Json | undefined = res.data?.results?.[0];
      if (!json) throw invalidAnswer(`upload ${input.fileName}`);
      return v1Attachment(json);
    } catch (err) {
      // 400: a file of that name is already attached — upload a new version of it instead.
      if (isConfluenceError(err, 400)) {
        const existing = await findByName();
        if (existing) return newVersion(String(existing.id));
      }
      throw err;
    }
  }

  async restrictEditingTo(pageId: string, user: CurrentUser, opts?: RequestOptions): Promise<void> {
    const who = user.username ? { type: 'known', username: user.username } : { type: 'known', userKey: user.accountId };
    const operation = `restrict editing of page ${pageId}`;
    await this.needing('restrictions', operation, () =>
      this.http.request({
        method: 'PUT',
        url: `${this.content(pageId)}/restriction`,
        json: [{ operation: 'update', restrictions: { user: [who], group: [] } }],
        operation: `restrict editing of page ${pageId} to ${user.displayName || user.username || user.accountId}`,
        kind: 'write',
        target: { pageId },
        signal: opts?.signal,
      }),
    );
  }

  /**
   * `GET /content?ids=…&status=any` (a database read: CQL `id in (…)` would miss pages the search index has not caught
   * up with, and report them as gone); trashed pages come with status 'trashed', purged ones are absent.
   */
  async getPageVersions(ids: string[], opts?: RequestOptions): Promise<PageSummary[]> {
    const out: PageSummary[] = [];
    const numeric = ids.filter((id) => /^\d+$/.test(id));
    for (let i = 0; i < numeric.length; i += IDS_PER_REQUEST) {
      const chunk = numeric.slice(i, i + IDS_PER_REQUEST);
      const pages = await this.collectV1(
        {
          method: 'GET',
          url: `${this.api}/content`,
          query: { ids: chunk.join(','), status: 'any', expand: PAGE_EXPAND, limit: PAGE_LIMIT },
          operation: `read the versions of ${chunk.length} page(s)`,
          kind: 'read',
          signal: opts?.signal,
        },
        this.api,
        (json) => (json.type === undefined || json.type === 'page' ? versionSummary(this.toPage(json)) : undefined),
      );
      out.push(...pages.filter((p): p is PageSummary => p !== undefined));
    }
    return out;
  }

  protected attachmentDownloadUrl(pageId: string, attachment: Attachment): string {
    return attachment.downloadLink
      ? absoluteLink(this.baseUrl, attachment.downloadLink)
      : `${this.baseUrl}/download/attachments/${encodeURIComponent(pageId)}/${encodeURIComponent(attachment.title)}`;
  }
}

/** Ids per `GET /content?ids=…`: keeps the URL well under proxies' limits. */
const IDS_PER_REQUEST = 100;
