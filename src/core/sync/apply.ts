import { isConfluenceError } from '../confluence/errors';
import { attachmentMediaType } from '../files/attachmentPolicy';
import type { ConfluenceApi, CurrentUser, Page } from '../confluence/types';
import type { Logger } from '../logging';
import { PROPERTY_KEY, TOOL_NAME } from './local';
import type { MappingEntry } from './mapping';
import type { ItemState, PlanInternal } from './planner';
import type { ApplyOptions, SyncReport, SyncResult, WorkspaceConfig } from './types';
import { orphanRefusal, pendingCreateEntry } from './ownership';
import { parseVersionMessage, sameContent, versionMessage } from './versionMessage';

export interface ApplyDeps {
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  logger: Logger;
}

type Verb = 'create' | 'update' | 'move' | 'skip';

/** Runs limited-concurrency tasks in arrival order. */
class Semaphore {
  private active = 0;
  private queue: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/** The page's title: the document's (the plan item shows a placeholder instead for a document with likely secrets). */
const pageTitle = (state: ItemState): string => state.node?.title ?? state.item.title;

const matches = (opt: boolean | string[] | undefined, file: string) => opt === true || (Array.isArray(opt) && opt.includes(file));

/** Publishes a plan: parents before children, mapping file saved after every page, conflicts never clobbered unless forced. */
export async function applyPlan(deps: ApplyDeps, internal: PlanInternal, opts: ApplyOptions = {}): Promise<SyncReport> {
  const { api, config } = deps;
  const { mapping, space, states } = internal;
  const signal = opts.signal;
  // Ctrl-C: `stop` lets the pages in flight finish (and be recorded); `signal` also cuts requests off.
  const stopped = () => Boolean(signal?.aborted || opts.stop?.aborted);
  const results: SyncResult[] = [];
  const total = states.size;
  const pageIds = new Map<string, Promise<string | undefined>>();
  const resolvers = new Map<string, (id: string | undefined) => void>();
  for (const key of states.keys()) pageIds.set(key, new Promise((r) => resolvers.set(key, r)));
  const limiter = new Semaphore(Math.max(1, config.concurrency));
  let userPromise: Promise<CurrentUser> | undefined;
  const currentUser = () => (userPromise ??= api.getCurrentUser({ signal }));

  const finish = (key: string, result: SyncResult, pageId: string | undefined) => {
    results.push(result);
    resolvers.get(key)?.(pageId);
    opts.onProgress?.({ done: results.length, total, file: result.file, result });
  };

  // The mapping is saved (atomically, off the main thread) as soon as a page finishes; pages finishing while a save
  // is running share the next one. What a kill loses in that gap, the next run recognises by the pages' source
  // property (or, before the property is set, as a version-1 page under our own parent).
  let saving: Promise<void> | undefined;
  let dirty = false;
  let saveError: unknown;
  // Generations: a change made at generation g is on disk once `savedGen >= g` (see savedNow).
  let changeGen = 0;
  let savedGen = 0;
  let waiters: Array<{ gen: number; resolve: () => void }> = [];
  const saveLoop = async () => {
    while (dirty) {
      dirty = false;
      const gen = changeGen;
      await mapping.saveAsync().catch((err) => (saveError ??= err));
      savedGen = gen;
      for (const w of waiters) if (w.gen <= savedGen) w.resolve();
      waiters = waiters.filter((w) => w.gen > savedGen);
    }
    saving = undefined;
  };
  const saveSoon = () => {
    dirty = true;
    changeGen++;
    saving ??= saveLoop();
  };
  /** Waits until every change made so far is on disk (shares the save other pages started). */
  const savedNow = async () => {
    const gen = changeGen;
    if (savedGen < gen) await new Promise<void>((resolve) => waiters.push({ gen, resolve }));
    if (saveError) throw new Error(`could not write ${mapping.displayPath}: ${(saveError as Error).message}`);
  };
  const flushSave = async () => {
    while (saving) await saving;
    if (saveError) throw new Error(`could not write ${mapping.displayPath}: ${(saveError as Error).message}`);
  };

  const record = (key: string, state: ItemState, fields: Partial<MappingEntry>) => {
    const prev = mapping.get(key) ?? (state.takeOverFrom ? mapping.get(state.takeOverFrom) : undefined) ?? state.entry;
    // `pending` (written just before a create) ends once the page is recorded.
    const entry: MappingEntry = { ...(prev ?? {}), space: space.key, title: pageTitle(state), pending: undefined, ...fields } as MappingEntry;
    mapping.set(key, entry);
    if (state.takeOverFrom) mapping.delete(state.takeOverFrom);
    saveSoon();
    return entry;
  };
  /** Changes fields of the entry `key` (entries are frozen: a new object replaces it). */
  const amend = (key: string, fields: Partial<MappingEntry>): MappingEntry => {
    const entry = { ...mapping.get(key)!, ...fields } as MappingEntry;
    mapping.set(key, entry);
    saveSoon();
    return entry;
  };

  /**
   * Adds the document's labels and removes the ones this tool added before that the document no longer has.
   * Labels people added in Confluence are never in the mapping entry, so they are left alone.
   */
  const syncLabels = async (key: string, pageId: string, labels: string[], entry: MappingEntry, signal?: AbortSignal): Promise<MappingEntry> => {
    const previous = Array.isArray(entry.labels) ? entry.labels.filter((l): l is string => typeof l === 'string') : [];
    const wanted = [...new Set(labels)].sort();
    // All of them, every time: git is the source of truth, so a label removed by hand in Confluence comes back.
    if (wanted.length) await api.addLabels(pageId, wanted, { signal });
    for (const l of previous) if (!wanted.includes(l)) await api.removeLabel(pageId, l, { signal });
    if (wanted.join('\n') === previous.join('\n')) return entry;
    return amend(key, { labels: wanted.length ? wanted : undefined });
  };

  const runItem = async (key: string, state: ItemState): Promise<void> => {
    const { item, node } = state;
    const base: SyncResult = { file: key, action: 'error', title: item.title, pageId: item.pageId };
    if (item.pageId) base.url = api.pageUrl(item.pageId);
    const verb = decide(state, opts);
    if (typeof verb === 'object') {
      // A page left as it is (conflict, blocked) still exists, so its children can be published under it.
      const keeps = (verb.action === 'conflict' || verb.action === 'blocked') && state.remote ? state.remote.id : undefined;
      finish(key, { ...base, ...verb, message: verb.message ?? item.reason }, keeps);
      return;
    }
    if (verb === 'skip') {
      // Nothing to write; record what we learnt (a page recognised as ours, a new parent id).
      if (state.remote && (!mapping.get(key)?.page_id || state.takeOverFrom || state.reconciled)) {
        record(key, state, { page_id: state.remote.id, version: state.entry?.version ?? state.remote.version, hash: state.entry?.hash ?? node?.hash, parent_id: state.remote.parentId });
      }
      finish(key, { ...base, action: 'skipped', version: state.remote?.version, message: item.reason }, state.remote?.id);
      return;
    }
    const parentId = item.parentFile ? await pageIds.get(item.parentFile) : internal.rootParentId;
    if (item.parentFile && !parentId) {
      finish(key, { ...base, message: `not published because its parent page "${item.parentTitle}" (${item.parentFile}) was not published` }, undefined);
      return;
    }
    for (const w of state.waitFor) await pageIds.get(w);
    await limiter.run(async () => {
      if (stopped()) {
        finish(key, { ...base, message: 'cancelled before it was published' }, undefined);
        return;
      }
      try {
        const r = await writePage(key, state, verb, parentId);
        finish(key, r, r.pageId);
      } catch (err) {
        finish(key, { ...base, action: isConfluenceError(err, 409) ? 'conflict' : 'error', message: describe(err, verb, item.title) }, undefined);
      }
    });
  };

  /**
   * A 409 whose current version is the very one this update carries (our version message, same file, same content):
   * an earlier attempt landed although its answer was lost (a request cut off by Ctrl-C or a dropped connection,
   * processed by Confluence meanwhile). That is our write, not a remote edit.
   */
  const landedEarlier = async (err: unknown, pageId: string, key: string, hash: string): Promise<Page> => {
    if (!isConfluenceError(err, 409)) throw err;
    const now = await api.getPage(pageId, { signal }).catch(() => undefined);
    const ours = parseVersionMessage(now?.versionMessage);
    if (!now || !ours || ours.source !== key || !sameContent(ours, hash)) throw err;
    return now;
  };

  const writePage = async (key: string, state: ItemState, verb: Exclude<Verb, 'skip'>, parentId: string | undefined): Promise<SyncResult> => {
    const { item, node } = state;
    if (!node || node.storage === undefined || node.hash === undefined) throw new Error('nothing to publish');
    const title = pageTitle(state);
    // Defence in depth: every attachment passes the policy again before the page that shows it is written.
    for (const ref of node.attachments) internal.local.attachments.assertAttachable(ref.path);
    let page: Page;
    let action: SyncResult['action'];
    if (verb === 'create') {
      // Recorded on disk before the page exists: a run killed before it records the new page id still owns it.
      const before = mapping.get(key);
      mapping.set(key, pendingCreateEntry(before ?? state.entry, space.key, title, node.hash, parentId));
      saveSoon();
      await savedNow();
      try {
        page = await createOnce(api, { spaceId: space.id, title, parentId, body: node.storage }, signal);
      } catch (err) {
        if (!signal?.aborted) {
          if (before) mapping.set(key, before);
          else mapping.delete(key);
          saveSoon();
        }
        throw err;
      }
      action = 'created';
    } else if (verb === 'update' || (verb === 'move' && item.changed)) {
      const remote = state.remote!;
      page = await api.updatePage(
        {
          id: remote.id,
          title,
          body: node.storage,
          version: remote.version + 1,
          parentId: verb === 'move' || remote.parentId !== parentId ? parentId : undefined,
          versionMessage: versionMessage(key, node.hash),
        },
        { signal },
      ).catch((err) => landedEarlier(err, remote.id, key, node.hash!));
      action = verb === 'move' || (parentId !== undefined && remote.parentId !== parentId) ? 'moved' : 'updated';
    } else {
      const remote = state.remote!;
      await api.movePage(remote.id, parentId!, { signal });
      page = (await api.getPage(remote.id, { signal })) ?? { ...remote, parentId, webUrl: api.pageUrl(remote.id) };
      action = 'moved';
    }
    // Children only need the page to exist: let them start while labels, property and attachments follow.
    resolvers.get(key)?.(page.id);
    const onlyMoved = verb === 'move' && !item.changed;
    let entry = record(key, state, {
      page_id: page.id,
      version: onlyMoved ? Math.max(page.version, state.entry?.version ?? 0) : page.version,
      hash: onlyMoved ? (state.entry?.hash ?? node.hash) : node.hash,
      parent_id: parentId,
    });
    const notes: string[] = [];
    if (!onlyMoved || state.takeOverFrom) {
      await api
        .setProperty(page.id, PROPERTY_KEY, { source: key, hash: node.hash, tool: TOOL_NAME }, { signal, isNew: action === 'created' })
        .catch((err) => notes.push(`could not record the source property: ${(err as Error).message}`));
      if (!onlyMoved) entry = await syncLabels(key, page.id, node.labels, entry, signal);
    }
    let version = page.version;
    if (node.attachments.length && !onlyMoved) {
      const uploaded = await syncAttachments(page.id, node.attachments, verb === 'create' ? {} : entry.attachments, verb !== 'create' && !entry.attachments);
      if (uploaded.count > 0) {
        // Uploads may bump the page version on some sites; re-read so the next run does not see a remote edit.
        version = (await api.getPage(page.id, { signal }))?.version ?? version;
        entry = amend(key, { attachments: uploaded.hashes, version });
      } else {
        entry = amend(key, { attachments: uploaded.hashes });
      }
    }
    if (config.readOnly && !entry.read_only && !api.capabilities.restrictions) {
      notes.push('read-only mode is on, but this Confluence site does not let us restrict editing');
    } else if (config.readOnly && !entry.read_only) {
      await api.restrictEditingTo(page.id, await currentUser(), { signal });
      entry = amend(key, { read_only: true });
    }
    const message = [state.takeOverFrom ? `renamed from ${state.takeOverFrom}` : undefined, ...notes].filter(Boolean).join('; ') || undefined;
    return { file: key, action, pageId: page.id, title, url: page.webUrl || api.pageUrl(page.id), version, message };
  };

  const syncAttachments = async (
    pageId: string,
    refs: NonNullable<ItemState['node']>['attachments'],
    known: Record<string, string> | undefined,
    listFirst: boolean,
  ): Promise<{ hashes: Record<string, string>; count: number }> => {
    const hashes: Record<string, string> = { ...(known ?? {}) };
    const remote = listFirst ? await api.listAttachments(pageId, { signal }) : [];
    let count = 0;
    for (const ref of refs) {
      const existing = remote.find((a) => a.title === ref.name);
      if (hashes[ref.name] === ref.hash || existing?.comment?.includes(ref.hash)) {
        hashes[ref.name] = ref.hash;
        continue;
      }
      const data = internal.local.attachments.readForUpload(ref.path, ref.hash);
      await api.uploadAttachment(
        { pageId, fileName: ref.name, data, mediaType: attachmentMediaType(ref.name), comment: `sha256:${ref.hash}`, existingId: existing?.id },
        { signal },
      );
      hashes[ref.name] = ref.hash;
      count++;
    }
    return { hashes, count };
  };

  /** Moves a page to a temporary title (with its new body) so that another page of this run can take its title. */
  const vacateTitle = async (key: string, state: ItemState): Promise<boolean> => {
    const remote = state.remote!;
    const temporary = `${remote.title} (renaming ${remote.id})`;
    try {
      const page = await api.updatePage(
        {
          id: remote.id,
          title: temporary,
          body: state.node!.storage!,
          version: remote.version + 1,
          versionMessage: `Title handed over to another page by ${TOOL_NAME}; "${pageTitle(state)}" follows`,
        },
        { signal },
      );
      state.remote = { ...remote, title: temporary, version: page.version };
      // Recorded at once, so a run killed before the final title sees our own version, not a remote edit.
      record(key, state, { page_id: remote.id, version: page.version });
      return true;
    } catch (err) {
      const base: SyncResult = { file: key, action: 'error', title: state.item.title, pageId: remote.id, url: api.pageUrl(remote.id) };
      finish(key, { ...base, message: `could not free the title "${remote.title}" for another page: ${describe(err, 'update', temporary)}` }, undefined);
      return false;
    }
  };
  const finished = new Set<string>();
  for (const [key, state] of states) {
    const writes = state.item.action === 'update' || state.item.action === 'move';
    if (state.vacateTitle && writes && state.node?.storage !== undefined && !stopped()) {
      if (!(await vacateTitle(key, state))) finished.add(key);
    }
  }

  const work: Array<Promise<void>> = [];
  for (const [key, state] of states) {
    if (state.item.action === 'orphan' || finished.has(key)) continue;
    work.push(
      runItem(key, state).catch((err) => {
        finish(key, { file: key, action: 'error', title: state.item.title, message: (err as Error).message }, undefined);
      }),
    );
  }
  await Promise.all(work);
  await flushSave();
  await applyOrphans(deps, internal, opts, (r) => {
    results.push(r);
    opts.onProgress?.({ done: results.length, total, file: r.file, result: r });
  });

  const order = new Map([...states.keys()].map((k, i) => [k, i]));
  results.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  const summary: Record<string, number> = {};
  for (const r of results) summary[r.action] = (summary[r.action] ?? 0) + 1;
  return { results, summary };
}

/** What to do with an item under the apply options: a write verb, or a final result. */
function decide(state: ItemState, opts: ApplyOptions): Verb | (Pick<SyncResult, 'action'> & { message?: string }) {
  const { item } = state;
  const file = item.file;
  const intended = (): Verb => (state.intended === 'unchanged' ? 'skip' : state.intended);
  switch (item.action) {
    case 'unchanged':
      return 'skip';
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'move':
      return 'move';
    case 'conflict':
      return matches(opts.force, file) ? intended() : { action: 'conflict' };
    case 'blocked':
      if (item.code === 'secrets' && matches(opts.allowSecrets, file)) return unblock(state, opts);
      return { action: 'blocked' };
    case 'error':
      return unblock(state, opts);
    default:
      return { action: 'error' };
  }
}

function unblock(state: ItemState, opts: ApplyOptions): Verb | (Pick<SyncResult, 'action'> & { message?: string }) {
  const { item } = state;
  if (item.code === 'title-taken') {
    if (!opts.adopt) return { action: 'error' };
    state.entry = undefined; // no baseline: the page was someone else's
    return state.node?.storage !== undefined ? 'update' : { action: 'error' };
  }
  if (item.code === 'remote-deleted') {
    if (!matches(opts.recreate, item.file)) return { action: 'error' };
    state.remote = undefined;
    return state.node?.storage !== undefined ? 'create' : { action: 'error' };
  }
  if (item.code === 'secrets') {
    if (state.intended === 'unchanged') return 'skip';
    if (item.pageId === undefined && !state.remote) return 'create';
    return state.intended;
  }
  return { action: 'error' };
}

/** Creates a page; when the answer is lost (network, 5xx) looks for it instead of creating it twice. */
async function createOnce(api: ConfluenceApi, input: Parameters<ConfluenceApi['createPage']>[0], signal?: AbortSignal): Promise<Page> {
  try {
    return await api.createPage(input, { signal });
  } catch (err) {
    const ambiguous = isConfluenceError(err) ? err.status === undefined || err.status >= 500 : true;
    if (!ambiguous) throw err;
    const found = await api.findPageByTitle(input.spaceId, input.title, { signal }).catch(() => undefined);
    if (found && (input.parentId === undefined || found.parentId === input.parentId)) return found;
    throw err;
  }
}

async function applyOrphans(deps: ApplyDeps, internal: PlanInternal, opts: ApplyOptions, emit: (r: SyncResult) => void): Promise<void> {
  const { api } = deps;
  const policy = opts.orphans ?? 'report';
  const orphans = [...internal.states.values()].filter((s) => s.item.action === 'orphan');
  // Deepest first, so a folder page is removed after the pages below it.
  orphans.sort((a, b) => b.item.file.split('/').length - a.item.file.split('/').length);
  for (const state of orphans) {
    const { item } = state;
    const base: SyncResult = { file: item.file, action: 'orphan', title: item.title, pageId: item.pageId };
    if (item.pageId && state.remote) base.url = api.pageUrl(item.pageId);
    if (policy === 'report') {
      emit({ ...base, message: item.reason });
      continue;
    }
    if (opts.stop?.aborted || opts.signal?.aborted) {
      emit({ ...base, message: 'left for the next run: the publish was stopped' });
      continue;
    }
    // The plan found that this page is not ours to remove (and front ends said so): never removed behind its back.
    if (item.code === 'orphan-kept') {
      emit({ ...base, message: item.reason });
      continue;
    }
    if (!item.pageId || !state.remote) {
      internal.mapping.delete(item.file);
      internal.mapping.save();
      emit({ ...base, message: 'entry removed from the mapping file (no page left in Confluence)' });
      continue;
    }
    try {
      const prop = await api.getProperty<{ tool?: string; source?: string }>(item.pageId, PROPERTY_KEY, { signal: opts.signal });
      const livePages = new Set([...internal.states.values()].filter((s) => s.item.action !== 'orphan' && s.remote).map((s) => s.remote!.id));
      const refusal = orphanRefusal(item.file, item.pageId, prop?.value, livePages);
      if (refusal) {
        emit({ ...base, message: refusal });
        continue;
      }
      if (policy === 'archive') {
        if (!api.capabilities.archive) {
          emit({ ...base, action: 'error', message: 'this Confluence site cannot archive pages; use --orphans delete or remove the page by hand' });
          continue;
        }
        await api.archivePage(item.pageId, { signal: opts.signal });
      } else {
        await api.deletePage(item.pageId, { signal: opts.signal });
      }
      internal.mapping.delete(item.file);
      internal.mapping.save();
      emit({ ...base, action: policy === 'archive' ? 'archived' : 'deleted', url: undefined });
    } catch (err) {
      emit({ ...base, action: 'error', message: (err as Error).message });
    }
  }
}

function describe(err: unknown, verb: Verb, title: string): string {
  if (isConfluenceError(err, 409)) return `"${title}" was changed in Confluence while publishing; run again to see the remote change in the plan`;
  if (isConfluenceError(err, 400) && /title already exists/i.test(err.confluenceMessage)) {
    return `a page titled "${title}" already exists in the space (possibly archived); give the document another title (front matter \`title:\`)`;
  }
  if (isConfluenceError(err, 404) && verb === 'create') return `the parent page is missing in Confluence (${(err as Error).message}); run again to recreate the parents`;
  return (err as Error)?.message ?? String(err);
}
