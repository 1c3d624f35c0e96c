// Host-free: what the status-bar item says and does for a given sync state.
import type { DocState } from './docTree';
import { breakdown, resolveParts, SITE_LOOK, toPublish } from './stateWords';

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
      text: `$(sync~spin) Confluence ${s.publishing.done}/${s.publishing.total}`,
      tooltip: `Publishing to Confluence: ${s.publishing.done} of ${s.publishing.total} done`,
      warning: false,
      action: 'none',
    };
  }
  if (!s.trusted) {
    return {
      text: '$(shield) Confluence: restricted',
      tooltip: 'Publishing to Confluence is disabled because this workspace is not trusted. Click to manage workspace trust.',
      warning: false,
      action: 'manageTrust',
    };
  }
  if (!s.configured) return { text: '$(cloud) Confluence: not configured', tooltip: 'No Confluence site and space are configured. Click to configure.', warning: false, action: 'configure' };
  if (s.loading) return { text: `$(${SITE_LOOK.loading.icon}) Confluence: ${SITE_LOOK.loading.word}`, tooltip: 'Reading the documents and the mapping file…', warning: false, action: 'none' };
  if (!s.signedIn) return { text: '$(account) Confluence: sign in', tooltip: 'Not signed in to Confluence. Click to sign in.', warning: false, action: 'signIn' };
  // The words and the total are the tree's and the badge's (stateWords.ts): to resolve first, then to publish.
  const resolve = resolveParts(s.counts);
  const pending = toPublish(s.counts);
  const details = breakdown(s.counts).join(', ');
  if (s.site === 'offline') {
    const parts = [SITE_LOOK.offline.word, ...resolve];
    if (pending) parts.push(`${pending} to publish`);
    return {
      text: `$(${SITE_LOOK.offline.icon}) Confluence: ${parts.join(', ')}`,
      tooltip: `Confluence could not be reached (no answer, name not found or connection refused): the states shown are the local ones (files and the mapping file).${details ? `\n${details}.` : ''}\nClick to try again.`,
      warning: true,
      action: 'refresh',
    };
  }
  if (resolve.length || s.lastError) {
    const parts = resolve.length ? [...resolve] : ['publish failed'];
    if (pending) parts.push(`${pending} to publish`);
    return {
      text: `$(warning) Confluence: ${parts.join(', ')}`,
      tooltip: `${s.lastError ? `${s.lastError}\n` : ''}${details ? `${details}.\n` : ''}Documents need attention. Click to see the problems.`,
      warning: true,
      action: 'showProblems',
    };
  }
  const remote = s.remoteChanges ?? 0;
  if (remote > 0) {
    return {
      text: `$(cloud-download) Confluence: ${remote} changed in Confluence`,
      tooltip: `${remote} page${remote === 1 ? ' was' : 's were'} edited or deleted in Confluence since the last publish or pull. Click to pull the edits into your files.`,
      warning: false,
      action: 'pull',
    };
  }
  if (pending > 0) {
    return {
      text: `$(cloud-upload) Confluence: ${pending} to publish`,
      tooltip: `${details}. Click to publish.`,
      warning: false,
      action: 'publishWorkspace',
    };
  }
  if (s.site === 'checking') {
    return { text: `$(${SITE_LOOK.checking.icon}) Confluence: ${SITE_LOOK.checking.word}`, tooltip: 'Checking Confluence for edits made there…', warning: false, action: 'none' };
  }
  return { text: '$(check) Confluence: in sync', tooltip: 'All documents are published and in sync. Click to show the publish plan.', warning: false, action: 'showPlan' };
}
