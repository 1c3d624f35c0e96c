// Host-free: the one vocabulary of document states. The tree (icon, description, tooltip, accessible label), the
// status bar, the view badge and the welcome view all take their words from here, so a document never says
// "changed locally" in one place and "never published" in another. Unit-tested in test/unit/extension/stateWords.test.ts.
import type { DocState } from './docTree';
import { t } from './translate';

export interface StateLook {
  /** The word shown everywhere for this state (a getter: translated through t() when read). */
  readonly word: string;
  /** Codicon id: the state is never conveyed by colour alone (icon + word). */
  icon: string;
  /** Theme colour id of the icon, if any. */
  color?: string;
}

/**
 * Word + icon per state. A new state (e.g. "changed in Confluence" from a pull feature) gets its row here, and a
 * place in TO_PUBLISH or TO_RESOLVE when it needs the user.
 */
export const STATE_LOOK: Record<DocState, StateLook> = {
  new: { get word() { return t('never published'); }, icon: 'diff-added', color: 'gitDecoration.untrackedResourceForeground' },
  changed: { get word() { return t('changed'); }, icon: 'diff-modified', color: 'gitDecoration.modifiedResourceForeground' },
  'in-sync': { get word() { return t('in sync'); }, icon: 'pass', color: 'testing.iconPassed' },
  conflict: { get word() { return t('edited in Confluence'); }, icon: 'git-merge', color: 'list.warningForeground' },
  blocked: { get word() { return t('blocked: secrets'); }, icon: 'shield', color: 'list.errorForeground' },
  error: { get word() { return t('error'); }, icon: 'error', color: 'list.errorForeground' },
  excluded: { get word() { return t('excluded'); }, icon: 'circle-slash', color: 'disabledForeground' },
  'changed-remotely': { get word() { return t('changed in Confluence'); }, icon: 'cloud-download', color: 'gitDecoration.modifiedResourceForeground' },
  'deleted-remotely': { get word() { return t('deleted in Confluence'); }, icon: 'trash', color: 'gitDecoration.deletedResourceForeground' },
};

/** States a publish would write: "to publish" (the status bar, the badge and folder descriptions say so). */
export const TO_PUBLISH: readonly DocState[] = ['new', 'changed'];
/** States that need a decision or a fix before they can be published, worst first. */
export const TO_RESOLVE: readonly DocState[] = ['error', 'conflict', 'blocked'];

export function stateWord(state: DocState): string {
  return STATE_LOOK[state].word;
}

/** "1 error", "2 errors", "3 never published": a count with its state word. */
export function countWord(n: number, state: DocState): string {
  return state === 'error' && n !== 1 ? t('{0} errors', n) : t('{0} {1}', n, stateWord(state));
}

type Counts = Partial<Record<DocState, number>>;

const sum = (counts: Counts, states: readonly DocState[]): number => states.reduce((n, s) => n + (counts[s] ?? 0), 0);

/** Documents a publish would write (never published + changed). */
export const toPublish = (counts: Counts): number => sum(counts, TO_PUBLISH);
/** Documents that need a decision or a fix (error + edited in Confluence + blocked: secrets). */
export const toResolve = (counts: Counts): number => sum(counts, TO_RESOLVE);

/**
 * The activity-bar badge: every document that needs the user, i.e. that is not in sync — to resolve (errors,
 * edited in Confluence, blocked: secrets) plus to publish (never published, changed). The status bar shows the
 * same total, split the same way. Undefined when nothing needs the user.
 */
export function badgeCount(counts: Counts): number | undefined {
  const n = toResolve(counts) + toPublish(counts);
  return n > 0 ? n : undefined;
}

/** "1 error, 2 edited in Confluence, 1 blocked: secrets": the documents to resolve, worst first. */
export function resolveParts(counts: Counts): string[] {
  return TO_RESOLVE.filter((s) => counts[s]).map((s) => countWord(counts[s]!, s));
}

/** Every state with a count, in the order a user reads them (problems first): for tooltips and the badge. */
export function breakdown(counts: Counts): string[] {
  return [...TO_RESOLVE, ...TO_PUBLISH, 'in-sync' as const].filter((s) => counts[s]).map((s) => countWord(counts[s]!, s));
}

/**
 * A folder's description: its own page's state, then what is below it ("never published · 2 of 5 to publish ·
 * 1 blocked: secrets"). `below` counts the pages under the folder (not the folder's own page).
 */
export function folderDescription(own: DocState, below: Counts): string {
  const total = Object.entries(below).reduce((n, [s, c]) => (s === 'excluded' ? n : n + (c ?? 0)), 0);
  const parts = [stateWord(own)];
  if (total === 0) return parts[0];
  const pending = toPublish(below);
  if (pending) parts.push(t('{0} of {1} to publish', pending, total));
  parts.push(...resolveParts(below));
  if (parts.length === 1) parts.push(t('all {0} in sync', total));
  return parts.join(' · ');
}

/** What a screen reader says for a tree row: its name, its state, and for a folder what is below it. */
export function accessibleLabel(name: string, description: string, kind: 'doc' | 'folder'): string {
  return kind === 'folder' ? t('{0}, section, {1}', name, description) : t('{0}, page, {1}', name, description);
}

/** Words + icons of what we know of the site and of the first scan (the tree's description, the status bar). */
export const SITE_LOOK = {
  /** Before the first local scan has been read (never "sign in" or "in sync" meanwhile). */
  loading: { get word() { return t('loading…'); }, icon: 'loading~spin' },
  /** Asked the site, no answer yet: the remote part of the states is not known. */
  checking: { get word() { return t('checking…'); }, icon: 'sync~spin' },
  /** The site did not answer (timeout, DNS, connection refused): the states shown are the local ones. */
  offline: { get word() { return t('offline'); }, icon: 'debug-disconnect', color: 'list.warningForeground' },
} as const satisfies Record<string, StateLook>;

/** The look of the site state the views show (none when online or not asked). */
export function siteLook(site: 'unknown' | 'checking' | 'online' | 'offline'): StateLook | undefined {
  return site === 'checking' || site === 'offline' ? SITE_LOOK[site] : undefined;
}
