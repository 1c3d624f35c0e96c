import { TOOL_NAME } from '../local';
import { orphanRefusal } from '../ownership';
import type { ItemState } from '../planner';
import { manifestPageId, ProvenanceLookup } from '../provenance';
import type { SyncResult } from '../types';
import type { ApplyContext } from './context';

/** Reports, archives or deletes the plan's orphans (under `opts.orphans`), deepest first; never a page not ours. */
export async function applyOrphans(ctx: ApplyContext): Promise<void> {
  const { internal } = ctx;
  const orphans = [...internal.states.values()].filter((s) => s.item.action === 'orphan');
  // Deepest first, so a folder page is removed after the pages below it.
  orphans.sort((a, b) => b.item.file.split('/').length - a.item.file.split('/').length);
  // Asked again (not the plan's answer): the manifest is read afresh, once, if any orphan needs it.
  const provenance = new ProvenanceLookup(ctx.api, manifestPageId(internal.local, internal.mapping), ctx.signal);
  for (const state of orphans) ctx.push(await applyOrphan(ctx, state, provenance));
}

async function applyOrphan(ctx: ApplyContext, state: ItemState, provenance: ProvenanceLookup): Promise<SyncResult> {
  const { api, internal, opts } = ctx;
  const policy = opts.orphans ?? 'report';
  const { item } = state;
  const base: SyncResult = { file: item.file, action: 'orphan', title: item.title, pageId: item.pageId };
  if (item.pageId && state.remote) base.url = api.pageUrl(item.pageId);
  if (policy === 'report') return { ...base, message: item.reason };
  if (opts.stop?.aborted || opts.signal?.aborted) return { ...base, message: 'left for the next run: the publish was stopped' };
  // The plan found that this page is not ours to remove (and front ends said so): never removed behind its back.
  if (item.code === 'orphan-kept') return { ...base, message: item.reason };
  if (!item.pageId || !state.remote) {
    internal.mapping.delete(item.file);
    internal.mapping.save();
    return { ...base, message: 'entry removed from the mapping file (no page left in Confluence)' };
  }
  try {
    const found = await provenance.of(state.remote);
    const prop = found ? { tool: TOOL_NAME, source: found.source } : undefined;
    const livePages = new Set([...internal.states.values()].filter((s) => s.item.action !== 'orphan' && s.remote).map((s) => s.remote!.id));
    const refusal = orphanRefusal(item.file, item.pageId, prop, livePages);
    if (refusal) return { ...base, message: refusal };
    if (policy === 'archive') {
      if (!api.capabilities.archive) {
        return { ...base, action: 'error', message: 'this Confluence site cannot archive pages; use --orphans delete or remove the page by hand' };
      }
      await api.archivePage(item.pageId, { signal: opts.signal });
    } else {
      await api.deletePage(item.pageId, { signal: opts.signal });
    }
    internal.mapping.delete(item.file);
    internal.mapping.save();
    return { ...base, action: policy === 'archive' ? 'archived' : 'deleted', url: undefined };
  } catch (err) {
    return { ...base, action: 'error', message: (err as Error).message };
  }
}
