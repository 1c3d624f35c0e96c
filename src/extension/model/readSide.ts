// Host-free (no `vscode`): the read side in the editor (issue 12) — the remote-check interval, the tree's remote
// marks from a check, the texts of a pull conflict for the merge editor, and the summaries of an import and a pull.
// Unit-tested in test/unit/extension/readSide.test.ts.
import type { ImportReport, PullReport, RemoteCheck } from '../../core';
import type { RemoteMark } from './docTree';

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

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The one-line summary of an import (the notification). */
export function importSummary(r: ImportReport): string {
  const parts = [plural(r.pages.length, 'page'), plural(r.files.length, 'file'), plural(r.attachments.filter((a) => !a.shared).length, 'attachment')];
  if (r.unconverted.length) parts.push(`${plural(r.unconverted.length, 'element')} kept as is`);
  if (r.secrets.length) parts.push(`${plural(r.secrets.length, 'secret')} ${r.secrets.some((s) => s.replaced) ? 'replaced by a placeholder' : 'kept'}`);
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped`);
  return `Imported "${r.root.title}" from space ${r.space} into ${r.docsRoot}/: ${parts.join(', ')}.`;
}

/** The import report as a Markdown document (opened by "Show Report"). */
export function importReportMarkdown(r: ImportReport): string {
  const out: string[] = [`# Import of "${r.root.title}" (space ${r.space})`, '', importSummary(r), ''];
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const table = (title: string, head: string[], rows: string[][]): void => {
    if (!rows.length) return;
    out.push(`## ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), '');
  };
  table('Pages', ['File', 'Title', 'Page', 'Version'], r.pages.map((p) => [p.file, p.title, p.pageId, String(p.version)]));
  table('Attachments', ['File', 'Page', 'Bytes'], r.attachments.map((a) => [a.file + (a.shared ? ' (shared)' : ''), a.pageId, String(a.bytes)]));
  table('Kept as is (Markdown cannot express them)', ['File', 'Page', 'Element', 'Detail'], r.unconverted.map((u) => [u.file, u.title, u.element, u.detail ?? '']));
  table('Likely secrets', ['File', 'Line', 'Rule', 'Preview', 'What was written'], r.secrets.map((s) => [s.file, String(s.line), s.rule, s.preview, s.replaced ? 'placeholder ${REDACTED_SECRET}' : 'the value (kept)']));
  table('Skipped', ['Page', 'Attachment', 'Why'], r.skipped.map((s) => [s.title, s.attachment ?? '', s.reason]));
  table('Not recorded in the mapping (the next publish will not see them as unchanged)', ['File', 'Why'], r.mappingProblems.map((p) => [p.file, p.message]));
  if (r.configWritten) out.push('`.confluence.yml` was written (it did not exist).', '');
  if (r.resumed) out.push('An interrupted import of the same tree was found and taken over.', '');
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
  if (c.updated) parts.push(`${plural(c.updated, 'file')} updated`);
  if (c.merged) parts.push(`${c.merged} merged with your local edits`);
  if (c.conflicts.length) parts.push(`${plural(c.conflicts.length, 'conflict')} to resolve`);
  if (c.errors) parts.push(`${plural(c.errors, 'page')} not pulled`);
  if (c.deleted) parts.push(`${plural(c.deleted, 'page')} deleted in Confluence (files kept)`);
  if (c.newPages) parts.push(`${plural(c.newPages, 'new page')} in Confluence (not imported)`);
  return parts.length ? `Pulled from Confluence: ${parts.join(', ')}.` : 'Pulled from Confluence: every file is up to date.';
}
