import type { Page } from '../../confluence/types';
import { titleKey, type ItemState } from './state';

/**
 * Titles are unique per space, so a page can only take a title another page of this run gives up once that page
 * has been retitled: it waits for it. Where waiting would close a cycle (a swap, or a parent taking its child's
 * title), the holder vacates its title first instead.
 */
export function planTitleHandoffs(states: Map<string, ItemState>, byTitle: Map<string, Page>): void {
  const keyByPageId = new Map<string, string>();
  for (const [k, s] of states) if (s.remote) keyByPageId.set(s.remote.id, k);
  const retitles = (s: ItemState) =>
    !!s.remote && !!s.node && titleKey(s.remote.title) !== titleKey(s.node.title) && (s.item.action === 'update' || s.item.action === 'move');
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const k = stack.pop()!;
      if (k === to) return true;
      if (seen.has(k)) continue;
      seen.add(k);
      const s = states.get(k);
      if (!s) continue;
      if (s.item.parentFile) stack.push(s.item.parentFile);
      stack.push(...s.waitFor);
    }
    return false;
  };
  for (const [key, state] of states) {
    if (!retitles(state)) continue;
    const holder = byTitle.get(titleKey(state.node!.title));
    if (!holder || holder.id === state.remote!.id) continue;
    const holderKey = keyByPageId.get(holder.id);
    const holderState = holderKey ? states.get(holderKey) : undefined;
    // A holder that keeps its title (or is not ours) makes the write fail with Confluence's own message.
    if (!holderKey || !holderState || !retitles(holderState)) continue;
    if (reaches(holderKey, key)) holderState.vacateTitle = true;
    else state.waitFor.push(holderKey);
  }
}
