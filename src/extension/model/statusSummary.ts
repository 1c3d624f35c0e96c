// Host-free: what the status-bar item says and does for a given sync state.
import type { DocState } from './docTree';
import { breakdown, resolveParts, SITE_LOOK, toPublish } from './stateWords';
import { plural, t } from './translate';

export interface StatusInput {
  configured: boolean;
  signedIn: boolean;
  trusted: boolean;
  counts: Record<DocState, number>;
  publishing?: { done: number; total: number };
  /** The last publish failed as a whole (e.g. site unreachable). */
  lastError?: string;
  /** Pages edited or deleted in Confluence since our last publish or pull (the last check). */
  remoteChanges?: number;
  /** Before the sign-in is known or (signed in) the first local scan is read: "loading…", never a wrong state. */
  loading?: boolean;
  /** Whether the site answers: "checking…" (never "in sync" before it answers), "offline" when it does not. */
  site?: 'unknown' | 'checking' | 'online' | 'offline';
}

export type StatusAction = 'manageTrust' | 'signIn' | 'configure' | 'publishWorkspace' | 'showProblems' | 'showPlan' | 'pull' | 'refresh' | 'none';

export interface StatusView {
  text: string;
  tooltip: string;
  /** Use the warning background. */
  warning: boolean;
  action: StatusAction;
}

export function statusView(s: StatusInput): StatusView {
  if (s.publishing) {
    return {
      text: `$(sync~spin) ${t('Confluence {0}/{1}', s.publishing.done, s.publishing.total)}`,
      tooltip: t('Publishing to Confluence: {0} of {1} done', s.publishing.done, s.publishing.total),
      warning: false,
      action: 'none',
    };
  }
  if (!s.trusted) {
    return {
      text: `$(shield) ${t('Confluence: restricted')}`,
      tooltip: t('Publishing to Confluence is disabled because this workspace is not trusted. Click to manage workspace trust.'),
      warning: false,
      action: 'manageTrust',
    };
  }
  if (!s.configured) return { text: `$(cloud) ${t('Confluence: not configured')}`, tooltip: t('No Confluence site and space are configured. Click to configure.'), warning: false, action: 'configure' };
  if (s.loading) return { text: `$(${SITE_LOOK.loading.icon}) ${t('Confluence: {0}', SITE_LOOK.loading.word)}`, tooltip: t('Reading the documents and the mapping file…'), warning: false, action: 'none' };
  if (!s.signedIn) return { text: `$(account) ${t('Confluence: sign in')}`, tooltip: t('Not signed in to Confluence. Click to sign in.'), warning: false, action: 'signIn' };
  // The words and the total are the tree's and the badge's (stateWords.ts): to resolve first, then to publish.
  const resolve = resolveParts(s.counts);
  const pending = toPublish(s.counts);
  const details = breakdown(s.counts).join(', ');
  if (s.site === 'offline') {
    const parts = [SITE_LOOK.offline.word, ...resolve];
    if (pending) parts.push(t('{0} to publish', pending));
    return {
      text: `$(${SITE_LOOK.offline.icon}) ${t('Confluence: {0}', parts.join(', '))}`,
      tooltip: [
        t('Confluence could not be reached (no answer, name not found or connection refused): the states shown are the local ones (files and the mapping file).'),
        ...(details ? [t('{0}.', details)] : []),
        t('Click to try again.'),
      ].join('\n'),
      warning: true,
      action: 'refresh',
    };
  }
  if (resolve.length || s.lastError) {
    const parts = resolve.length ? [...resolve] : [t('publish failed')];
    if (pending) parts.push(t('{0} to publish', pending));
    return {
      text: `$(warning) ${t('Confluence: {0}', parts.join(', '))}`,
      tooltip: [...(s.lastError ? [s.lastError] : []), ...(details ? [t('{0}.', details)] : []), t('Documents need attention. Click to see the problems.')].join('\n'),
      warning: true,
      action: 'showProblems',
    };
  }
  const remote = s.remoteChanges ?? 0;
  if (remote > 0) {
    return {
      text: `$(cloud-download) ${t('Confluence: {0} changed in Confluence', remote)}`,
      tooltip: plural(remote, '{0} page was edited or deleted in Confluence since the last publish or pull. Click to pull the edits into your files.', '{0} pages were edited or deleted in Confluence since the last publish or pull. Click to pull the edits into your files.'),
      warning: false,
      action: 'pull',
    };
  }
  if (pending > 0) {
    return {
      text: `$(cloud-upload) ${t('Confluence: {0} to publish', pending)}`,
      tooltip: t('{0}. Click to publish.', details),
      warning: false,
      action: 'publishWorkspace',
    };
  }
  if (s.site === 'checking') {
    return { text: `$(${SITE_LOOK.checking.icon}) ${t('Confluence: {0}', SITE_LOOK.checking.word)}`, tooltip: t('Checking Confluence for edits made there…'), warning: false, action: 'none' };
  }
  return { text: `$(check) ${t('Confluence: in sync')}`, tooltip: t('All documents are published and in sync. Click to show the publish plan.'), warning: false, action: 'showPlan' };
}
