import { isConfluenceError } from '../../confluence/errors';
import type { ConfluenceApi, Page } from '../../confluence/types';
import { PROPERTY_KEY, TOOL_NAME } from '../local';
import type { MappingEntry } from '../mapping';
import { pendingCreateEntry } from '../ownership';
import type { ItemState } from '../planner';
import type { SyncResult } from '../types';
import { parseVersionMessage, sameContent, versionMessage } from '../versionMessage';
import { syncAttachments } from './attachments';
import type { ApplyContext } from './context';
import { decide, describe, type Verb } from './decide';
import { bodyWithComments, withCommentsNote } from './inlineComments';
import { syncLabels } from './labels';
import { pageTitle } from './mappingSaver';

type WriteVerb = Exclude<Verb, 'skip'>;
/** The state of an item with something to publish. */
type Node = NonNullable<ItemState['node']> & { storage: string; hash: string };

/** Writes one page (create, update or move: one request), records it, then its labels, attachments and restrictions. */
export async function writePage(ctx: ApplyContext, key: string, state: ItemState, verb: WriteVerb, parentId: string | undefined): Promise<SyncResult> {
  const { node } = state;
  if (!node || node.storage === undefined || node.hash === undefined) throw new Error('nothing to publish');
  // Defence in depth: every attachment passes the policy again before the page that shows it is written.
  for (const ref of node.attachments) ctx.internal.local.attachments.assertAttachable(ref.path);
  const { page, action } = await writeBody(ctx, key, state, node as Node, verb, parentId);
  // Children only need the page to exist: let them start while labels, property and attachments follow.
  ctx.resolvePage(key, page.id);
  return withCommentsNote(await afterWrite(ctx, key, state, node as Node, verb, parentId, page, action), state);
}

/** The one request that creates, updates or moves the page. */
async function writeBody(
  ctx: ApplyContext,
  key: string,
  state: ItemState,
  node: Node,
  verb: WriteVerb,
  parentId: string | undefined,
): Promise<{ page: Page; action: SyncResult['action'] }> {
  const { api, signal } = ctx;
  const title = pageTitle(state);
  if (verb === 'create') return { page: await createPage(ctx, key, state, node, parentId), action: 'created' };
  const remote = state.remote!;
  // A move is an update with the new parent, the same body and our version message naming the file's new path:
  // one write (no move endpoint, no re-read), which also records where the page is published from now.
  const moves = verb === 'move' || remote.parentId !== parentId;
  const page = await api
    .updatePage(
      { id: remote.id, title, body: await bodyWithComments(ctx, state, node.storage), version: remote.version + 1, parentId: moves ? parentId : undefined, versionMessage: versionMessage(key, node.hash) },
      { signal },
    )
    .catch((err) => landedEarlier(ctx, err, remote.id, key, node.hash));
  return { page, action: verb === 'move' || (parentId !== undefined && remote.parentId !== parentId) ? 'moved' : 'updated' };
}

/**
 * Records a create's `pending` entry (page title, content hash, parent) and starts its save, before the create waits
 * for a free request slot: a run killed before it records the new page id still owns the page.
 */
export function prewritePending(ctx: ApplyContext, key: string, state: ItemState, parentId: string | undefined): void {
  const before = setPending(ctx, key, state, parentId);
  if (before === NO_HASH) return;
  ctx.pending.set(key, { before, gen: ctx.saver.saveNow(), parentId });
}

/**
 * Once a parent page exists: the `pending` entries of its children that will be created (and wait for no title), in
 * one save. Apply starts its items in a window (window.ts), so the children of a parent do not all become ready at
 * once; without this each would start a save of its own (the whole file, back to back), with it they share one as
 * when every item waited for its parent from the start.
 */
export function prewritePendingChildren(ctx: ApplyContext, children: ReadonlyArray<[string, ItemState]>, parentId: string): void {
  if (ctx.stopped()) return;
  const set: Array<[string, MappingEntry | undefined]> = [];
  for (const [key, state] of children) {
    // not one already finished (its body is let go then), nor one that waits for a title
    if (ctx.pending.has(key) || state.node?.storage === undefined || state.waitFor.length || decide(state, ctx.opts) !== 'create') continue;
    const before = setPending(ctx, key, state, parentId);
    if (before !== NO_HASH) set.push([key, before]);
  }
  if (!set.length) return;
  const gen = ctx.saver.saveNow();
  for (const [key, before] of set) ctx.pending.set(key, { before, gen, parentId });
}

const NO_HASH = Symbol('no hash');

/** Sets the pending entry in the mapping (not saved yet); returns the entry it replaces, or NO_HASH when it has none. */
function setPending(ctx: ApplyContext, key: string, state: ItemState, parentId: string | undefined): MappingEntry | undefined | typeof NO_HASH {
  const { mapping, space } = ctx.internal;
  const hash = state.node?.hash;
  if (hash === undefined) return NO_HASH;
  const before = ctx.pending.has(key) ? ctx.pending.get(key)!.before : mapping.get(key);
  mapping.set(key, pendingCreateEntry(before ?? state.entry, space.key, pageTitle(state), hash, parentId));
  return before;
}

/** A create that will not be sent (cancelled, failed): its entry goes back to what it was. */
export function restorePending(ctx: ApplyContext, key: string): void {
  const p = ctx.pending.get(key);
  if (!p) return;
  ctx.pending.delete(key);
  if (p.before) ctx.internal.mapping.set(key, p.before);
  else ctx.internal.mapping.delete(key);
  ctx.saver.saveSoon();
}

async function createPage(ctx: ApplyContext, key: string, state: ItemState, node: Node, parentId: string | undefined): Promise<Page> {
  const { internal, saver, signal } = ctx;
  const { space } = internal;
  // Recorded on disk before the page exists: a run killed before it records the new page id still owns it.
  const prewritten = ctx.pending.get(key);
  if (!prewritten || prewritten.parentId !== parentId) prewritePending(ctx, key, state, parentId);
  const { gen } = ctx.pending.get(key)!;
  await saver.savedThrough(gen);
  try {
    // Where the site takes them on create (Data Center), our version message and source property ride along: no
    // extra write. Cloud's v2 create takes neither; the pending entry above and the run's manifest cover it.
    const input = {
      spaceId: space.id,
      title: pageTitle(state),
      parentId,
      body: node.storage,
      versionMessage: versionMessage(key, node.hash),
      properties: { [PROPERTY_KEY]: { source: key, hash: node.hash, tool: TOOL_NAME } },
    };
    return await createOnce(ctx.api, input, signal);
  } catch (err) {
    if (!signal?.aborted) restorePending(ctx, key);
    throw err;
  } finally {
    ctx.pending.delete(key);
  }
}

/** Records the written page, then its labels, attachments and read-only restriction. */
async function afterWrite(
  ctx: ApplyContext,
  key: string,
  state: ItemState,
  node: Node,
  verb: WriteVerb,
  parentId: string | undefined,
  page: Page,
  action: SyncResult['action'],
): Promise<SyncResult> {
  const { api, signal, saver } = ctx;
  const onlyMoved = verb === 'move' && !state.item.changed;
  let entry = saver.record(key, state, {
    page_id: page.id,
    version: onlyMoved ? Math.max(page.version, state.entry?.version ?? 0) : page.version,
    hash: onlyMoved ? (state.entry?.hash ?? node.hash) : node.hash,
    parent_id: parentId,
  });
  const notes: string[] = [];
  // No per-page property write: the version message says where each version came from, the manifest which pages are ours.
  if (!onlyMoved) entry = await syncLabels(ctx, key, page.id, node.labels, entry, verb === 'create');
  let version = page.version;
  if (node.attachments.length && !onlyMoved) {
    const uploaded = await syncAttachments(ctx, page.id, node.attachments, verb === 'create' ? {} : entry.attachments, verb !== 'create' && !entry.attachments, verb === 'create');
    if (uploaded.count > 0) {
      // Uploads may bump the page version on some sites; re-read so the next run does not see a remote edit.
      version = (await api.getPage(page.id, { signal }))?.version ?? version;
      entry = saver.amend(key, { attachments: uploaded.hashes, version });
    } else {
      entry = saver.amend(key, { attachments: uploaded.hashes });
    }
  }
  entry = await restrict(ctx, key, page.id, entry, notes);
  const message = [state.takeOverFrom ? `renamed from ${state.takeOverFrom}` : undefined, ...notes].filter(Boolean).join('; ') || undefined;
  return { file: key, action, pageId: page.id, title: pageTitle(state), url: page.webUrl || api.pageUrl(page.id), version, message };
}

/** Read-only mode: restricts editing of the page to the publishing user (once; noted when the site cannot). */
async function restrict(ctx: ApplyContext, key: string, pageId: string, entry: MappingEntry, notes: string[]): Promise<MappingEntry> {
  const { api, config, signal } = ctx;
  if (!config.readOnly || entry.read_only) return entry;
  if (!api.capabilities.restrictions) {
    notes.push('read-only mode is on, but this Confluence site does not let us restrict editing');
    return entry;
  }
  await api.restrictEditingTo(pageId, await ctx.currentUser(), { signal });
  return ctx.saver.amend(key, { read_only: true });
}

/**
 * A 409 whose current version is the very one this update carries (our version message, same file, same content):
 * an earlier attempt landed although its answer was lost (a request cut off by Ctrl-C or a dropped connection,
 * processed by Confluence meanwhile). That is our write, not a remote edit.
 */
async function landedEarlier(ctx: ApplyContext, err: unknown, pageId: string, key: string, hash: string): Promise<Page> {
  if (!isConfluenceError(err, 409)) throw err;
  const now = await ctx.api.getPage(pageId, { signal: ctx.signal }).catch(() => undefined);
  const ours = parseVersionMessage(now?.versionMessage);
  if (!now || !ours || ours.source !== key || !sameContent(ours, hash)) throw err;
  return now;
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

/** Moves a page to a temporary title (with its new body) so that another page of this run can take its title. */
export async function vacateTitle(ctx: ApplyContext, key: string, state: ItemState): Promise<boolean> {
  const { api, signal } = ctx;
  const remote = state.remote!;
  const temporary = `${remote.title} (renaming ${remote.id})`;
  try {
    const page = await api.updatePage(
      {
        id: remote.id,
        title: temporary,
        body: await bodyWithComments(ctx, state, state.node!.storage!),
        version: remote.version + 1,
        versionMessage: `Title handed over to another page by ${TOOL_NAME}; "${pageTitle(state)}" follows`,
      },
      { signal },
    );
    state.remote = { ...remote, title: temporary, version: page.version };
    // Recorded at once, so a run killed before the final title sees our own version, not a remote edit.
    ctx.saver.record(key, state, { page_id: remote.id, version: page.version });
    return true;
  } catch (err) {
    const base: SyncResult = { file: key, action: 'error', title: state.item.title, pageId: remote.id, url: api.pageUrl(remote.id) };
    ctx.finish(key, { ...base, message: `could not free the title "${remote.title}" for another page: ${describe(err, 'update', temporary)}` }, undefined);
    return false;
  }
}
