import { isConfluenceError } from '../../confluence/errors';
import type { ItemState } from '../planner';
import type { ApplyOptions, SyncResult } from '../types';

export type Verb = 'create' | 'update' | 'move' | 'skip';
/** A final result for an item that is not written. */
export type Outcome = Pick<SyncResult, 'action'> & { message?: string };

const matches = (opt: boolean | string[] | undefined, file: string) => opt === true || (Array.isArray(opt) && opt.includes(file));

/** What to do with an item under the apply options: a write verb, or a final result. */
export function decide(state: ItemState, opts: ApplyOptions): Verb | Outcome {
  const { item } = state;
  const file = item.file;
  const intended = (): Verb => (state.intended === 'unchanged' ? 'skip' : state.intended);
  switch (item.action) {
    case 'unchanged':
      return 'skip';
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'move':
      return 'move';
    case 'conflict':
      return matches(opts.force, file) ? intended() : { action: 'conflict' };
    case 'blocked':
      if (item.code === 'secrets' && matches(opts.allowSecrets, file)) return unblock(state, opts);
      return { action: 'blocked' };
    case 'error':
      return unblock(state, opts);
    default:
      return { action: 'error' };
  }
}

function unblock(state: ItemState, opts: ApplyOptions): Verb | Outcome {
  const { item } = state;
  if (item.code === 'title-taken') {
    if (!opts.adopt) return { action: 'error' };
    state.entry = undefined; // no baseline: the page was someone else's
    return state.node?.storage !== undefined ? 'update' : { action: 'error' };
  }
  if (item.code === 'remote-deleted') {
    if (!matches(opts.recreate, item.file)) return { action: 'error' };
    state.remote = undefined;
    return state.node?.storage !== undefined ? 'create' : { action: 'error' };
  }
  if (item.code === 'secrets') {
    if (state.intended === 'unchanged') return 'skip';
    if (item.pageId === undefined && !state.remote) return 'create';
    return state.intended;
  }
  return { action: 'error' };
}

/** The message of a failed write: what happened and what to do. */
export function describe(err: unknown, verb: Verb, title: string): string {
  if (isConfluenceError(err, 409)) return `"${title}" was changed in Confluence while publishing; run again to see the remote change in the plan`;
  if (isConfluenceError(err, 400) && /title already exists/i.test(err.confluenceMessage)) {
    return `a page titled "${title}" already exists in the space (possibly archived); give the document another title (front matter \`title:\`)`;
  }
  if (isConfluenceError(err, 404) && verb === 'create') return `the parent page is missing in Confluence (${(err as Error).message}); run again to recreate the parents`;
  return (err as Error)?.message ?? String(err);
}
