/**
 * Inline comments, as Confluence keeps them: a comment record plus a marker
 * (`<ac:inline-comment-marker ac:ref="…">`) around the selected text in the page's CURRENT body, written in place
 * (no new page version). A comment whose marker is no longer in the body is `dangling`. Marker placement uses
 * core's `addCommentMarker` (one text run or whole inline elements, never across blocks).
 */
import { randomUUID } from 'node:crypto';
import { addCommentMarker } from '../core';
import { badRequest } from './errors';
import type { PageRec, Store } from './store';
import type { InlineCommentRec } from './store-records';

export interface NewInlineComment {
  page: PageRec;
  /** The text to highlight, occurrence `matchIndex` (0-based) of `matchCount` in the page text. */
  textSelection: unknown;
  matchIndex?: unknown;
  matchCount?: unknown;
  body: string;
  authorId: string;
}

export function inlineCommentsOf(store: Store, pageId: string): InlineCommentRec[] {
  return (store.data.inlineComments ?? []).filter((c) => c.pageId === pageId);
}

/** `dangling` when the page's current body no longer has the comment's marker. */
export function resolutionOf(store: Store, c: InlineCommentRec): InlineCommentRec['resolutionStatus'] {
  const page = store.page(c.pageId);
  const body = page ? store.current(page).body : '';
  return body.includes(`ac:ref="${c.ref}"`) ? c.resolutionStatus : 'dangling';
}

export function addInlineComment(store: Store, input: NewInlineComment): InlineCommentRec {
  const { page } = input;
  if (typeof input.textSelection !== 'string' || !input.textSelection) {
    throw badRequest('inlineCommentProperties.textSelection is required for a top level inline comment', 'INVALID_REQUEST_PARAMETER');
  }
  const index = input.matchIndex ?? 0;
  if (!Number.isInteger(index) || (index as number) < 0) throw badRequest('textSelectionMatchIndex must be a whole number >= 0', 'INVALID_REQUEST_PARAMETER');
  const version = store.current(page);
  const ref = randomUUID();
  const placed = addCommentMarker(version.body, input.textSelection, index as number, ref);
  if (input.matchCount !== undefined && input.matchCount !== placed.matchCount) {
    throw badRequest(`textSelectionMatchCount is ${String(input.matchCount)}, but the page has ${placed.matchCount} match(es) of the selection`, 'INVALID_REQUEST_PARAMETER');
  }
  if (!placed.storage) throw badRequest(`Cannot find the text selection (match ${String(index)} of ${placed.matchCount}) in the page`, 'INVALID_REQUEST_PARAMETER');
  // In place: adding a comment does not make a new page version.
  version.body = placed.storage;
  const rec: InlineCommentRec = {
    id: String(store.data.nextId++),
    pageId: page.id,
    ref,
    selection: input.textSelection,
    body: input.body,
    authorId: input.authorId,
    createdAt: new Date().toISOString(),
    resolutionStatus: 'open',
  };
  (store.data.inlineComments ??= []).push(rec);
  store.changed();
  return rec;
}
