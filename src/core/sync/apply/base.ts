import type { ItemState } from '../planner';
import type { ApplyContext } from './context';

/**
 * After a document's page is written and recorded: keeps the exact text it was published from as the merge base of
 * a later `confluence pull` (read/pull/baseStore.ts). A cache: a failed write is a warning, never a failed publish.
 */
export async function recordBase(ctx: ApplyContext, key: string, state: ItemState): Promise<void> {
  const entry = ctx.internal.mapping.get(key);
  const text = state.node?.source;
  if (!ctx.bases || !state.node?.file || text === undefined || !entry?.page_id || entry.version === undefined || !entry.hash) return;
  await ctx.bases
    .write({ page_id: entry.page_id, version: entry.version, hash: entry.hash, file: key, text })
    .catch((err) => ctx.logger.warn(`could not keep the merge base of ${key} (used by confluence pull): ${(err as Error).message}`));
}
