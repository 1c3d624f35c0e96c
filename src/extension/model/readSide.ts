// Host-free (no `vscode`): the read side in the editor (issue 12) — the remote-check interval, the tree's remote
// marks from a check, the texts of a pull conflict for the merge editor, and the summaries of an import and a pull.
// Unit-tested in test/unit/extension/readSide.test.ts.
import type { ImportReport, PullReport, RemoteCheck } from '../../core';
import type { RemoteMark } from './docTree';
import { plural, t } from './translate';

/** Default of `confluence.remoteCheckInterval` (minutes). */
export const DEFAULT_REMOTE_CHECK_MINUTES = 10;
const MAX_MINUTES = 24 * 60;

/**
 * Milliseconds between two checks of Confluence for the setting's value in minutes; undefined = no timer
 * (0, negative, not a number). Values are clamped to 1 minute .. 24 hours (a check costs one search and one listing).
 */
export function remoteCheckDelay(minutes: unknown): number | undefined {
  const n = typeof minutes === 'string' ? Number(minutes) : minutes;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  return Math.round(Math.min(MAX_MINUTES, Math.max(1, n)) * 60_000);
}

/** The tree's marks from a check: edited and deleted pages (a move alone is not shown: the file is still right). */
export function remoteMarks(check: RemoteCheck): Array<[string, RemoteMark]> {
  const marks: Array<[string, RemoteMark]> = [];
  for (const i of check.items) {
    if (i.state === 'moved-remotely') continue;
    marks.push([i.file, { state: i.state, version: i.version, localVersion: i.localVersion }]);
  }
  return marks;
}

export interface ConflictSides {
  /** The text as last published or pulled. */
  base: string;
  /** The working file's side. */
  local: string;
  /** Confluence's side. */
  theirs: string;
  /** Marker blocks found. */
  conflicts: number;
}

/**
 * Splits a file holding pull's conflict markers (`<<<<<<< local` / `||||||| base` / `=======` / `>>>>>>> confluence vN`)
 * into the three texts the merge editor compares; lines outside the blocks (merged already) belong to all three.
 * undefined when the text holds no complete block.
 */
export function splitConflictMarkers(text: string): ConflictSides | undefined {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const base: string[] = [];
  const local: string[] = [];
  const theirs: string[] = [];
  let part: 'common' | 'local' | 'base' | 'theirs' = 'common';
  let conflicts = 0;
  for (const line of text.split(/\r?\n/)) {
    if (part === 'common' && line.startsWith('<<<<<<< ')) part = 'local';
    else if (part === 'local' && line.startsWith('||||||| ')) part = 'base';
    else if ((part === 'base' || part === 'local') && line === '=======') part = 'theirs';
    else if (part === 'theirs' && line.startsWith('>>>>>>> ')) {
      part = 'common';
      conflicts++;
    } else if (part === 'common') {
      base.push(line);
      local.push(line);
      theirs.push(line);
    } else (part === 'local' ? local : part === 'base' ? base : theirs).push(line);
  }
  if (conflicts === 0 || part !== 'common') return undefined;
  return { base: base.join(eol), local: local.join(eol), theirs: theirs.join(eol), conflicts };
}

/** The one-line summary of an import (the notification). */
export function importSummary(r: ImportReport): string {
  const parts = [plural(r.pages.length, '{0} page', '{0} pages'), plural(r.files.length, '{0} file', '{0} files'), plural(r.attachments.filter((a) => !a.shared).length, '{0} attachment', '{0} attachments')];
  if (r.unconverted.length) parts.push(plural(r.unconverted.length, '{0} element kept as is', '{0} elements kept as is'));
  if (r.secrets.length) {
    parts.push(r.secrets.some((s) => s.replaced)
      ? plural(r.secrets.length, '{0} secret replaced by a placeholder', '{0} secrets replaced by a placeholder')
      : plural(r.secrets.length, '{0} secret kept', '{0} secrets kept'));
  }
  if (r.skipped.length) parts.push(t('{0} skipped', r.skipped.length));
  return t('Imported "{0}" from space {1} into {2}/: {3}.', r.root.title, r.space, r.docsRoot, parts.join(', '));
}

/** The import report as a Markdown document (opened by "Show Report"). */
export function importReportMarkdown(r: ImportReport): string {
  const out: string[] = [`# ${t('Import of "{0}" (space {1})', r.root.title, r.space)}`, '', importSummary(r), ''];
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const table = (title: string, head: string[], rows: string[][]): void => {
    if (!rows.length) return;
    out.push(`## ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), '');
  };
  const [file, page, why] = [t('File'), t('Page'), t('Why')];
  table(t('Pages'), [file, t('Title'), page, t('Version')], r.pages.map((p) => [p.file, p.title, p.pageId, String(p.version)]));
  table(t('Attachments'), [file, page, t('Bytes')], r.attachments.map((a) => [a.shared ? t('{0} (shared)', a.file) : a.file, a.pageId, String(a.bytes)]));
  table(t('Kept as is (Markdown cannot express them)'), [file, page, t('Element'), t('Detail')], r.unconverted.map((u) => [u.file, u.title, u.element, u.detail ?? '']));
  const written = (replaced: boolean): string => (replaced ? t('placeholder {0}', '${REDACTED_SECRET}') : t('the value (kept)'));
  table(t('Likely secrets'), [file, t('Line'), t('Rule'), t('Preview'), t('What was written')], r.secrets.map((s) => [s.file, String(s.line), s.rule, s.preview, written(s.replaced)]));
  table(t('Skipped'), [page, t('Attachment'), why], r.skipped.map((s) => [s.title, s.attachment ?? '', s.reason]));
  table(t('Not recorded in the mapping (the next publish will not see them as unchanged)'), [file, why], r.mappingProblems.map((p) => [p.file, p.message]));
  if (r.configWritten) out.push(t('`.confluence.yml` was written (it did not exist).'), '');
  if (r.resumed) out.push(t('An interrupted import of the same tree was found and taken over.'), '');
  return out.join('\n');
}

export interface PullCounts {
  updated: number;
  merged: number;
  conflicts: string[];
  errors: number;
  deleted: number;
  newPages: number;
}

export function pullCounts(r: PullReport): PullCounts {
  const items = r.items;
  return {
    updated: items.filter((i) => i.action === 'updated').length,
    merged: items.filter((i) => i.action === 'merged').length,
    conflicts: items.filter((i) => i.action === 'conflict').map((i) => i.file),
    errors: items.filter((i) => i.action === 'error').length,
    deleted: items.filter((i) => i.state === 'deleted-remotely' && i.action === 'reported').length,
    newPages: items.filter((i) => i.state === 'new-remotely' && i.action === 'reported').length,
  };
}

/** The one-line summary of a pull (the notification). */
export function pullSummary(r: PullReport): string {
  const c = pullCounts(r);
  const parts: string[] = [];
  if (c.updated) parts.push(plural(c.updated, '{0} file updated', '{0} files updated'));
  if (c.merged) parts.push(t('{0} merged with your local edits', c.merged));
  if (c.conflicts.length) parts.push(plural(c.conflicts.length, '{0} conflict to resolve', '{0} conflicts to resolve'));
  if (c.errors) parts.push(plural(c.errors, '{0} page not pulled', '{0} pages not pulled'));
  if (c.deleted) parts.push(plural(c.deleted, '{0} page deleted in Confluence (files kept)', '{0} pages deleted in Confluence (files kept)'));
  if (c.newPages) parts.push(plural(c.newPages, '{0} new page in Confluence (not imported)', '{0} new pages in Confluence (not imported)'));
  return parts.length ? t('Pulled from Confluence: {0}.', parts.join(', ')) : t('Pulled from Confluence: every file is up to date.');
}
