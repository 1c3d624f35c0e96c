/**
 * Confluence Cloud: REST v2 (`/wiki/api/v2`) for spaces, pages, children, labels (read), properties, attachments
 * (read); v1 (`/wiki/rest/api`) only where v2 has nothing: labels write, attachment upload, restrictions, move,
 * archive, CQL search, current user.
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
import { ConfluenceClient, attachmentForm, quoteTitle, type ClientSite, type StoredProperty } from './client';
import type { RequestExecutor } from './executor';
import { summary, v2Attachment, v2Page, v2Space, versionSummary } from './mappers';
import { PAGE_LIMIT, recovered, spaceNotFound, uploadedAttachment, versionJson, type Json } from './requests';

export class CloudClient extends ConfluenceClient {
  /** `…/wiki/api/v2` */
  readonly v2: string;
  /** `…/wiki/rest/api` */
  readonly v1: string;

  /** `siteRoot`: `https://acme.atlassian.net` or `https://api.atlassian.com/ex/confluence/{cloudId}`. */
  constructor(http: RequestExecutor, site: ClientSite, siteRoot: string) {
    super(http, site);
    this.v2 = `${siteRoot}/wiki/api/v2`;
    this.v1 = `${siteRoot}/wiki/rest/api`;
  }

  private toPage = (json: Json): Page => v2Page(json, (id) => this.pageUrl(id));

  private spaceTarget(spaceId: string, title?: string) {
    return { spaceId, spaceKey: this.spaceKeys.get(spaceId), title };
  }

  protected restApi(): string {
    return this.v1;
  }

  async getSpace(key: string, opts?: RequestOptions): Promise<Space> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: `${this.v2}/spaces`,
      query: { keys: key, limit: 1 },
      operation: `read space ${key}`,
      kind: 'read',
      target: { spaceKey: key },
      signal: opts?.signal,
    });
    const found = (res.data?.results ?? []).find((s: Json) => s.key === key) ?? res.data?.results?.[0];
    if (!found) throw spaceNotFound(key);
    return this.rememberSpace(v2Space(found));
  }

  listSpaces(opts?: RequestOptions): Promise<Space[]> {
    return this.collectV2(
      { method: 'GET', url: `${this.v2}/spaces`, query: { status: 'current', limit: PAGE_LIMIT }, operation: 'list the spaces', kind: 'read', signal: opts?.signal },
      this.v2,
      (json) => this.rememberSpace(v2Space(json)),
    );
  }

  protected pageRequest(id: string, body: boolean, version?: number) {
    return { url: `${this.v2}/pages/${encodeURIComponent(id)}`, query: { version, 'body-format': body ? 'storage' : undefined } };
  }

  protected pageFrom(json: Json): Page {
    return this.toPage(json);
  }

  private async findRaw(spaceId: string, title: string, body: boolean, signal?: AbortSignal): Promise<Json | undefined> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: `${this.v2}/pages`,
      query: { 'space-id': spaceId, title, status: ['current', 'archived'], 'body-format': body ? 'storage' : undefined, limit: 25 },
      operation: `look up page ${quoteTitle(title)}`,
      kind: 'read',
      target: this.spaceTarget(spaceId, title),
      signal,
    });
    const results: Json[] = (res.data?.results ?? []).filter((p: Json) => p.title === title);
    return results.find((p) => p.status === 'current') ?? results[0];
  }

  async findPageByTitle(spaceId: string, title: string, opts?: RequestOptions & { body?: boolean }): Promise<Page | undefined> {
    const raw = await this.findRaw(spaceId, title, Boolean(opts?.body), opts?.signal);
    return raw ? this.toPage(raw) : undefined;
  }

  listPages(spaceId: string, opts?: RequestOptions & { body?: boolean }): Promise<Page[]> {
    // the planner waits on this listing (41 pages of 250 for 10,000 pages): from both ends, 21 round trips in a row
    return this.collectV2BothEnds(
      {
        method: 'GET',
        url: `${this.v2}/pages`,
        query: { 'space-id': spaceId, status: 'current', limit: PAGE_LIMIT, 'body-format': opts?.body ? 'storage' : undefined },
        operation: `list the pages of space ${this.spaceKeys.get(spaceId) ?? spaceId}`,
        kind: 'read',
        target: this.spaceTarget(spaceId),
        signal: opts?.signal,
      },
      this.v2,
      this.toPage,
    );
  }

  async getChildren(pageId: string, opts?: RequestOptions): Promise<PageSummary[]> {
    const children = await this.collectV2(
      {
        method: 'GET',
        url: `${this.v2}/pages/${encodeURIComponent(pageId)}/direct-children`,
        query: { limit: PAGE_LIMIT },
        operation: `list the children of page ${pageId}`,
        kind: 'read',
        target: { pageId },
        signal: opts?.signal,
      },
      this.v2,
      (c) => (c.type === undefined || c.type === 'page' ? String(c.id) : undefined),
    );
    // direct-children carries no version: fetch the pages in bulk (250 ids per request).
    const byId = new Map<string, PageSummary>();
    for (let i = 0; i < children.length; i += PAGE_LIMIT) {
      const ids = children.slice(i, i + PAGE_LIMIT);
      const pages = await this.collectV2(
        {
          method: 'GET',
          url: `${this.v2}/pages`,
          query: { id: ids, limit: PAGE_LIMIT },
          operation: `read the children of page ${pageId}`,
          kind: 'read',
          target: { pageId },
          signal: opts?.signal,
        },
        this.v2,
        (p) => summary(this.toPage(p)),
      );
      for (const p of pages) byId.set(p.id, p);
    }
    return children.map((id) => byId.get(id)).filter((p): p is PageSummary => p !== undefined);
  }

  async createPage(input: CreatePageInput, opts?: RequestOptions): Promise<Page> {
    const res = await this.http.request<Json>({
      method: 'POST',
      url: `${this.v2}/pages`,
      json: {
        spaceId: input.spaceId,
        status: 'current',
        title: input.title,
        ...(input.parentId ? { parentId: input.parentId } : {}),
        body: { representation: 'storage', value: input.body },
      },
      operation: `create page ${quoteTitle(input.title)}`,
      kind: 'write',
      target: this.spaceTarget(input.spaceId, input.title),
      // Never re-sent blindly: after a lost answer, the page may exist already.
      recover: async () => {
        const found = await this.findRaw(input.spaceId, input.title, false, opts?.signal);
        if (found && found.status === 'current' && (!input.parentId || String(found.parentId) === input.parentId)) {
          return recovered(found);
        }
        return undefined;
      },
      signal: opts?.signal,
    });
    return this.toPage(res.data);
  }

  updatePage(input: UpdatePageInput, opts?: RequestOptions): Promise<Page> {
    return this.updateOrRecover(
      input,
      async () => {
        const res = await this.http.request<Json>({
          method: 'PUT',
          url: `${this.v2}/pages/${encodeURIComponent(input.id)}`,
          json: {
            id: input.id,
            status: 'current',
            title: input.title,
            ...(input.parentId ? { parentId: input.parentId } : {}),
            body: { representation: 'storage', value: input.body },
            version: versionJson(input),
          },
          operation: `update page ${input.id} ${quoteTitle(input.title)}`,
          kind: 'write',
          target: { pageId: input.id, title: input.title },
          signal: opts?.signal,
        });
        return this.toPage(res.data);
      },
      opts,
    );
  }

  async movePage(id: string, newParentId: string, opts?: RequestOptions): Promise<void> {
    await this.http.request({
      method: 'PUT',
      url: `${this.v1}/content/${encodeURIComponent(id)}/move/append/${encodeURIComponent(newParentId)}`,
      operation: `move page ${id} under page ${newParentId}`,
      kind: 'write',
      target: { pageId: id },
      signal: opts?.signal,
    });
  }

  async deletePage(id: string, opts?: RequestOptions): Promise<void> {
    // 404: already gone (also what a retry after a lost 204 sees).
    await this.http.request({
      method: 'DELETE',
      url: `${this.v2}/pages/${encodeURIComponent(id)}`,
      operation: `delete page ${id}`,
      kind: 'write',
      target: { pageId: id },
      accept: [404],
      signal: opts?.signal,
    });
  }

  async archivePage(id: string, opts?: RequestOptions): Promise<void> {
    await this.needing('archive', `archive page ${id}`, () =>
      this.http.request({
        method: 'POST',
        url: `${this.v1}/content/archive`,
        json: { pages: [{ id: Number(id) }] },
        operation: `archive page ${id}`,
        kind: 'write',
        target: { pageId: id },
        idempotent: true, // archiving twice changes nothing
        signal: opts?.signal,
      }),
    );
  }

  getLabels(pageId: string, opts?: RequestOptions): Promise<string[]> {
    return this.collectV2(
      {
        method: 'GET',
        url: `${this.v2}/pages/${encodeURIComponent(pageId)}/labels`,
        query: { limit: PAGE_LIMIT },
        operation: `read the labels of page ${pageId}`,
        kind: 'label',
        target: { pageId },
        signal: opts?.signal,
      },
      this.v2,
      (l) => String(l.name),
    );
  }

  protected labelsUrl(pageId: string): string {
    return `${this.v1}/content/${encodeURIComponent(pageId)}/label`;
  }

  protected async readProperty(pageId: string, key: string, signal?: AbortSignal): Promise<StoredProperty | undefined> {
    const res = await this.http.request<Json>({
      method: 'GET',
      url: this.propertyUrl(pageId, key),
      query: { key },
      operation: `read property ${key} of page ${pageId}`,
      kind: 'property',
      target: { pageId },
      signal,
    });
    const found = (res.data?.results ?? []).find((p: Json) => p.key === key);
    return found ? { id: String(found.id), value: found.value, version: Number(found.version?.number ?? 1), raw: found } : undefined;
  }

  protected propertyUrl(pageId: string, _key: string, existing?: StoredProperty): string {
    const all = `${this.v2}/pages/${encodeURIComponent(pageId)}/properties`;
    return existing ? `${all}/${encodeURIComponent(existing.id)}` : all;
  }

  listAttachments(pageId: string, opts?: RequestOptions): Promise<Attachment[]> {
    return this.collectV2(
      {
        method: 'GET',
        url: `${this.v2}/pages/${encodeURIComponent(pageId)}/attachments`,
        query: { limit: PAGE_LIMIT },
        operation: `list the attachments of page ${pageId}`,
        kind: 'attachment',
        target: { pageId },
        signal: opts?.signal,
      },
      this.v2,
      v2Attachment,
    );
  }

  async uploadAttachment(input: UploadAttachmentInput, opts?: RequestOptions): Promise<Attachment> {
    const base = `${this.v1}/content/${encodeURIComponent(input.pageId)}/child/attachment`;
    // Never re-sent blindly: a repeat of an upload that landed adds the same bytes as another version. After a lost
    // answer, the attachment is looked up: when it carries our comment (the content hash), the upload happened.
    const recover = async () => {
      if (input.comment === undefined) return undefined;
      const found = (await this.listAttachments(input.pageId, opts)).find((a) => a.title === input.fileName);
      return found && found.comment === input.comment ? recovered({ results: [{ id: found.id, title: found.title, version: { number: found.version }, metadata: { comment: found.comment, mediaType: found.mediaType } }] }) : undefined;
    };
    const res = await this.http.request<Json>(
      input.existingId
        ? {
            method: 'POST',
            url: `${base}/${encodeURIComponent(input.existingId)}/data`,
            form: attachmentForm(input),
            operation: `upload a new version of ${input.fileName} to page ${input.pageId}`,
            kind: 'attachment',
            target: { pageId: input.pageId },
            idempotent: false,
            recover,
            signal: opts?.signal,
          }
        : {
            method: 'PUT',
            url: base,
            form: attachmentForm(input),
            operation: `upload ${input.fileName} to page ${input.pageId}`,
            kind: 'attachment',
            target: { pageId: input.pageId },
            idempotent: false,
            recover,
            signal: opts?.signal,
          },
    );
    return uploadedAttachment(res.data, input.fileName);
  }

  async restrictEditingTo(pageId: string, user: CurrentUser, opts?: RequestOptions): Promise<void> {
    const operation = `restrict editing of page ${pageId}`;
    await this.needing('restrictions', operation, () =>
      this.http.request({
        method: 'PUT',
        url: `${this.v1}/content/${encodeURIComponent(pageId)}/restriction`,
        json: [{ operation: 'update', restrictions: { user: [{ type: 'known', accountId: user.accountId }] } }],
        operation: `restrict editing of page ${pageId} to ${user.displayName || user.accountId}`,
        kind: 'write',
        target: { pageId },
        signal: opts?.signal,
      }),
    );
  }

  /** `/descendants` answers at most 10 levels below the page asked; deeper trees are continued from level 10. */
  async listDescendants(rootId: string, opts?: RequestOptions): Promise<PageSummary[]> {
    const items: Json[] = [];
    let from = [rootId];
    while (from.length > 0) {
      const lists = await Promise.all(from.map((id) => this.descendantsOf(id, opts?.signal)));
      from = [];
      for (const list of lists) {
        items.push(...list);
        for (const d of list) if (Number(d.depth) >= DESCENDANT_DEPTH) from.push(String(d.id));
      }
    }
    const pages = items.filter((d) => d.type === undefined || d.type === 'page');
    const versions = new Map((await this.getPageVersions(pages.map((p) => String(p.id)), opts)).map((p) => [p.id, p]));
    return treeOrder(rootId, items)
      .map((d) => versions.get(String(d.id)))
      .filter((p): p is PageSummary => p !== undefined && p.status !== 'trashed');
  }

  private descendantsOf(pageId: string, signal?: AbortSignal): Promise<Json[]> {
    return this.collectV2(
      {
        method: 'GET',
        url: `${this.v2}/pages/${encodeURIComponent(pageId)}/descendants`,
        query: { limit: PAGE_LIMIT, depth: DESCENDANT_DEPTH },
        operation: `list the pages under page ${pageId}`,
        kind: 'read',
        target: { pageId },
        signal,
      },
      this.v2,
      (d) => d,
    );
  }

  async getPageVersions(ids: string[], opts?: RequestOptions): Promise<PageSummary[]> {
    const out: PageSummary[] = [];
    for (let i = 0; i < ids.length; i += PAGE_LIMIT) {
      const chunk = ids.slice(i, i + PAGE_LIMIT);
      out.push(
        ...(await this.collectV2(
          {
            method: 'GET',
            url: `${this.v2}/pages`,
            query: { id: chunk, status: ['current', 'archived', 'trashed'], limit: PAGE_LIMIT },
            operation: `read the versions of ${chunk.length} page(s)`,
            kind: 'read',
            signal: opts?.signal,
          },
          this.v2,
          (p) => versionSummary(this.toPage(p)),
        )),
      );
    }
    return out;
  }

  /** v1's download endpoint (v2 has none); Cloud answers it with a redirect to its media store. */
  protected attachmentDownloadUrl(pageId: string, attachment: Attachment): string {
    return `${this.v1}/content/${encodeURIComponent(pageId)}/child/attachment/${encodeURIComponent(attachment.id)}/download`;
  }
}

const DESCENDANT_DEPTH = 10;

/** Parents before children, siblings by `childPosition` (then as listed). */
function treeOrder(rootId: string, items: Json[]): Json[] {
  const children = new Map<string, Json[]>();
  for (const d of items) {
    const parent = String(d.parentId ?? rootId);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(d);
  }
  const out: Json[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    const list = (children.get(id) ?? []).slice().sort((a, b) => Number(a.childPosition ?? 0) - Number(b.childPosition ?? 0));
    for (const d of list) {
      if (seen.has(String(d.id))) continue;
      seen.add(String(d.id));
      out.push(d);
      visit(String(d.id));
    }
  };
  visit(rootId);
  // Pages whose parent was not listed (a folder or a whiteboard between them and the root) come last, not lost.
  for (const d of items) if (!seen.has(String(d.id))) out.push(d);
  return out;
}
