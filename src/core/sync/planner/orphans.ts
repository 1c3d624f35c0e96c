import { markKeptOrphans } from '../orphans';
import type { PlanItem } from '../types';
import type { PlanContext } from './state';

/**
 * Orphans: pages we mapped whose files are gone (only on full runs: a partial run cannot know). Adds their states
 * and returns their items; those orphan-removal would leave alone are marked `orphan-kept`.
 */
export async function planOrphans(ctx: PlanContext): Promise<PlanItem[]> {
  const { local, states, spaceKey } = ctx;
  const orphanItems: PlanItem[] = [];
  if (ctx.selection) return orphanItems;
  for (const [key, entry] of ctx.mapping.all()) {
    if (local.nodes.has(key) || ctx.takenOver.has(key) || entry.space !== spaceKey || local.pathWithheld.some((w) => w.key === key)) continue;
    const remote = entry.page_id ? ctx.byId.get(entry.page_id) : undefined;
    const item: PlanItem = {
      file: key,
      kind: key.endsWith('/') ? 'folder' : 'document',
      action: 'orphan',
      title: entry.title,
      pageId: entry.page_id,
      localVersion: entry.version,
      remoteVersion: remote?.version,
      reason: !entry.page_id
        ? 'no page was ever published for it; the entry is dropped with --orphans archive|delete'
        : remote
          ? `${key} is gone, its page remains; publish with --orphans archive or --orphans delete to remove it`
          : `${key} is gone and its page no longer exists in Confluence`,
    };
    orphanItems.push(item);
    states.set(key, { item, entry, remote, waitFor: [], intended: 'unchanged', ancestorOnly: false });
  }
  if (orphanItems.length) await markKeptOrphans(ctx.provenance, states.values());
  return orphanItems;
}
