/**
 * In-memory Confluence content model and its rules (title unique per space, parent in the same space, version
 * current+1, restrictions, move, labels, properties, attachments). Route modules translate HTTP to these calls;
 * everything here throws ApiError with Confluence's wording so each API renders it in its own envelope.
 */
import { ApiError, badRequest, conflict, forbidden, notFound } from './errors';
import type { LocalUser, SpaceSeed } from './types';

export type { PageStatus, VersionRec, LabelRec, PropertyRec, RestrictionSet, PageRec, AttachmentVersionRec, AttachmentRec, SpaceRec, StoreData, StoreOptions } from './store-records';
import type { PageStatus, VersionRec, LabelRec, PropertyRec, RestrictionSet, PageRec, AttachmentRec, SpaceRec, StoreData, StoreOptions } from './store-records';
import { emptyData, newPageRecord } from './store-records';
export { escapeXml, normalizeStorage, stripAtt } from './store-helpers';
import { checkPropertySize, DUPLICATE_TITLE, escapeXml, LABEL_FORBIDDEN, normalizeStorage, randomUuid, stripAtt } from './store-helpers';
import { attachmentMediaType } from '../core';

const now = (): string => new Date().toISOString();

export class Store {
  data: StoreData;
  private readonly pagesById = new Map<string, PageRec>();
  private readonly attachmentsById = new Map<string, AttachmentRec>();
  /** When pages were created in this process (eventual consistency lag; not persisted). */
  private readonly bornAt = new Map<string, number>();
  /** Bumped on every mutation; persistence watches it. */
  revision = 0;
  onChange: () => void = () => undefined;

  constructor(
    readonly users: LocalUser[],
    private readonly options: StoreOptions,
    data?: StoreData,
  ) {
    this.data = data ?? emptyData();
    this.reindex();
  }

  static empty(): StoreData {
    return emptyData();
  }

  replaceData(data: StoreData): void {
    this.data = data;
    this.reindex();
    this.touch();
  }

  private reindex(): void {
    this.pagesById.clear();
    this.attachmentsById.clear();
    for (const p of this.data.pages) this.pagesById.set(p.id, p);
    for (const a of this.data.attachments) this.attachmentsById.set(a.id, a);
  }

  private touch(): void {
    this.revision++;
    this.onChange();
  }

  /** A change made outside the store's methods (inline comments edit the current body in place). */
  changed(): void {
    this.touch();
  }

  private newId(): string {
    return String(this.data.nextId++);
  }

  // ---------- users ----------

  user(accountId: string): LocalUser | undefined {
    return this.users.find((u) => u.accountId === accountId);
  }

  // ---------- spaces ----------

  ensureSpace(seed: SpaceSeed, authorId: string): SpaceRec {
    const existing = this.spaceByKey(seed.key);
    if (existing) return existing;
    if (!/^[A-Za-z0-9~]+$/.test(seed.key)) throw badRequest(`Invalid space key: ${seed.key}`);
    const id = String(this.data.nextSpaceId++);
    const homepageId = this.newId();
    const createdAt = now();
    const space: SpaceRec = { id, key: seed.key, name: seed.name, homepageId, createdAt, authorId, status: 'current', type: 'global' };
    this.data.spaces.push(space);
    const home = newPageRecord(this.nextPosition.bind(this), {
      id: homepageId,
      spaceId: id,
      title: `${seed.name} Home`,
      parentId: null,
      authorId,
      body: `<p>Welcome to the ${escapeXml(seed.name)} space.</p>`,
      status: 'current',
    });
    this.data.pages.push(home);
    this.pagesById.set(home.id, home);
    this.touch();
    return space;
  }

  spaceByKey(key: string): SpaceRec | undefined {
    return this.data.spaces.find((s) => s.key === key);
  }

  spaceById(id: string): SpaceRec | undefined {
    return this.data.spaces.find((s) => s.id === id);
  }

  // ---------- pages: reading ----------

  page(id: string): PageRec | undefined {
    return this.pagesById.get(stripAtt(id));
  }

  /** A page the user may see, else 404 (Confluence hides restricted pages as missing). */
  visiblePage(id: string, userId: string | undefined, opts: { allowTrashed?: boolean } = {}): PageRec {
    const p = this.page(id);
    if (!p || (p.status === 'trashed' && !opts.allowTrashed) || !this.canView(p, userId)) throw notFound(`No content found with id: ${id}`);
    const lag = this.options.eventualConsistencyMs ?? 0;
    if (lag > 0 && Date.now() - (this.bornAt.get(p.id) ?? 0) < lag) throw notFound(`No content found with id: ${id}`);
    return p;
  }

  current(p: PageRec): VersionRec {
    return p.versions[p.versions.length - 1];
  }

  pagesInSpace(spaceId: string): PageRec[] {
    return this.data.pages.filter((p) => p.spaceId === spaceId);
  }

  children(parentId: string, userId?: string): PageRec[] {
    return this.data.pages
      .filter((p) => p.parentId === parentId && (p.status === 'current' || p.status === 'archived') && this.canView(p, userId))
      .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** Ancestors top to bottom. */
  ancestors(p: PageRec): PageRec[] {
    const out: PageRec[] = [];
    const seen = new Set<string>();
    let cur = p.parentId ? this.page(p.parentId) : undefined;
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      out.unshift(cur);
      cur = cur.parentId ? this.page(cur.parentId) : undefined;
    }
    return out;
  }

  descendants(p: PageRec, userId?: string, maxDepth = Infinity): Array<{ page: PageRec; depth: number }> {
    const out: Array<{ page: PageRec; depth: number }> = [];
    const walk = (id: string, depth: number): void => {
      if (depth > maxDepth) return;
      for (const c of this.children(id, userId)) {
        out.push({ page: c, depth });
        walk(c.id, depth + 1);
      }
    };
    walk(p.id, 1);
    return out;
  }

  canView(p: PageRec, userId: string | undefined): boolean {
    // The page and its ancestors, walked up without building the chain (listings ask for every page; bounded hops).
    for (let node: PageRec | undefined = p, hops = 0; node && hops <= this.pagesById.size; node = node.parentId ? this.page(node.parentId) : undefined, hops++) {
      const r = node.restrictions.read;
      if (r.users.length + r.groups.length > 0 && (!userId || !this.matches(r, userId))) return false;
    }
    return true;
  }

  canEdit(p: PageRec, userId: string | undefined): boolean {
    if (!userId) return false;
    const r = p.restrictions.update;
    return r.users.length + r.groups.length === 0 || this.matches(r, userId);
  }

  private matches(r: RestrictionSet, userId: string): boolean {
    if (r.users.includes(userId)) return true;
    // Every local user is in the default group.
    return r.groups.some((g) => g === 'confluence-users' || g === 'confluence-users-id');
  }

  // ---------- pages: writing ----------

  private nextPosition(parentId: string | null, spaceId: string): number {
    const siblings = this.data.pages.filter((p) => p.parentId === parentId && p.spaceId === spaceId);
    return siblings.reduce((m, p) => Math.max(m, p.position + 1), 0);
  }

  private sameTitle(a: string, b: string): boolean {
    const x = a.trim();
    const y = b.trim();
    return this.options.titleCaseSensitive ? x === y : x.toLowerCase() === y.toLowerCase();
  }

  /** Current and archived pages reserve their title; trashed and draft pages don't. */
  titleTaken(spaceId: string, title: string, exceptId?: string): PageRec | undefined {
    return this.data.pages.find(
      (p) =>
        p.spaceId === spaceId &&
        p.id !== exceptId &&
        (p.status === 'current' || p.status === 'archived') &&
        this.sameTitle(p.title, title),
    );
  }

  findByTitle(spaceId: string, title: string, statuses: PageStatus[]): PageRec[] {
    return this.data.pages.filter((p) => p.spaceId === spaceId && statuses.includes(p.status) && p.title === title);
  }

  createPage(input: {
    spaceId: string;
    title: string | undefined;
    parentId?: string | null;
    rootLevel?: boolean;
    status?: PageStatus;
    body: string;
    userId: string;
    /** Message of version 1 (Data Center's create takes `version.message`). */
    message?: string;
    /** Content properties created with the page (Data Center's `metadata.properties`). */
    properties?: Array<{ key: unknown; value: unknown }>;
    /** v1 says "parent ID does not exist"; v2 answers 404 too. */
  }): PageRec {
    const space = this.spaceById(input.spaceId);
    if (!space) throw notFound(`Space not found or no permission: ${input.spaceId}`);
    const status = input.status ?? 'current';
    if (status !== 'current' && status !== 'draft') throw badRequest(`Invalid status for create: ${status}`);
    const title = (input.title ?? '').trim();
    if (!title && status !== 'draft') throw badRequest('Title is required for a page that is not a draft');
    if (title.length > 255) throw badRequest('Title cannot be longer than 255 characters');
    let parentId: string | null;
    if (input.rootLevel) parentId = null;
    else if (input.parentId) {
      const parent = this.page(input.parentId);
      if (!parent || parent.status === 'trashed' || !this.canView(parent, input.userId)) {
        throw notFound('The parent ID specified does not exist, or user does not have permissions');
      }
      if (parent.spaceId !== space.id) throw badRequest('The parent page must be in the same space as the new page');
      parentId = parent.id;
    } else parentId = space.homepageId;
    if (status === 'current' && this.titleTaken(space.id, title)) throw badRequest(DUPLICATE_TITLE);
    const body = this.options.normalizeStorage ? normalizeStorage(input.body) : input.body;
    for (const prop of input.properties ?? []) {
      if (typeof prop.key !== 'string' || !prop.key || prop.key.length > 255 || prop.value === undefined) throw badRequest('metadata.properties: every property needs a key (at most 255 characters) and a value');
    }
    const page = newPageRecord(this.nextPosition.bind(this), { id: this.newId(), spaceId: space.id, title, parentId, authorId: input.userId, body, status, message: input.message });
    this.data.pages.push(page);
    this.pagesById.set(page.id, page);
    this.bornAt.set(page.id, Date.now());
    if (this.options.autoAppearanceProperty) this.createProperty(page, 'content-appearance-published', 'full-width', input.userId, 409);
    for (const prop of input.properties ?? []) this.createProperty(page, prop.key, prop.value, input.userId, 400);
    this.touch();
    return page;
  }

  updatePage(
    id: string,
    input: {
      title?: string;
      status?: string;
      body?: string;
      version?: { number?: unknown; message?: unknown; minorEdit?: unknown };
      parentId?: string | null;
      spaceId?: string;
      userId: string;
      /** Which wording a version conflict uses. */
      flavor: 'v2' | 'v1';
    },
  ): PageRec {
    const p = this.page(id);
    if (!p || !this.canView(p, input.userId)) throw notFound(`No content found with id: ${id}`);
    if (!this.canEdit(p, input.userId)) {
      // v2 documents 404 for "does not have the needed permissions to update"; v1 answers 403.
      if (input.flavor === 'v2') throw notFound(`Page ${id} does not exist or you do not have permission to update it`);
      throw forbidden(`Not permitted to update content with id: ${id}`);
    }
    // Restoring a trashed page: status current, body ignored.
    if (p.status === 'trashed') {
      if (input.status !== 'current') throw notFound(`No content found with id: ${id}`);
      if (this.titleTaken(p.spaceId, p.title, p.id)) throw badRequest(DUPLICATE_TITLE);
      p.status = 'current';
      this.addVersion(p, { title: p.title, body: this.current(p).body, userId: input.userId, message: '', minorEdit: false });
      this.touch();
      return p;
    }
    const cur = this.current(p);
    const wanted = input.version?.number;
    if (wanted === undefined || wanted === null) {
      throw badRequest('Must supply an incremented version when updating Content. No version supplied.');
    }
    const n = Number(wanted);
    if (!Number.isInteger(n)) throw badRequest(`Invalid version number: ${String(wanted)}`);
    if (n !== cur.number + 1) {
      throw conflict(
        input.flavor === 'v2'
          ? `Version must be incremented when updating a page. Current Version: [${cur.number}]. Provided version: [${n}]`
          : `Version must be incremented on update. Current version is: ${cur.number}`,
      );
    }
    const title = input.title === undefined ? p.title : input.title.trim();
    if (!title) throw badRequest('Title is required');
    if (title.length > 255) throw badRequest('Title cannot be longer than 255 characters');
    if (input.spaceId !== undefined && String(input.spaceId) !== p.spaceId) {
      throw badRequest('Changing the space of a page is not supported; move pages between spaces is not allowed here');
    }
    let parentId = p.parentId;
    if (input.parentId !== undefined && input.parentId !== null && String(input.parentId) !== p.parentId) {
      const parent = this.page(String(input.parentId));
      if (!parent || parent.status === 'trashed' || !this.canView(parent, input.userId)) {
        throw notFound('The parent ID specified does not exist, or user does not have permissions');
      }
      if (parent.spaceId !== p.spaceId) throw badRequest('The parent page must be in the same space');
      if (parent.id === p.id || this.ancestors(parent).some((a) => a.id === p.id)) {
        throw badRequest('Cannot move a page to be a child of itself or of one of its descendants');
      }
      parentId = parent.id;
    }
    const status = input.status ?? p.status;
    if (status !== 'current' && status !== 'draft' && status !== 'archived') throw badRequest(`Invalid status: ${status}`);
    if (status !== 'draft' && this.titleTaken(p.spaceId, title, p.id)) throw badRequest(DUPLICATE_TITLE);
    if (parentId !== p.parentId) {
      p.parentId = parentId;
      p.position = this.nextPosition(parentId, p.spaceId);
    }
    p.title = title;
    p.status = status as PageStatus;
    const body = input.body === undefined ? cur.body : this.options.normalizeStorage ? normalizeStorage(input.body) : input.body;
    this.addVersion(p, {
      title,
      body,
      userId: input.userId,
      message: typeof input.version?.message === 'string' ? input.version.message : '',
      minorEdit: input.version?.minorEdit === true,
    });
    this.touch();
    return p;
  }

  private addVersion(p: PageRec, v: { title: string; body: string; userId: string; message: string; minorEdit: boolean }): void {
    p.versions.push({
      number: this.current(p).number + 1,
      createdAt: now(),
      message: v.message,
      minorEdit: v.minorEdit,
      authorId: v.userId,
      title: v.title,
      body: v.body,
    });
  }

  /** DELETE: current → trashed (with descendants re-parented like Confluence keeps them); trashed + purge → gone. */
  deletePage(id: string, userId: string, purge: boolean): void {
    const p = this.page(id);
    if (!p || !this.canView(p, userId)) throw notFound(`No content found with id: ${id}`);
    if (!this.canEdit(p, userId)) throw notFound(`No content found with id: ${id}`);
    const space = this.spaceById(p.spaceId);
    if (space?.homepageId === p.id && !purge) throw badRequest('The space homepage cannot be deleted');
    if (purge) {
      if (p.status !== 'trashed' && p.status !== 'draft') throw badRequest('Only trashed content can be purged');
      this.data.pages = this.data.pages.filter((x) => x.id !== p.id);
      this.pagesById.delete(p.id);
      this.data.attachments = this.data.attachments.filter((a) => a.pageId !== p.id);
      for (const [k, a] of this.attachmentsById) if (a.pageId === p.id) this.attachmentsById.delete(k);
    } else {
      if (p.status === 'trashed') throw notFound(`No content found with id: ${id}`);
      // Children move up to the deleted page's parent, as Confluence does when a parent is trashed.
      for (const c of this.data.pages.filter((x) => x.parentId === p.id)) c.parentId = p.parentId;
      p.status = 'trashed';
    }
    this.touch();
  }

  archivePage(id: string, userId: string): void {
    const p = this.visiblePage(id, userId);
    if (!this.canEdit(p, userId)) throw forbidden(`Not permitted to archive content with id: ${id}`);
    if (p.status !== 'current') throw badRequest(`Only current pages can be archived: ${id}`);
    p.status = 'archived';
    this.touch();
  }

  /** v1 move: before/after target (sibling), append (child of target). */
  movePage(id: string, position: string, targetId: string, userId: string): PageRec {
    if (!['before', 'after', 'append'].includes(position)) throw badRequest(`Invalid position: ${position}. Expected before, after or append`);
    const p = this.page(id);
    if (!p || p.status === 'trashed' || !this.canView(p, userId)) throw notFound(`No content found with id: ${id}`);
    const target = this.page(targetId);
    if (!target || target.status === 'trashed' || !this.canView(target, userId)) throw notFound(`No content found with id: ${targetId}`);
    if (!this.canEdit(p, userId)) throw forbidden(`Not permitted to move content with id: ${id}`);
    if (target.id === p.id || this.ancestors(target).some((a) => a.id === p.id)) {
      throw badRequest('Cannot move a page to be a child of itself or of one of its descendants (parent-child loop)');
    }
    if (target.spaceId !== p.spaceId) {
      // The whole subtree changes space; every title in it must be free there.
      const subtree = [p, ...this.data.pages.filter((x) => this.ancestors(x).some((a) => a.id === p.id))];
      for (const x of subtree) {
        if ((x.status === 'current' || x.status === 'archived') && this.titleTaken(target.spaceId, x.title, x.id)) throw badRequest(DUPLICATE_TITLE);
      }
      for (const x of subtree) x.spaceId = target.spaceId;
    }
    if (position === 'append') {
      p.parentId = target.id;
      p.position = this.nextPosition(target.id, target.spaceId);
    } else {
      p.parentId = target.parentId;
      const siblings = this.data.pages
        .filter((x) => x.parentId === target.parentId && x.spaceId === target.spaceId && x.id !== p.id)
        .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
      const at = siblings.findIndex((x) => x.id === target.id) + (position === 'after' ? 1 : 0);
      siblings.splice(at, 0, p);
      siblings.forEach((x, i) => (x.position = i));
    }
    this.touch();
    return p;
  }

  // ---------- labels ----------

  addLabels(p: PageRec, labels: Array<{ prefix?: unknown; name?: unknown }>): LabelRec[] {
    const added: LabelRec[] = [];
    for (const l of labels) {
      if (typeof l?.name !== 'string' || !l.name) throw badRequest('Label name is required');
      const name = l.name.toLowerCase();
      if (name.length > 255) throw badRequest(`Label '${l.name}' is too long (maximum 255 characters)`);
      if (LABEL_FORBIDDEN.test(name)) throw badRequest(`Label '${l.name}' contains invalid characters`);
      const prefix = typeof l.prefix === 'string' && l.prefix ? l.prefix : 'global';
      if (!['global', 'my', 'team', 'system'].includes(prefix)) throw badRequest(`Invalid label prefix: ${prefix}`);
      if (!p.labels.some((x) => x.name === name && x.prefix === prefix)) {
        const key = `${prefix}:${name}`;
        const id = (this.data.labelIds[key] ??= String(this.data.nextLabelId++));
        const rec = { id, name, prefix };
        p.labels.push(rec);
        added.push(rec);
      }
    }
    if (p.labels.length > 500) throw badRequest('Too many labels on this content');
    this.touch();
    return p.labels;
  }

  removeLabel(p: PageRec, name: string): void {
    const lower = name.toLowerCase();
    const before = p.labels.length;
    p.labels = p.labels.filter((l) => l.name !== lower);
    if (p.labels.length === before) throw notFound(`Label '${name}' is not on content ${p.id}`);
    this.touch();
  }

  // ---------- content properties ----------

  propertyByKey(p: PageRec, key: string): PropertyRec | undefined {
    return p.properties.find((x) => x.key === key);
  }

  createProperty(p: PageRec, key: unknown, value: unknown, userId: string, dupStatus: 409 | 400): PropertyRec {
    if (typeof key !== 'string' || !key) throw badRequest('Property key is required');
    if (key.length > 255) throw badRequest('Property key must be 255 characters or fewer');
    if (value === undefined) throw badRequest('Property value is required');
    checkPropertySize(value);
    if (this.propertyByKey(p, key)) {
      throw new ApiError(dupStatus, `Cannot add a property with key '${key}' to content ${p.id}: a property with that key already exists`);
    }
    const rec: PropertyRec = {
      id: String(this.data.nextPropertyId++),
      key,
      value,
      version: { number: 1, createdAt: now(), message: '', minorEdit: false, authorId: userId },
    };
    p.properties.push(rec);
    this.touch();
    return rec;
  }

  updateProperty(p: PageRec, prop: PropertyRec, input: { key?: unknown; value: unknown; version?: { number?: unknown; message?: unknown; minorEdit?: unknown } }, userId: string): PropertyRec {
    if (input.key !== undefined && input.key !== prop.key) throw badRequest('Property key cannot be changed', 'INVALID_REQUEST_PARAMETER');
    const n = Number(input.version?.number);
    if (input.version?.number === undefined) throw badRequest('Version number is required to update a content property', 'INVALID_REQUEST_PARAMETER');
    if (n !== prop.version.number + 1) {
      throw conflict(`Version must be incremented on update. Current version is: ${prop.version.number}`);
    }
    if (input.value === undefined) throw badRequest('Property value is required', 'INVALID_REQUEST_PARAMETER');
    checkPropertySize(input.value);
    prop.value = input.value;
    prop.version = {
      number: n,
      createdAt: now(),
      message: typeof input.version?.message === 'string' ? input.version.message : '',
      minorEdit: input.version?.minorEdit === true,
      authorId: userId,
    };
    this.touch();
    return prop;
  }

  deleteProperty(p: PageRec, prop: PropertyRec): void {
    p.properties = p.properties.filter((x) => x.id !== prop.id);
    this.touch();
  }

  // ---------- attachments ----------

  attachment(id: string): AttachmentRec | undefined {
    const n = stripAtt(id);
    return this.attachmentsById.get(`att${n}`);
  }

  attachmentsOf(pageId: string, includeTrashed = false): AttachmentRec[] {
    return this.data.attachments.filter((a) => a.pageId === pageId && (includeTrashed || a.status === 'current'));
  }

  attachmentByName(pageId: string, title: string): AttachmentRec | undefined {
    return this.data.attachments.find((a) => a.pageId === pageId && a.title === title && a.status === 'current');
  }

  /** mode 'create' fails on an existing name (v1 POST); 'upsert' adds a version (v1 PUT). */
  putAttachment(
    p: PageRec,
    file: { filename: string; contentType: string; data: Buffer },
    meta: { comment: string; minorEdit: boolean; userId: string },
    mode: 'create' | 'upsert',
  ): AttachmentRec {
    if (!file.filename) throw badRequest('Attachment file name is required');
    const existing = this.attachmentByName(p.id, file.filename);
    if (existing && mode === 'create') {
      throw badRequest(`Cannot add a new attachment with same file name as an existing attachment: ${file.filename}`);
    }
    if (existing) return this.addAttachmentVersion(existing, file, meta);
    const createdAt = now();
    const att: AttachmentRec = {
      id: `att${this.newId()}`,
      pageId: p.id,
      title: file.filename,
      status: 'current',
      fileId: randomUuid(),
      createdAt,
      versions: [],
    };
    this.data.attachments.push(att);
    this.attachmentsById.set(att.id, att);
    return this.addAttachmentVersion(att, file, meta);
  }

  addAttachmentVersion(
    att: AttachmentRec,
    file: { filename?: string; contentType: string; data: Buffer },
    meta: { comment: string; minorEdit: boolean; userId: string },
  ): AttachmentRec {
    att.versions.push({
      number: att.versions.length + 1,
      createdAt: now(),
      authorId: meta.userId,
      comment: meta.comment,
      minorEdit: meta.minorEdit,
      mediaType: file.contentType || attachmentMediaType(att.title),
      data: file.data.toString('base64'),
      fileSize: file.data.length,
    });
    this.touch();
    return att;
  }

  deleteAttachment(att: AttachmentRec, purge: boolean): void {
    if (purge) {
      if (att.status !== 'trashed') throw badRequest('Only trashed attachments can be purged');
      this.data.attachments = this.data.attachments.filter((a) => a.id !== att.id);
      this.attachmentsById.delete(att.id);
    } else att.status = 'trashed';
    this.touch();
  }

  // ---------- restrictions ----------

  /** Replaces the listed operations' restrictions; refuses to lock the caller out of updating. */
  setRestrictions(p: PageRec, ops: Array<{ operation: string; users: string[]; groups: string[] }>, userId: string, mode: 'replace' | 'add'): void {
    const next = { read: { ...p.restrictions.read }, update: { ...p.restrictions.update } };
    for (const op of ops) {
      if (op.operation !== 'read' && op.operation !== 'update') throw badRequest(`Invalid restriction operation: ${op.operation}`);
      for (const u of op.users) if (!this.user(u)) throw badRequest(`User not found: ${u}`);
      const cur = next[op.operation];
      next[op.operation] =
        mode === 'replace'
          ? { users: [...new Set(op.users)], groups: [...new Set(op.groups)] }
          : { users: [...new Set([...cur.users, ...op.users])], groups: [...new Set([...cur.groups, ...op.groups])] };
    }
    const trial: PageRec = { ...p, restrictions: next };
    if (!this.canEdit(trial, userId) || !this.canView(trial, userId)) {
      throw badRequest('Modifying restrictions to revoke the requesting user\'s access is prohibited');
    }
    p.restrictions = next;
    this.touch();
  }

  clearRestrictions(p: PageRec): void {
    p.restrictions = { read: { users: [], groups: [] }, update: { users: [], groups: [] } };
    this.touch();
  }
}

