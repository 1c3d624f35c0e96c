import type { MappingEntry } from './mapping';

/**
 * Checks a parsed mapping file before anything trusts it. A wrong type (`"version": "abc"`, `"labels": "x"`) or two
 * entries naming the same page (a bad merge after a rename) would otherwise make a run overwrite one document's page
 * with another's, or delete a live page as an orphan: so any problem stops the run before it writes anything.
 */
export interface MappingProblem {
  /** The entry (file key as written in the file) the message points at. */
  key: string;
  /** What is wrong and what to do, naming the entries (without the file name). */
  text: string;
}

export interface CheckedMapping {
  entries: Map<string, MappingEntry>;
  problems: MappingProblem[];
}

type Check = (value: unknown) => string | undefined;

const pageId: Check = (v) =>
  (typeof v === 'string' && /^\S+$/.test(v)) || (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) ? undefined : 'must be a page id (text such as "123456")';
const FIELDS: Record<string, Check> = {
  space: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be the space key as text'),
  title: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be the page title as text'),
  page_id: pageId,
  parent_id: pageId,
  version: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'must be a whole number (the page version we last published)'),
  hash: (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be text (the content hash we last published)'),
  labels: (v) => (Array.isArray(v) && v.every((l) => typeof l === 'string') ? undefined : 'must be a list of label texts'),
  attachments: (v) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((h) => typeof h === 'string') ? undefined : 'must be an object of file name -> content hash',
  read_only: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  pending: (v) => (v === 'create' ? undefined : 'must be "create" (written by an interrupted run)'),
};
const REQUIRED = new Set(['space', 'title']);
const FIELD_CHECKS = Object.entries(FIELDS);

/**
 * Normalises keys and page ids, drops `null` optional fields, and lists every problem (never throws). The entries of
 * `data` (freshly parsed) are normalised in place: 10,000 copies were a third of loading a large mapping file.
 */
export function checkMapping(data: Record<string, unknown>): CheckedMapping {
  const entries = new Map<string, MappingEntry>();
  const problems: MappingProblem[] = [];
  const rawKeyOf = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ key, text: `entry "${key}" must be an object with at least "space" and "title"` });
      continue;
    }
    const entry = value as Record<string, unknown>;
    const bad: string[] = [];
    for (const [field, check] of FIELD_CHECKS) {
      const v = entry[field];
      if (v === undefined || (v === null && !REQUIRED.has(field))) {
        if (REQUIRED.has(field)) bad.push(`"${field}" is missing`);
        if (v === null) delete entry[field];
        continue;
      }
      const why = check(v);
      if (why) bad.push(`"${field}" ${why}, not ${JSON.stringify(v)}`);
    }
    if (bad.length) {
      problems.push({ key, text: `entry "${key}": ${bad.join('; ')}` });
      continue;
    }
    if (typeof entry.page_id === 'number') entry.page_id = String(entry.page_id);
    if (typeof entry.parent_id === 'number') entry.parent_id = String(entry.parent_id);
    const normal = normaliseKey(key);
    const earlier = rawKeyOf.get(normal);
    if (earlier !== undefined) {
      problems.push({ key, text: `entry "${key}" names the same file as entry "${earlier}"; keep one of them` });
      continue;
    }
    rawKeyOf.set(normal, key);
    entries.set(normal, entry as MappingEntry);
  }
  // A page belongs to one file: two entries with one page id means one of them is stale.
  const byPage = new Map<string, string[]>();
  for (const [key, e] of entries) {
    if (e.page_id === undefined) continue;
    const id = `${e.space}\u0000${e.page_id}`;
    const keys = byPage.get(id);
    if (keys) keys.push(key);
    else byPage.set(id, [key]);
  }
  for (const [id, keys] of byPage) {
    if (keys.length < 2) continue;
    const [space, page] = id.split('\u0000');
    const names = keys.map((k) => `"${rawKeyOf.get(k) ?? k}"`).sort();
    problems.push({
      key: rawKeyOf.get(keys[1]) ?? keys[1],
      text: `entries ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} ${keys.length === 2 ? 'both' : 'all'} point to page ${page} in space ${space}, but a page is published from one file only. Keep the entry of the file that page belongs to (after a rename: the new path) and delete the other${keys.length > 2 ? 's' : ''}, or run \`confluence mapping rebuild\``,
    });
  }
  return { entries, problems };
}

export function normaliseKey(key: string): string {
  return key.replace(/\\/g, '/').replace(/^\.\//, '');
}
