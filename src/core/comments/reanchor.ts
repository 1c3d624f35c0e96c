import { isWellFormedStorage } from '../storage/wellFormed';
import { DEFAULT_BUDGETS, exactCandidates, fuzzyCandidate, sectionAt, sectionRange, type Found, type MatchBudgets, type Wanted } from './match';
import { MARKER_TAG, projectStorage, type Projection } from './projection';

/**
 * Re-anchoring inline comments: the markers of the page's current body (`<ac:inline-comment-marker ac:ref="…">`)
 * are put around the same text in the body about to be published, with the same `ac:ref`, so Confluence keeps each
 * comment on its text. Host-free and request-free: the caller brings both bodies.
 */

export interface LostComment {
  ref: string;
  /** The text the comment was on (as the page showed it). */
  text: string;
  why: 'text-gone' | 'over-budget' | 'no-text';
}

export interface ReanchorResult {
  /** The new body with the markers in place (the new body unchanged when there were none). */
  storage: string;
  /** Markers carried over: exactly, and of those how many on text that had changed (approximate match). */
  kept: number;
  approximate: number;
  lost: LostComment[];
}

interface Placement {
  ref: string;
  /** Storage offsets of the start tag and of the end tag. */
  open: number;
  close: number;
  /** Projected range, to refuse partial overlaps. */
  from: number;
  to: number;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Storage offsets [open, close) that wrap projected characters [from, to) without breaking the nesting: both ends in
 * the same element, lifting an end over an inline element it sits at the edge of (`<strong>bold</strong> text`).
 * Undefined when no such wrapping exists (the text spans blocks, or part of an inline element).
 */
export function wrapOffsets(p: Projection, from: number, to: number): [number, number] | undefined {
  if (to <= from) return undefined;
  for (let i = from; i < to; i++) if (p.start[i] < 0) return undefined;
  let a = p.container[from];
  let b = p.container[to - 1];
  let open = p.start[from];
  let close = p.end[to - 1];
  const depth = (e: number): number => (e < 0 ? 0 : p.elements[e].depth);
  while (a !== b) {
    const da = depth(a);
    const db = depth(b);
    if (da >= db) {
      const el = p.elements[a];
      if (!el?.inline || el.firstChar !== from) return undefined;
      open = el.openStart;
      a = el.parent;
    }
    if (db >= da) {
      const el = p.elements[b];
      if (!el?.inline || el.lastChar !== to - 1) return undefined;
      close = el.closeEnd;
      b = el.parent;
    }
  }
  return [open, close];
}

/** What the old body says about one marker, for the search in the new body. */
function wantedOf(old: Projection, from: number, to: number, context: number): Wanted {
  return {
    text: old.text.slice(from, to),
    before: old.text.slice(Math.max(0, from - context), from),
    after: old.text.slice(to, to + context),
    section: sectionAt(old, from),
    at: from / Math.max(1, old.text.length),
  };
}

const overlapsBadly = (placed: Placement[], from: number, to: number): boolean =>
  placed.some((q) => from < q.to && q.from < to && !(from <= q.from && q.to <= to) && !(q.from <= from && to <= q.to));

/**
 * Carries the inline-comment markers of `current` (the page's body now) over into `next` (the body to publish).
 * Markers already in `next` (a document pulled from Confluence keeps them) stay as they are and count as kept.
 */
export function reanchorComments(current: string, next: string, budgets: MatchBudgets = DEFAULT_BUDGETS): ReanchorResult {
  if (!current.includes(MARKER_TAG)) return { storage: next, kept: 0, approximate: 0, lost: [] };
  const old = projectStorage(current);
  const neu = projectStorage(next);
  const already = new Set(neu.markers.map((m) => m.ref));
  const placed: Placement[] = neu.markers.map((m) => ({ ref: m.ref, open: -1, close: -1, from: m.from, to: m.to }));
  const lost: LostComment[] = [];
  let kept = 0;
  let approximate = 0;
  let cellsLeft = budgets.cellsPerPage;
  const seen = new Set<string>();
  let handled = 0;
  for (const marker of old.markers) {
    if (seen.has(marker.ref)) continue;
    seen.add(marker.ref);
    const text = old.text.slice(marker.from, marker.to);
    if (already.has(marker.ref)) {
      kept++;
      continue;
    }
    if (!text.trim()) {
      lost.push({ ref: marker.ref, text, why: 'no-text' });
      continue;
    }
    if (++handled > budgets.commentsPerPage) {
      lost.push({ ref: marker.ref, text, why: 'over-budget' });
      continue;
    }
    const wanted = wantedOf(old, marker.from, marker.to, budgets.context);
    const section = sectionRange(neu, wanted.section);
    const place = (f: Found): boolean => {
      if (overlapsBadly(placed, f.from, f.to)) return false;
      const offsets = wrapOffsets(neu, f.from, f.to);
      if (!offsets) return false;
      placed.push({ ref: marker.ref, open: offsets[0], close: offsets[1], from: f.from, to: f.to });
      return true;
    };
    if (exactCandidates(neu, wanted, budgets, section).some(place)) {
      kept++;
      continue;
    }
    const window: [number, number] = section ?? [0, neu.text.length];
    const fuzzy = fuzzyCandidate(neu, wanted, window, cellsLeft, budgets);
    cellsLeft -= fuzzy.cells;
    if (fuzzy.found && place(fuzzy.found)) {
      kept++;
      approximate++;
      continue;
    }
    lost.push({ ref: marker.ref, text, why: 'text-gone' });
  }
  const ours = placed.filter((q) => q.open >= 0);
  if (!ours.length) return { storage: next, kept, approximate, lost };
  const storage = insertMarkers(next, ours);
  if (!isWellFormedStorage(storage).ok) {
    // Cannot happen by construction (same-element wrapping); never publish a broken body: report them instead.
    for (const q of ours) lost.push({ ref: q.ref, text: neu.text.slice(q.from, q.to), why: 'text-gone' });
    return { storage: next, kept: kept - ours.length, approximate: 0, lost };
  }
  return { storage, kept, approximate, lost };
}

/** Inserts the tags: at one offset, end tags before start tags; nested ranges open outer first and close inner first. */
function insertMarkers(storage: string, placements: Placement[]): string {
  type Edit = { at: number; tag: string; order: number };
  const edits: Edit[] = [];
  placements.forEach((q, i) => {
    const span = q.close - q.open;
    edits.push({ at: q.open, tag: `<${MARKER_TAG} ac:ref="${escapeAttr(q.ref)}">`, order: 1e12 - span * 1e4 + i });
    edits.push({ at: q.close, tag: `</${MARKER_TAG}>`, order: span * 1e4 - i });
  });
  // End tags (order below 1e12 - ...) sort before start tags at the same offset.
  edits.sort((x, y) => x.at - y.at || (x.tag[1] === '/' ? 0 : 1) - (y.tag[1] === '/' ? 0 : 1) || x.order - y.order);
  const out: string[] = [];
  let pos = 0;
  for (const e of edits) {
    out.push(storage.slice(pos, e.at), e.tag);
    pos = e.at;
  }
  out.push(storage.slice(pos));
  return out.join('');
}

const MARKER_TAGS = new RegExp(`<\\/?${MARKER_TAG}(?:\\s(?:"[^"]*"|'[^']*'|[^'">])*)?\\/?>`, 'g');

/** The body without inline-comment markers (their text stays): what is compared to tell a comment from an edit. */
export function stripCommentMarkers(storage: string): string {
  return storage.includes(MARKER_TAG) ? storage.replace(MARKER_TAGS, '') : storage;
}

/** The two bodies differ only in inline-comment markers. */
export function sameExceptCommentMarkers(a: string, b: string): boolean {
  return a === b || stripCommentMarkers(a) === stripCommentMarkers(b);
}

/** "3 inline comments kept, 1 could not be re-anchored: 'text'" (undefined when the page had none). */
export function describeReanchor(r: Pick<ReanchorResult, 'kept' | 'lost'>, dropped = false): string | undefined {
  const total = r.kept + r.lost.length;
  if (!total) return undefined;
  const n = (k: number): string => `${k} inline comment${k === 1 ? '' : 's'}`;
  if (dropped) return `${n(total)} dropped (comments: drop)`;
  if (!r.lost.length) return `${n(r.kept)} kept`;
  const quote = (t: string): string => `'${t.length > 60 ? `${t.slice(0, 57)}...` : t}'`;
  const shown = r.lost.slice(0, 3).map((l) => quote(l.text)).join(', ');
  const more = r.lost.length > 3 ? ` and ${r.lost.length - 3} more` : '';
  return `${n(r.kept)} kept, ${r.lost.length} could not be re-anchored: ${shown}${more}`;
}

/**
 * Puts a new marker around occurrence `matchIndex` (0-based) of `selection` in the page text of `storage` (what
 * Confluence does when someone comments on a selection). `matchCount`: how many occurrences the text has. Undefined
 * storage when there is no such occurrence or it cannot be wrapped (spans blocks or half an inline element).
 */
export function addCommentMarker(storage: string, selection: string, matchIndex: number, ref: string): { storage?: string; matchCount: number } {
  const p = projectStorage(storage);
  const wanted = selection.replace(/\s/g, ' ');
  const at: number[] = [];
  if (wanted) for (let i = p.text.indexOf(wanted); i >= 0; i = p.text.indexOf(wanted, i + 1)) at.push(i);
  const from = at[matchIndex];
  if (from === undefined) return { matchCount: at.length };
  const to = from + wanted.length;
  const existing = p.markers.map((m) => ({ ref: m.ref, open: -1, close: -1, from: m.from, to: m.to }));
  const offsets = overlapsBadly(existing, from, to) ? undefined : wrapOffsets(p, from, to);
  if (!offsets) return { matchCount: at.length };
  return { storage: insertMarkers(storage, [{ ref, open: offsets[0], close: offsets[1], from, to }]), matchCount: at.length };
}
