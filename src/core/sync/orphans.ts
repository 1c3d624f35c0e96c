/**
 * Which orphans (mapped, file gone) `--orphans archive|delete` would really remove, decided while planning, so that
 * what a front end lists (the CLI's "Delete N pages?" question, the plan) is what apply does: a page whose property
 * does not name the orphaned file, or that a live document publishes to, is marked `orphan-kept` with the reason, and
 * apply leaves it alone without asking Confluence again. Costs one property read per orphan whose page exists.
 */
import type { ConfluenceApi } from '../confluence/types';
import { PROPERTY_KEY } from './local';
import { orphanRefusal } from './ownership';
import type { PlanItem, SyncPlan } from './types';

interface OrphanState {
  item: PlanItem;
  remote?: { id: string };
}

/** Marks every orphan that archive/delete must leave alone (`code: 'orphan-kept'`, `reason`: why). */
export async function markKeptOrphans(api: ConfluenceApi, states: Iterable<OrphanState>, signal?: AbortSignal): Promise<void> {
  const all = [...states];
  const livePages = new Set(all.filter((s) => s.item.action !== 'orphan' && s.remote).map((s) => s.remote!.id));
  const orphans = all.filter((s) => s.item.action === 'orphan' && s.item.pageId && s.remote);
  await Promise.all(
    orphans.map(async ({ item }) => {
      // A failed read decides nothing here: apply reads the property again before it removes anything.
      const prop = await api.getProperty<{ tool?: string; source?: string }>(item.pageId!, PROPERTY_KEY, { signal }).catch(() => null);
      if (prop === null) return;
      const refusal = orphanRefusal(item.file, item.pageId!, prop?.value, livePages);
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
