/**
 * What `confluence update` would change on a page, so an update that changes nothing writes nothing (a new version
 * per run clutters the page history and notifies watchers), and the Jira macro of `--jira-ticket`.
 */
import type { Page } from '../core';

const JIRA_KEY = /^[A-Z][A-Z0-9_]*-\d+$/i;

export function isJiraKey(key: string): boolean {
  return JIRA_KEY.test(key.trim());
}

export function jiraMacro(key: string): string {
  return `<p><ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">${key.trim()}</ac:parameter></ac:structured-macro></p>`;
}

/** The body with the Jira macro for `key` on top, unless the body already shows that issue. */
export function withJiraTicket(storage: string, key: string): string {
  const k = key.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const present = new RegExp(
    `<ac:structured-macro\\b[^>]*ac:name="jira"[^>]*>(?:(?!</ac:structured-macro>)[\\s\\S])*<ac:parameter ac:name="key">\\s*${k}\\s*</ac:parameter>`,
    'i',
  ).test(storage);
  return present ? storage : jiraMacro(key) + storage;
}

/**
 * Storage as Confluence may hand it back: generated macro ids and schema versions, `<b>`/`<i>` spelled
 * `<strong>`/`<em>`, whitespace between tags. Two bodies equal under this are the same page content.
 */
export function comparableStorage(storage: string): string {
  return storage
    .replace(/\s+(?:ac:schema-version|ac:macro-id|ac:local-id|local-id|data-layout)="[^"]*"/g, '')
    .replace(/<(\/?)b(?=[\s>/])/g, '<$1strong')
    .replace(/<(\/?)i(?=[\s>/])/g, '<$1em')
    .replace(/>\s+</g, '><')
    .trim();
}

export interface PageChanges {
  title?: { from: string; to: string };
  body: boolean;
  parent?: { from: string | undefined; to: string };
  labels: string[];
}

export function pageChanges(page: Page, next: { title: string; body: string; parentId?: string; labels: string[] }, currentLabels: string[]): PageChanges {
  const have = new Set(currentLabels.map((l) => l.toLowerCase()));
  return {
    title: next.title !== page.title ? { from: page.title, to: next.title } : undefined,
    body: comparableStorage(next.body) !== comparableStorage(page.body ?? ''),
    parent: next.parentId !== undefined && next.parentId !== page.parentId ? { from: page.parentId, to: next.parentId } : undefined,
    labels: next.labels.filter((l) => !have.has(l.toLowerCase())),
  };
}

/** The page itself needs a new version (labels and attachments do not make one). */
export function needsNewVersion(c: PageChanges): boolean {
  return Boolean(c.title || c.body || c.parent);
}

export function describeChanges(c: PageChanges): string {
  const parts: string[] = [];
  if (c.title) parts.push(`title "${c.title.from}" → "${c.title.to}"`);
  if (c.body) parts.push('body');
  if (c.parent) parts.push(`parent → page ${c.parent.to}`);
  if (c.labels.length) parts.push(`labels + ${c.labels.join(', ')}`);
  return parts.join('; ');
}
