/**
 * Which orphans (mapped, file gone) `--orphans archive|delete` would really remove, decided while planning, so that
 * what a front end lists (the CLI's "Delete N pages?" question, the plan) is what apply does: a page whose property
 * does not name the orphaned file, or that a live document publishes to, is marked `orphan-kept` with the reason, and
 * apply leaves it alone without asking Confluence again. Who published the page: our version message (free), the
 * manifest (read once), else the property of older versions (one read per orphan the first two do not know).
 */
import type { PageSummary } from '../confluence/types';
import { TOOL_NAME } from './local';
import { orphanRefusal } from './ownership';
import type { ProvenanceLookup } from './provenance';
import type { PlanItem, SyncPlan } from './types';

interface OrphanState {
  item: PlanItem;
  remote?: PageSummary;
}

/** Marks every orphan that archive/delete must leave alone (`code: 'orphan-kept'`, `reason`: why). */
export async function markKeptOrphans(provenance: ProvenanceLookup, states: Iterable<OrphanState>): Promise<void> {
  const all = [...states];
  const livePages = new Set(all.filter((s) => s.item.action !== 'orphan' && s.remote).map((s) => s.remote!.id));
  const orphans = all.filter((s) => s.item.action === 'orphan' && s.item.pageId && s.remote);
  await Promise.all(
    orphans.map(async ({ item, remote }) => {
      // A failed read decides nothing here: apply asks again before it removes anything.
      const found = await provenance.of(remote!).catch(() => null);
      if (found === null) return;
      const refusal = orphanRefusal(item.file, item.pageId!, found ? { tool: TOOL_NAME, source: found.source } : undefined, livePages);
      if (refusal) {
        item.code = 'orphan-kept';
        item.reason = refusal;
      }
    }),
  );
}

/** The orphan pages `--orphans archive|delete` would archive or delete (the page exists and is provably ours). */
export function removableOrphans(plan: SyncPlan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'orphan' && i.pageId && i.remoteVersion !== undefined && i.code !== 'orphan-kept');
}

/** Orphans whose page archive/delete leave alone, with the reason on each item. */
export function keptOrphans(plan: SyncPlan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'orphan' && i.code === 'orphan-kept');
}
