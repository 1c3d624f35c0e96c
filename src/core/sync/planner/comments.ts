import { describeReanchor, reanchorComments, sameExceptCommentMarkers, type ReanchorResult } from '../../comments/reanchor';
import type { InlineCommentsNote } from '../types';
import type { ItemState, PlanContext } from './state';

/**
 * Inline comments in the plan. Every page whose body the publish will write is read once (one GET with its body per
 * updated page): its inline-comment markers are re-anchored in the new body now, so the plan can say per page how
 * many are kept and which could not be; apply writes that body (`apply/inlineComments.ts`).
 *
 * The same read settles a "remote edit" that is only comments: a page whose version went above ours (a site that
 * versions comment changes, or a marker moved by an editor) while its body differs from the version we published
 * only in markers is not a conflict. That costs one more read (our version's body), and only for such pages.
 */

/** What the plan read and decided for one page's inline comments. */
export interface PlannedComments {
  /** The page's body when planned, and its version then. */
  current: string;
  version: number;
  readAt: number;
  result: ReanchorResult;
}

/** Comment state per item, kept beside the plan's states (the planner's ItemState stays as it is). */
export const plannedComments = new WeakMap<ItemState, PlannedComments>();

/** The plan's note for a page: kept / not re-anchored / dropped (undefined when the page has no inline comments). */
export function commentsNote(result: Pick<ReanchorResult, 'kept' | 'approximate' | 'lost'>, drop: boolean): InlineCommentsNote | undefined {
  const message = describeReanchor(result, drop);
  if (!message) return undefined;
  if (drop) {
    const texts = result.lost.map((l) => l.text);
    return { kept: 0, approximate: 0, notAnchored: texts, dropped: true, message };
  }
  return { kept: result.kept, approximate: result.approximate, notAnchored: result.lost.map((l) => l.text), message };
}

/** The page's body will be written: an update, a move with a new body, a rename, or a conflict --force may write. */
function writesBody(state: ItemState): boolean {
  const { item, node, remote } = state;
  if (!remote || node?.storage === undefined) return false;
  if (item.action === 'update') return true;
  if (item.action === 'move') return Boolean(item.changed);
  return item.action === 'conflict' || Boolean(state.vacateTitle);
}

export async function planInlineComments(ctx: PlanContext): Promise<void> {
  const states = [...ctx.states.values()].filter(writesBody);
  const limit = Math.max(1, Math.min(ctx.config.concurrency, 16));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < states.length) {
      const state = states[next++];
      await planOne(ctx, state).catch(() => undefined); // unread: apply reads the body itself before it writes
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, states.length) }, worker));
}

async function planOne(ctx: PlanContext, state: ItemState): Promise<void> {
  const { api, signal } = ctx;
  const remote = state.remote!;
  const page = await api.getPage(remote.id, { body: true, signal });
  if (!page || page.body === undefined) return;
  if (state.item.action === 'conflict' && state.item.code === 'remote-edited') await onlyComments(ctx, state, page.body);
  const drop = ctx.config.comments === 'drop';
  const result = reanchorComments(page.body, state.node!.storage!);
  plannedComments.set(state, { current: page.body, version: page.version, readAt: Date.now(), result });
  const note = commentsNote(result, drop);
  if (note) state.item.inlineComments = note;
}

/** A conflict whose remote change is only inline-comment markers (and not the title): an update after all. */
async function onlyComments(ctx: PlanContext, state: ItemState, bodyNow: string): Promise<void> {
  const ours = state.entry?.version;
  const remote = state.remote!;
  if (ours === undefined || state.intended === 'unchanged') return;
  const then = await ctx.api.getPageAtVersion(remote.id, ours, { signal: ctx.signal });
  if (!then?.body || then.title.trim() !== remote.title.trim() || !sameExceptCommentMarkers(then.body, bodyNow)) return;
  const { item } = state;
  item.action = state.intended;
  item.code = undefined;
  item.reason = `only inline comments changed in Confluence (version ${remote.version}, we published ${ours}); they are carried over`;
}
