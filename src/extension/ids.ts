/** Command ids, view ids, context keys and setting keys of the extension, in one place (they match package.json). */
export const Commands = {
  publishFile: 'confluence.publishFile',
  publishWorkspace: 'confluence.publishWorkspace',
  showPlan: 'confluence.showPlan',
  signIn: 'confluence.signIn',
  signOut: 'confluence.signOut',
  openPage: 'confluence.openPage',
  preview: 'confluence.preview',
  scanSecrets: 'confluence.scanSecrets',
  refresh: 'confluence.refresh',
  showLog: 'confluence.showLog',
  configure: 'confluence.configure',
  statusBarAction: 'confluence.statusBarAction',
  publishItem: 'confluence.publishItem',
  planItem: 'confluence.planItem',
  openItem: 'confluence.openItem',
  revealFile: 'confluence.revealFile',
  copyLink: 'confluence.copyLink',
  importSpace: 'confluence.importSpace',
  pull: 'confluence.pull',
  pullItem: 'confluence.pullItem',
  createConfig: 'confluence.createConfig',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = { container: 'confluence', docs: 'confluence.docs' } as const;

/** Context keys used in `when` clauses (package.json menus and viewsWelcome). */
export const ContextKeys = {
  /** activate() has finished its first configuration read (avoids a flash of the wrong welcome view). */
  activated: 'confluence.activated',
  /** A site URL and a space key are known (settings or .confluence.yml). */
  configured: 'confluence.configured',
  /** A token for the configured site is in SecretStorage. */
  signedIn: 'confluence.signedIn',
  /** Signed in and configured, but no document was found. */
  empty: 'confluence.empty',
  /** A publish is running. */
  publishing: 'confluence.publishing',
} as const;

export const Settings = {
  section: 'confluence',
  baseUrl: 'baseUrl',
  spaceKey: 'spaceKey',
  docsRoot: 'docsRoot',
  rootPageTitle: 'rootPageTitle',
  include: 'include',
  exclude: 'exclude',
  labels: 'labels',
  readOnly: 'readOnly',
  concurrency: 'concurrency',
  codeLineNumbers: 'codeLineNumbers',
  diagnosticsEnabled: 'diagnostics.enabled',
  allowPublishAnyway: 'publish.allowPublishAnyway',
  statusBarEnabled: 'statusBar.enabled',
  remoteCheckInterval: 'remoteCheckInterval',
} as const;

/** URI scheme of the read-only documents holding the Confluence version of a page (conflict diff). */
export const REMOTE_SCHEME = 'confluence-remote';

/** URI scheme of the read-only sides (base, Confluence, local) of a pull conflict in the merge editor. */
export const MERGE_SCHEME = 'confluence-merge';
