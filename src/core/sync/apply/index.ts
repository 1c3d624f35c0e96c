import { isConfluenceError } from '../../confluence/errors';
import type { ItemState, PlanInternal } from '../planner';
import type { ApplyOptions, SyncReport, SyncResult } from '../types';
import { recordBase } from './base';
import { ApplyContext, type ApplyDeps } from './context';
import { decide, describe } from './decide';
import { ownedPages, recordManifest } from './manifestWrite';
import { applyOrphans } from './orphans';
import { prewritePending, prewritePendingChildren, restorePending, vacateTitle, writePage } from './pages';
import { TimeSlice } from '../eventLoop';
import { dependencyOrder, runInWindow, WINDOW_PER_SLOT } from './window';

export type { ApplyDeps } from './context';

/** Publishes a plan: parents before children, mapping file saved in batches (see MappingSaver), conflicts never clobbered unless forced. */
export async function applyPlan(deps: ApplyDeps, internal: PlanInternal, opts: ApplyOptions = {}): Promise<SyncReport> {
  const ctx = new ApplyContext(deps, internal, opts);
  const { states } = internal;
  const ownedBefore = ownedPages(internal.mapping, internal.space.key);
  // Title hand-offs that would close a cycle: the holder takes a temporary title first (see planner's vacateTitle).
  const finished = new Set<string>();
  let started = false;
  try {
    for (const [key, state] of states) {
      const writes = state.item.action === 'update' || state.item.action === 'move';
      if (state.vacateTitle && writes && state.node?.storage !== undefined && !ctx.stopped()) {
        if (!(await vacateTitle(ctx, key, state))) finished.add(key);
      }
    }

    // At most WINDOW_PER_SLOT × concurrency items started and unfinished at once (window.ts), dependencies first.
    const slice = new TimeSlice();
    const keys = [...states].filter(([key, state]) => state.item.action !== 'orphan' && !finished.has(key)).map(([key]) => key);
    // Shallow pages first (plan order within a level): every folder page exists early, so the pending entries of
    // their children are written together in a few saves (prewritePendingChildren).
    const depth = depthsOf(states);
    keys.sort((a, b) => depth(a) - depth(b));
    const order = dependencyOrder(keys, (key) => {
      const state = states.get(key)!;
      return state.item.parentFile ? [state.item.parentFile, ...state.waitFor] : state.waitFor;
    });
    const children = new Map<string, Array<[string, ItemState]>>();
    for (const key of order) {
      const state = states.get(key)!;
      const parent = state.item.parentFile;
      if (!parent) continue;
      const list = children.get(parent) ?? [];
      list.push([key, state]);
      children.set(parent, list);
    }
    ctx.onPage = (key, pageId) => {
      const kids = children.get(key);
      if (kids) prewritePendingChildren(ctx, kids, pageId);
    };
    const size = opts.window ?? WINDOW_PER_SLOT * Math.max(1, deps.config.concurrency);
    const run = (key: string): Promise<void> => {
      const state = states.get(key)!;
      return runItem(ctx, key, state).catch((err) => {
        ctx.finish(key, { file: key, action: 'error', title: state.item.title, message: (err as Error).message }, undefined);
      });
    };
    await runInWindow(order, size, run, () => slice.turn());
    started = true;
  } finally {
    // whatever happened, what the batch holds is saved before the run lock is released, and no timer outlives the run
    if (!started) await ctx.saver.flush().catch(() => undefined);
    ctx.saver.dispose();
  }
  await ctx.saver.flush();
  await applyOrphans(ctx);
  await recordManifest(ctx, ownedBefore, deps.logger);

  const results = ctx.results;
  const order = new Map([...states.keys()].map((k, i) => [k, i]));
  results.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  const summary: Record<string, number> = {};
  for (const r of results) summary[r.action] = (summary[r.action] ?? 0) + 1;
  return { results, summary };
}

/** Each item's depth in the page tree (parents by `parentFile`), memoised. */
function depthsOf(states: Map<string, ItemState>): (key: string) => number {
  const memo = new Map<string, number>();
  const depth = (key: string, guard = 0): number => {
    let d = memo.get(key);
    if (d !== undefined) return d;
    const parent = states.get(key)?.item.parentFile;
    d = parent && guard < 100 ? depth(parent, guard + 1) + 1 : 0;
    memo.set(key, d);
    return d;
  };
  return depth;
}

/** One plan item: decided under the options, then (after its parent and any title it waits for) written. */
async function runItem(ctx: ApplyContext, key: string, state: ItemState): Promise<void> {
  const { api, internal } = ctx;
  const { item, node } = state;
  const base: SyncResult = { file: key, action: 'error', title: item.title, pageId: item.pageId };
  if (item.pageId) base.url = api.pageUrl(item.pageId);
  const verb = decide(state, ctx.opts);
  if (typeof verb === 'object') {
    // A page left as it is (conflict, blocked) still exists, so its children can be published under it.
    const keeps = (verb.action === 'conflict' || verb.action === 'blocked') && state.remote ? state.remote.id : undefined;
    ctx.finish(key, { ...base, ...verb, message: verb.message ?? item.reason }, keeps);
    return;
  }
  if (verb === 'skip') {
    // Nothing to write; record what we learnt (a page recognised as ours, a new parent id).
    if (state.remote && (!internal.mapping.get(key)?.page_id || state.takeOverFrom || state.reconciled)) {
      ctx.saver.record(key, state, { page_id: state.remote.id, version: state.entry?.version ?? state.remote.version, hash: state.entry?.hash ?? node?.hash, parent_id: state.remote.parentId });
    }
    ctx.finish(key, { ...base, action: 'skipped', version: state.remote?.version, message: item.reason }, state.remote?.id);
    return;
  }
  const parentId = item.parentFile ? await ctx.pageIds.get(item.parentFile) : internal.rootParentId;
  if (item.parentFile && !parentId) {
    ctx.finish(key, { ...base, message: `not published because its parent page "${item.parentTitle}" (${item.parentFile}) was not published` }, undefined);
    return;
  }
  for (const w of state.waitFor) await ctx.pageIds.get(w);
  // a create's `pending` entry goes to disk now, unless it went with its siblings' when the parent page was created
  const prewritten = ctx.pending.get(key);
  if (verb === 'create' && !ctx.stopped() && (!prewritten || prewritten.parentId !== parentId)) prewritePending(ctx, key, state, parentId);
  await ctx.limiter.run(async () => {
    if (ctx.stopped()) {
      restorePending(ctx, key);
      ctx.finish(key, { ...base, message: 'cancelled before it was published' }, undefined);
      return;
    }
    try {
      const r = await writePage(ctx, key, state, verb, parentId);
      await recordBase(ctx, key, state);
      ctx.finish(key, r, r.pageId);
    } catch (err) {
      ctx.finish(key, { ...base, action: isConfluenceError(err, 409) ? 'conflict' : 'error', message: describe(err, verb, item.title) }, undefined);
    }
  });
}
