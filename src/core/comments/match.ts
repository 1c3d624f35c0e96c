import type { Projection } from './projection';

/**
 * Where a marked text is in the new page text: exact occurrences first (scored by the context around the old
 * marker and by its section), then the closest approximate occurrence inside the same section (Sellers' edit-distance
 * search). Every step has a budget, so a hostile page cannot make a publish slow.
 */

export interface MatchBudgets {
  /** Characters of context compared on each side of a marked text. */
  context: number;
  /** Exact occurrences looked at per comment. */
  candidates: number;
  /** Inline comments handled per page; the rest are reported as not re-anchored. */
  commentsPerPage: number;
  /** Longest marked text the approximate search is tried for. */
  fuzzySelection: number;
  /** Edit-distance cells (selection length x window length) per comment and per page. */
  cellsPerComment: number;
  cellsPerPage: number;
}

export const DEFAULT_BUDGETS: MatchBudgets = {
  context: 64,
  candidates: 64,
  commentsPerPage: 2000,
  fuzzySelection: 300,
  cellsPerComment: 1_000_000,
  cellsPerPage: 5_000_000,
};

export interface Wanted {
  /** The marked text (projected, whitespace normalised). */
  text: string;
  before: string;
  after: string;
  /** Heading text of its section in the old body ('' when before any heading). */
  section: string;
  /** Relative position in the old text (0..1). */
  at: number;
}

export interface Found {
  from: number;
  to: number;
  exact: boolean;
}

/** The section of `text` a heading titled `section` opens: [from, to) up to the next heading of the same level or higher. */
export function sectionRange(p: Projection, section: string): [number, number] | undefined {
  if (!section) {
    const first = p.headings[0];
    return [0, first ? first.from : p.text.length];
  }
  const i = p.headings.findIndex((h) => h.text === section);
  if (i < 0) return undefined;
  const h = p.headings[i];
  const next = p.headings.slice(i + 1).find((n) => n.level <= h.level);
  return [h.to, next ? next.from : p.text.length];
}

/** The heading text of the section holding position `pos` of the projection. */
export function sectionAt(p: Projection, pos: number): string {
  let title = '';
  for (const h of p.headings) {
    if (h.from > pos) break;
    title = h.text;
  }
  return title;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Exact occurrences, best first: context agreement, then the same section, then nearness to the old position. */
export function exactCandidates(p: Projection, w: Wanted, budgets: MatchBudgets, section: [number, number] | undefined): Found[] {
  const text = p.text;
  const seen = new Set<number>();
  const found: Array<Found & { score: number }> = [];
  const look = (from: number, to: number): void => {
    let i = text.indexOf(w.text, from);
    while (i >= 0 && i + w.text.length <= to && found.length < budgets.candidates) {
      if (!seen.has(i)) {
        seen.add(i);
        const before = text.slice(Math.max(0, i - budgets.context), i);
        const after = text.slice(i + w.text.length, i + w.text.length + budgets.context);
        const inSection = section !== undefined && i >= section[0] && i < section[1];
        const distance = Math.abs(i / Math.max(1, text.length) - w.at);
        const score = commonSuffix(w.before, before) + commonPrefix(w.after, after) + (inSection ? budgets.context : 0) - distance;
        found.push({ from: i, to: i + w.text.length, exact: true, score });
      }
      i = text.indexOf(w.text, i + 1);
    }
  };
  if (section) look(section[0], section[1]);
  look(0, text.length);
  return found.sort((a, b) => b.score - a.score);
}

/**
 * The closest approximate occurrence of `w.text` in `text[from, to)` (Sellers: free start, edit distance), when
 * within a quarter of its length. `cells` is what the page has left of its budget; returns what was used.
 */
export function fuzzyCandidate(p: Projection, w: Wanted, window: [number, number], cellsLeft: number, budgets: MatchBudgets): { found?: Found; cells: number } {
  const pattern = w.text;
  const m = pattern.length;
  const allowed = Math.floor(m / 4);
  if (m < 4 || m > budgets.fuzzySelection || allowed < 1) return { cells: 0 };
  let [from, to] = window;
  const maxLen = Math.floor(Math.min(budgets.cellsPerComment, cellsLeft) / m);
  if (maxLen < m) return { cells: 0 };
  if (to - from > maxLen) {
    // Centre the window on where the text was.
    const centre = Math.round(from + (to - from) * 0.5);
    from = Math.max(from, centre - Math.floor(maxLen / 2));
    to = Math.min(to, from + maxLen);
  }
  const text = p.text;
  // prev[j]: distance of pattern[0..j) against a substring ending at the current text position; start[j]: where it starts.
  let prev = new Int32Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  prevStart.fill(from);
  let best = allowed + 1;
  let bestEnd = -1;
  let bestStart = -1;
  for (let i = from; i < to; i++) {
    const c = text[i];
    cur[0] = 0;
    curStart[0] = i + 1;
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (pattern[j - 1] === c ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      if (sub <= del && sub <= ins) {
        cur[j] = sub;
        curStart[j] = prevStart[j - 1];
      } else if (del <= ins) {
        cur[j] = del;
        curStart[j] = prevStart[j];
      } else {
        cur[j] = ins;
        curStart[j] = curStart[j - 1];
      }
    }
    if (cur[m] < best) {
      best = cur[m];
      bestEnd = i + 1;
      bestStart = curStart[m];
    }
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  const cells = (to - from) * m;
  if (bestEnd < 0) return { cells };
  // Trim separators and spaces the alignment may have taken at the edges.
  while (bestStart < bestEnd && /[\s]/.test(text[bestStart])) bestStart++;
  while (bestEnd > bestStart && /[\s]/.test(text[bestEnd - 1])) bestEnd--;
  if (bestEnd <= bestStart) return { cells };
  return { found: { from: bestStart, to: bestEnd, exact: false }, cells };
}
