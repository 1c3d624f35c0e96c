import { createHash } from 'node:crypto';
import { titleFromName } from '../markdown/title';

/**
 * Page title -> file or folder name for the read side (import, pull of new pages).
 *
 * - **Stable**: a function of the title alone (and, among siblings whose names collide, of the page ids), so the same
 *   tree gives the same names on every run and on every machine.
 * - **Portable**: only letters, marks and digits of any script, joined by `-` (no `<>:"/\|?*`, control characters,
 *   dots or spaces at all, so nothing ends in a dot or space); Windows device names (`CON`, `PRN`, `AUX`, `NUL`,
 *   `COM1`…, `LPT1`…) and the folder page names `index`/`readme` get a leading `_`; at most {@link MAX_STEM_BYTES}
 *   UTF-8 bytes, a cut name ends with a short hash of the whole title.
 * - **Unique among siblings ignoring case** (macOS and Windows file systems do): the page with the lowest id keeps the
 *   name, the others get `-2`, `-3`… in id order.
 * - **Reversible where it can be**: the forward rule (`titleFromName`: separators become spaces, words get a capital)
 *   gives the title back from the name when the title allows it ("Getting Started" -> `getting-started`), so a
 *   document needs neither an H1 nor front matter for its title then. Otherwise the lower-case form is kept.
 */
export const MAX_STEM_BYTES = 80;

/** Names Windows reserves for devices, with or without an extension (compared without case). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** A leaf named like this would be taken for its folder's page (discover.ts reads index.md/README.md as one). */
const FOLDER_PAGE_NAMES = /^(index|readme)$/i;

/** The name (without `.md`) a page with this title gets when no sibling takes it first. */
export function nameForTitle(title: string): string {
  const words = title.normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return `page-${shortHash(title)}`;
  const lower = words.map((w) => w.toLowerCase()).join('-');
  const kept = words.join('-');
  // the lower-case form unless only the case-kept one gives the title back ("API Guide" -> API-Guide)
  let stem = titleFromName(lower) !== title && titleFromName(kept) === title ? kept : lower;
  if (Buffer.byteLength(stem) > MAX_STEM_BYTES) stem = `${cut(stem, MAX_STEM_BYTES - 9)}-${shortHash(title)}`;
  if (WINDOWS_RESERVED.test(stem) || FOLDER_PAGE_NAMES.test(stem)) stem = `_${stem}`;
  return stem;
}

export interface SiblingPage {
  id: string;
  title: string;
}

/**
 * Names for the pages under one parent: `nameForTitle`, made unique ignoring case. `taken` holds names already in
 * use in that folder (lower case; e.g. files a pull keeps): new names avoid them.
 */
export function assignNames(siblings: SiblingPage[], taken: Iterable<string> = []): Map<string, string> {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const out = new Map<string, string>();
  const byId = [...siblings].sort((a, b) => compareIds(a.id, b.id));
  const wanted = new Map(byId.map((p) => [p.id, nameForTitle(p.title)]));
  // names nobody else wants first, so a "-2" never takes the plain name of a later sibling
  const plain = new Set<string>();
  for (const p of byId) {
    const name = wanted.get(p.id)!;
    const key = name.toLowerCase();
    if (used.has(key) || plain.has(key)) continue;
    plain.add(key);
    out.set(p.id, name);
  }
  for (const k of plain) used.add(k);
  for (const p of byId) {
    if (out.has(p.id)) continue;
    const base = wanted.get(p.id)!;
    let n = 2;
    while (used.has(`${base}-${n}`.toLowerCase())) n++;
    const name = `${base}-${n}`;
    used.add(name.toLowerCase());
    out.set(p.id, name);
  }
  return out;
}

/** Numeric ids in numeric order (Confluence ids are numbers), others as text. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** The longest prefix of whole code points within `bytes` UTF-8 bytes, without a trailing `-`. */
function cut(text: string, bytes: number): string {
  let out = '';
  let size = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (size + n > bytes) break;
    out += ch;
    size += n;
  }
  return out.replace(/-+$/, '');
}
