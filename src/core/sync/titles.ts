/**
 * Page titles as Confluence accepts them, and unique ones for pages whose titles we make up.
 *
 * Confluence titles are one line of at most 255 characters, unique per space (trimmed, case-insensitive). A title
 * with a control character makes the page, and every page listing it (its folder page), fail; so titles are cleaned
 * once, here, before any page or link uses them, and the document gets a `title-sanitised` warning.
 */
import { createHash } from 'node:crypto';
import type { DocumentDiagnostic } from '../diagnostics';

/** Confluence's longest page title (the REST API answers 400 "Title cannot be longer than 255 characters"). */
export const MAX_TITLE_LENGTH = 255;

// C0/C1 controls and DEL (tabs and line breaks become spaces first), the replacement character a bad decode leaves,
// bidirectional embeddings/overrides/isolates (they can make a title read differently than it is) and zero-width
// characters that make two titles look equal while Confluence tells them apart.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\ufffd\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/g;

export interface CleanTitle {
  title: string;
  /** What was changed, for the warning; empty when the title was fine. */
  changes: string[];
}

/** Removes what Confluence cannot take in a title; collapses whitespace; cuts it to 255 characters. */
export function sanitiseTitle(raw: string): CleanTitle {
  const changes: string[] = [];
  let t = raw.replace(LINE_BREAKS, ' ');
  if (t !== raw) changes.push('line breaks or tabs replaced by spaces');
  const visible = t.replace(INVISIBLE, '');
  if (visible !== t) changes.push('control, bidirectional or replacement characters removed');
  t = visible.replace(/\s+/g, ' ').trim();
  if (t.length > MAX_TITLE_LENGTH) {
    let cut = MAX_TITLE_LENGTH;
    const code = t.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--; // do not split a surrogate pair
    t = t.slice(0, cut).trimEnd();
    changes.push(`cut to Confluence's limit of ${MAX_TITLE_LENGTH} characters`);
  }
  return { title: t, changes };
}

export function titleWarning(file: string, raw: string, clean: CleanTitle): DocumentDiagnostic {
  return {
    file,
    line: 1,
    severity: 'warning',
    code: 'title-sanitised',
    message: `the title ${JSON.stringify(raw.length > 80 ? raw.slice(0, 80) + '…' : raw)} was changed for Confluence (${clean.changes.join('; ')}): it is published as ${JSON.stringify(clean.title)}; set a plain \`title:\` in the front matter to choose it`,
  };
}

/** What disambiguation needs of a page. */
export interface TitledNode {
  key: string;
  title: string;
  parentKey?: string;
  isRoot: boolean;
  /** The title was made up from a folder or file name (generated folder pages, documents without title or H1). */
  derivedTitle: boolean;
  /** Folder path (for folder pages) or file path, relative to the docs root: unique, the last resort. */
  path: string;
}

const keyOf = (t: string) => t.trim().toLowerCase();

/**
 * Gives made-up titles that collide (with each other or with any other page's title) unique ones, by a rule that
 * depends only on the tree, never on the order files are read: every such colliding page becomes
 * "Name (Parent title)"; where that still collides, "Name (path/of/folder)". Titles authors chose (front matter,
 * H1) are never changed: two of those that collide stay an error the author resolves. Returns the renamed keys.
 */
export function disambiguateTitles(nodes: Map<string, TitledNode>, order: string[]): string[] {
  const count = (list: Iterable<TitledNode>) => {
    const m = new Map<string, number>();
    for (const n of list) m.set(keyOf(n.title), (m.get(keyOf(n.title)) ?? 0) + 1);
    return m;
  };
  const initial = count(nodes.values());
  const renamed: string[] = [];
  const base = new Map<string, string>();
  for (const key of order) {
    const n = nodes.get(key);
    if (!n || n.isRoot || !n.derivedTitle || (initial.get(keyOf(n.title)) ?? 0) < 2) continue;
    const parent = n.parentKey ? nodes.get(n.parentKey) : undefined;
    base.set(key, n.title);
    n.title = parent ? `${n.title} (${parent.title})` : `${n.title} (${n.path})`;
    renamed.push(key);
  }
  const after = count(nodes.values());
  const byPath: string[] = [];
  for (const key of renamed) {
    const n = nodes.get(key)!;
    if ((after.get(keyOf(n.title)) ?? 0) > 1) {
      n.title = `${base.get(key)} (${n.path})`;
      byPath.push(key);
    }
  }
  // Paths that differ only in letter case (`reference/api/`, `reference/API/`) still collide: Confluence titles are
  // unique regardless of case. A short hash of the exact path (stable, independent of order) tells them apart.
  const last = count(nodes.values());
  for (const key of byPath) {
    const n = nodes.get(key)!;
    if ((last.get(keyOf(n.title)) ?? 0) > 1) n.title = `${base.get(key)} (${n.path} ${createHash('sha256').update(n.path).digest('hex').slice(0, 6)})`;
  }
  return renamed;
}
