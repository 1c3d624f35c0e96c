import * as vscode from 'vscode';
import { CredentialStore } from './auth/credentialStore';
import { Session } from './auth/session';
import { registerCommands } from './commands/index';
import { ConfigService } from './config';
import { ContextKeyService } from './context';
import { BlockedDocsDiagnostics } from './diagnostics/blockedDocsDiagnostics';
import { ConfigDiagnostics } from './diagnostics/configDiagnostics';
import { DiagnosticsController } from './diagnostics/diagnosticsController';
import { DocsLoader } from './docsLoader';
import { EditorWorkClient } from './editorWork/editorWorker';
import { watchForEditorWork } from './editorWork/invalidation';
import { forwardEdits } from './editorWork/editorJobOf';
import { tracePreview } from './util/previewTrace';
import { ContextKeys, MERGE_SCHEME, REMOTE_SCHEME } from './ids';
import { OutputChannelLogger } from './logging';
import { SyncState, type SyncStateChange } from './model/syncState';
import { setTranslator } from './model/translate';
import { PreviewManager } from './preview/previewPanel';
import { Publisher } from './publish/publisher';
import { RemoteContentProvider } from './publish/remoteContent';
import { Puller } from './read/puller';
import { RemoteWatcher } from './read/remoteWatcher';
import { StatusBarController } from './statusBar';
import { startStallMonitor } from './util/stallMonitor';
import { startProfileSlices } from './util/cpuProfile';
import { likelySecrets } from './ui/plural';
import { PreviewDiagrams } from './diagrams/previewDiagrams';
import { extensionDiagrams } from './diagrams/webviewHost';
import { DocsTreeProvider } from './tree/docsTreeProvider';

/** Where the times of our publishes are kept (workspace state), per file. */
const PUBLISH_TIMES_KEY = 'confluence.lastPublished';

/** What activate() returns: used by tests inside the extension host. */
export interface ExtensionApi {
  readonly ready: Promise<void>;
  readonly commands: readonly string[];
  /** The provider behind the confluence.docs view, so in-host tests can read what the tree shows. */
  readonly docsTreeProvider: vscode.TreeDataProvider<unknown>;
}

/** Composition root: builds every long-lived object once and hands it to context.subscriptions. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The host-free model's words (tree, status bar, tooltips) go through vscode.l10n too (model/translate.ts).
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const logger = own(new OutputChannelLogger('Confluence'));
  own(startStallMonitor((line) => logger.info(line)));
  own(startProfileSlices((line) => logger.info(line)));
  const contextKeys = new ContextKeyService();
  const config = own(new ConfigService());
  const store = own(new CredentialStore(context.secrets));
  const session = own(new Session(store, config, logger));
  const state = own(new SyncState({
    emitter: () => new vscode.EventEmitter<SyncStateChange>(),
    times: {
      get: () => context.workspaceState.get<Record<string, string>>(PUBLISH_TIMES_KEY, {}),
      update: (times) => context.workspaceState.update(PUBLISH_TIMES_KEY, times),
    },
    likelySecrets,
  }));
  const diagrams = extensionDiagrams(context.extensionUri);
  const docs = own(new DocsLoader(state, config, session, logger, diagrams));
  const tree = own(new DocsTreeProvider(state, session, config, contextKeys));
  const statusBar = own(new StatusBarController(state, session, config));
  // Preview and Problems work run in two worker threads (dist/editorWorker.js), each started on its first job: checking
  // a 1 MB document (conversion and secret scan, ~1 s) never holds up the preview of the last keystroke.
  const previewWork = own(new EditorWorkClient({ onLog: (line) => logger.warn(line), onWholeText: (_key, why) => tracePreview('whole-text', { worker: 'preview', why }) }));
  const checkWork = own(new EditorWorkClient({ onLog: (line) => logger.warn(line), onWholeText: (_key, why) => tracePreview('whole-text', { worker: 'check', why }) }));
  const bothWorkers = [previewWork, checkWork];
  own(watchForEditorWork({ invalidate: () => bothWorkers.forEach((w) => w.invalidate()) }));
  own(forwardEdits({
    edit: (key, version, changes) => bothWorkers.forEach((w) => w.edit(key, version, changes)),
    close: (key) => bothWorkers.forEach((w) => w.close(key)),
  }));
  const previewDiagrams = new PreviewDiagrams({ renderers: diagrams.previewRenderers, unavailable: diagrams.unavailable }, logger);
  const preview = own(new PreviewManager(context.extensionUri, config, logger, previewWork, previewDiagrams, diagrams.previewHost));
  const diagnostics = own(new DiagnosticsController(config, logger, checkWork, previewDiagrams));
  own(new ConfigDiagnostics(config));
  own(new BlockedDocsDiagnostics(docs, config)); // issue 15: blocked documents in Problems even when not open
  own(vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, new RemoteContentProvider(session, config, logger)));
  const remote = own(new RemoteWatcher(state, config, session, logger));
  const puller = new Puller(config, session, { refresh: async () => { await docs.refresh(); await remote.check(); } }, logger);
  own(vscode.workspace.registerTextDocumentContentProvider(MERGE_SCHEME, puller.sides));
  const publisher = new Publisher(config, session, state, docs, logger, puller, diagrams);
  const commands = own(registerCommands({ config, store, session, logger, state, docs, statusBar, publisher, preview, diagnostics, puller, remote }));

  const updateContext = (): void => {
    contextKeys.set(ContextKeys.configured, Boolean(config.current?.configured));
    contextKeys.set(ContextKeys.signedIn, session.signedIn);
  };
  own(config.onDidChange(updateContext));
  own(session.onDidChange(updateContext));
  own(state.onDidChange((part) => {
    if (part === 'run') contextKeys.set(ContextKeys.publishing, state.running);
  }));

  const ready = (async () => {
    // After activate() returns: the configuration, the first scan and the engine behind them (dist/core.js, loaded on
    // first use) do not count against activation, and the views are registered before they are filled.
    await new Promise((resolve) => setImmediate(resolve));
    const resolved = config.current;
    if (resolved?.error) logger.warn(`Configuration: ${resolved.error}`);
    await session.refresh();
    updateContext();
    contextKeys.set(ContextKeys.activated, true);
    // The local tree at once from disk and the mapping (one scan; none when not signed in); the site is asked
    // meanwhile ("checking…", then "offline" when it does not answer).
    void remote.check();
    await docs.start();
    logger.info(`Activated (VS Code ${vscode.version}); ${resolved ? `root ${resolved.root}, site ${resolved.config.baseUrl ?? '(none)'}, space ${resolved.config.spaceKey ?? '(none)'}` : 'no folder open'}; ${session.signedIn ? 'signed in' : 'not signed in'}`);
  })().catch((e) => logger.error(`Activation: ${e instanceof Error ? e.message : String(e)}`));

  return { ready, commands: commands.ids, docsTreeProvider: tree as vscode.TreeDataProvider<unknown> };
}

export function deactivate(): void {}
