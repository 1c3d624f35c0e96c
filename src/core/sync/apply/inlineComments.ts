import { reanchorComments } from '../../comments/reanchor';
import type { ItemState } from '../planner';
import { commentsNote, plannedComments } from '../planner/comments';
import type { SyncResult } from '../types';
import type { ApplyContext } from './context';

/**
 * The body an update writes: the converted storage with the page's inline-comment markers carried over. The plan's
 * read of the page is used when it is recent and the page's version is still the planned one; otherwise (an old plan
 * after questions, a page adopted or unblocked at apply) the current body is read again (one GET) just before the
 * write, so a comment added meanwhile is carried over too. `comments: drop` writes the converted storage as it is.
 */
export const PLAN_READ_FRESH_MS = 10_000;

const notes = new WeakMap<ItemState, SyncResult['inlineComments']>();

export async function bodyWithComments(ctx: ApplyContext, state: ItemState, storage: string): Promise<string> {
  const drop = ctx.config.comments === 'drop';
  const planned = plannedComments.get(state);
  const remote = state.remote!;
  const fresh = planned && planned.version === remote.version && Date.now() - planned.readAt < PLAN_READ_FRESH_MS;
  let result = fresh ? planned.result : undefined;
  if (!result) {
    const page = await ctx.api.getPage(remote.id, { body: true, signal: ctx.signal });
    result = reanchorComments(page?.body ?? '', storage);
    plannedComments.set(state, { current: page?.body ?? '', version: page?.version ?? remote.version, readAt: Date.now(), result });
  }
  const note = commentsNote(result, drop);
  if (note) notes.set(state, note);
  return drop ? storage : result.storage;
}

/** The result with what happened to the page's inline comments (its note, and the line in its message). */
export function withCommentsNote(result: SyncResult, state: ItemState): SyncResult {
  const note = notes.get(state);
  if (!note || (result.action !== 'updated' && result.action !== 'moved')) return result;
  return { ...result, inlineComments: note, message: [result.message, note.message].filter(Boolean).join('; ') };
}
