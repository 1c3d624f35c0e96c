import { ConfluenceError } from '../../../src/core/confluence/errors';
import type {
  Attachment,
  ConfluenceApi,
  CreatePageInput,
  CurrentUser,
  Page,
  PageSummary,
  SiteCapabilities,
  Space,
  UpdatePageInput,
  UploadAttachmentInput,
} from '../../../src/core/confluence/types';

interface StoredPage extends Page {
  /** Title and body of every version, by number (page history). */
  history: Map<number, { title: string; body: string }>;
  modifiedAt: number;
  properties: Map<string, { value: unknown; version: number }>;
  labels: Set<string>;
  attachments: Attachment[];
  restrictedTo?: string;
}

/** An in-memory Confluence with the rules the engine relies on: unique trimmed titles, optimistic versions. */
export class FakeConfluence implements ConfluenceApi {
  readonly baseUrl = 'https://fake.example/wiki';
  readonly capabilities: SiteCapabilities = { flavor: 'cloud', v2: true, restrictions: true, archive: true, contentProperties: true, limitations: [] };
  readonly pages = new Map<string, StoredPage>();
  readonly calls: string[] = [];
  readonly space: Space = { id: '100', key: 'DOCS', name: 'Docs', homepageId: '1' };
  private nextId = 1000;
  /** Makes the next call of a method fail once. */
  failNext = new Map<string, Error>();
  user: CurrentUser = { accountId: 'me', displayName: 'Me' };

  constructor() {
    this.pages.set('1', this.stored({ id: '1', title: 'Docs Home', spaceId: '100', version: 1, status: 'current', body: '', webUrl: '' }));
  }

  private stored(p: Page): StoredPage {
    return { ...p, history: new Map([[p.version, { title: p.title, body: p.body ?? '' }]]), modifiedAt: Date.now(), properties: new Map(), labels: new Set(), attachments: [] };
  }

  /** Records the page's current version in its history (after every change). */
  private touched(p: StoredPage): void {
    p.history.set(p.version, { title: p.title, body: p.body ?? '' });
    p.modifiedAt = Date.now();
  }

  private call(name: string): void {
    this.calls.push(name);
    const err = this.failNext.get(name);
    if (err) {
      this.failNext.delete(name);
      throw err;
    }
  }

  writes(): string[] {
    return this.calls.filter((c) => /^(create|update|move|delete|archive|add|set|upload|restrict)/.test(c));
  }

  /** A page as someone else would create or edit it in the browser. */
  humanCreate(title: string, parentId = '1', body = '<p>hand made</p>'): StoredPage {
    const id = String(this.nextId++);
    const p = this.stored({ id, title, spaceId: '100', parentId, version: 1, status: 'current', body, webUrl: this.pageUrl(id) });
    this.pages.set(id, p);
    return p;
  }

  humanEdit(id: string, body = '<p>edited in Confluence</p>'): void {
    const p = this.pages.get(id)!;
    p.body = body;
    p.version++;
    this.touched(p);
  }

  byTitle(title: string): StoredPage | undefined {
    return [...this.pages.values()].find((p) => p.title.trim() === title.trim() && p.status === 'current');
  }

  private view(p: StoredPage, body = false): Page {
    const { properties: _p, labels: _l, attachments: _a, restrictedTo: _r, history: _h, modifiedAt: _m, ...page } = p;
    return { ...page, body: body ? p.body : undefined, webUrl: this.pageUrl(p.id) };
  }

  private titleTaken(title: string, except?: string): boolean {
    return [...this.pages.values()].some((p) => p.id !== except && p.status !== 'trashed' && p.title.trim() === title.trim());
  }

  private error(status: number, message: string): ConfluenceError {
    return new ConfluenceError({ status, code: status === 409 ? 'CONFLICT' : 'BAD_REQUEST', confluenceMessage: message, operation: 'fake', hint: '' });
  }

  async getCurrentUser(): Promise<CurrentUser> {
    this.call('getCurrentUser');
    return this.user;
  }
  async getSpace(key: string): Promise<Space> {
    this.call('getSpace');
    if (key !== 'DOCS') throw this.error(404, `space ${key} not found`);
    return this.space;
  }
  async listSpaces(): Promise<Space[]> {
    this.call('listSpaces');
    return [this.space];
  }
  async getPage(id: string, opts?: { body?: boolean }): Promise<Page | undefined> {
    this.call('getPage');
    const p = this.pages.get(id);
    return p && p.status !== 'trashed' ? this.view(p, opts?.body) : undefined;
  }
  async findPageByTitle(_spaceId: string, title: string): Promise<Page | undefined> {
    this.call('findPageByTitle');
    const p = this.byTitle(title);
    return p ? this.view(p) : undefined;
  }
  async listPages(): Promise<Page[]> {
    this.call('listPages');
    return [...this.pages.values()].filter((p) => p.status === 'current').map((p) => this.view(p));
  }
  async getChildren(pageId: string): Promise<PageSummary[]> {
    this.call('getChildren');
    return [...this.pages.values()].filter((p) => p.parentId === pageId).map((p) => this.view(p));
  }
  async createPage(input: CreatePageInput): Promise<Page> {
    this.call('createPage');
    if (this.titleTaken(input.title)) throw this.error(400, 'A page with this title already exists: A page already exists with the same TITLE in this space');
    const parentId = input.parentId ?? '1';
    if (!this.pages.has(parentId)) throw this.error(404, 'The parent ID specified does not exist');
    const id = String(this.nextId++);
    const p = this.stored({ id, title: input.title.trim(), spaceId: input.spaceId, parentId, version: 1, status: 'current', body: input.body, webUrl: this.pageUrl(id), lastModifiedBy: 'me' });
    this.pages.set(id, p);
    return this.view(p);
  }
  async updatePage(input: UpdatePageInput): Promise<Page> {
    this.call('updatePage');
    const p = this.pages.get(input.id);
    if (!p || p.status === 'trashed') throw this.error(404, 'page not found');
    if (input.version !== p.version + 1) throw this.error(409, `Version must be incremented on update. Current version is: ${p.version}`);
    if (this.titleTaken(input.title, p.id)) throw this.error(400, 'A page with this title already exists: A page already exists with the same TITLE in this space');
    if (input.parentId && !this.pages.has(input.parentId)) throw this.error(404, 'parent not found');
    p.title = input.title.trim();
    p.body = input.body;
    p.version = input.version;
    if (input.parentId) p.parentId = input.parentId;
    this.touched(p);
    return this.view(p);
  }
  async movePage(id: string, newParentId: string): Promise<void> {
    this.call('movePage');
    const p = this.pages.get(id);
    if (!p || !this.pages.has(newParentId)) throw this.error(404, 'not found');
    p.parentId = newParentId;
  }
  async deletePage(id: string): Promise<void> {
    this.call('deletePage');
    const p = this.pages.get(id);
    if (!p) throw this.error(404, 'not found');
    p.status = 'trashed';
  }
  async archivePage(id: string): Promise<void> {
    this.call('archivePage');
    const p = this.pages.get(id);
    if (!p) throw this.error(404, 'not found');
    p.status = 'archived';
  }
  async getLabels(pageId: string): Promise<string[]> {
    this.call('getLabels');
    return [...(this.pages.get(pageId)?.labels ?? [])];
  }
  async addLabels(pageId: string, labels: string[]): Promise<void> {
    this.call('addLabels');
    for (const l of labels) this.pages.get(pageId)!.labels.add(l);
  }
  async removeLabel(pageId: string, label: string): Promise<void> {
    this.call('removeLabel');
    this.pages.get(pageId)?.labels.delete(label);
  }
  async getProperty<T>(pageId: string, key: string): Promise<{ value: T; version: number } | undefined> {
    this.call('getProperty');
    return this.pages.get(pageId)?.properties.get(key) as { value: T; version: number } | undefined;
  }
  async setProperty(pageId: string, key: string, value: unknown): Promise<void> {
    this.call('setProperty');
    const p = this.pages.get(pageId)!;
    const prev = p.properties.get(key);
    p.properties.set(key, { value, version: (prev?.version ?? 0) + 1 });
  }
  async listAttachments(pageId: string): Promise<Attachment[]> {
    this.call('listAttachments');
    return [...(this.pages.get(pageId)?.attachments ?? [])];
  }
  async uploadAttachment(input: UploadAttachmentInput): Promise<Attachment> {
    this.call('uploadAttachment');
    const p = this.pages.get(input.pageId)!;
    const existing = p.attachments.find((a) => a.title === input.fileName);
    if (existing) {
      existing.version++;
      existing.comment = input.comment;
      this.attachmentData.set(existing.id, input.data);
      return existing;
    }
    const a: Attachment = { id: `att${this.nextId++}`, title: input.fileName, comment: input.comment, version: 1, fileSize: input.data.length, mediaType: input.mediaType };
    p.attachments.push(a);
    this.attachmentData.set(a.id, input.data);
    return a;
  }
  async restrictEditingTo(pageId: string, user: CurrentUser): Promise<void> {
    this.call('restrictEditingTo');
    this.pages.get(pageId)!.restrictedTo = user.accountId;
  }
  async searchCql(): Promise<PageSummary[]> {
    this.call('searchCql');
    return [];
  }
  pageUrl(pageId: string): string {
    return `${this.baseUrl}/pages/${pageId}`;
  }

  /** Bytes of uploaded attachments, by attachment id. */
  readonly attachmentData = new Map<string, Uint8Array>();

  async listDescendants(rootId: string): Promise<PageSummary[]> {
    this.call('listDescendants');
    const out: PageSummary[] = [];
    const visit = (id: string): void => {
      for (const p of this.pages.values()) {
        if (p.parentId !== id || p.status !== 'current') continue;
        out.push(this.view(p));
        visit(p.id);
      }
    };
    visit(rootId);
    return out;
  }
  async getPageVersions(ids: string[]): Promise<PageSummary[]> {
    this.call('getPageVersions');
    return ids.map((id) => this.pages.get(id)).filter((p): p is StoredPage => p !== undefined).map((p) => this.view(p));
  }
  async getPageAtVersion(id: string, version: number): Promise<Page | undefined> {
    this.call('getPageAtVersion');
    const p = this.pages.get(id);
    const v = p?.history.get(version);
    return p && v ? { ...this.view(p), title: v.title, body: v.body, version } : undefined;
  }
  async findChangedSince(_spaceKey: string, since: Date): Promise<PageSummary[]> {
    this.call('findChangedSince');
    return [...this.pages.values()].filter((p) => p.status === 'current' && p.modifiedAt >= since.getTime()).map((p) => this.view(p));
  }
  async downloadAttachment(_pageId: string, attachment: Attachment): Promise<Uint8Array> {
    this.call('downloadAttachment');
    const data = this.attachmentData.get(attachment.id);
    if (!data) throw this.error(404, `attachment ${attachment.title} not found`);
    return data;
  }
}
