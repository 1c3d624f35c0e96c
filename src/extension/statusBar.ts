import * as vscode from 'vscode';
import type { Session } from './auth/session';
import type { ConfigService } from './config';
import { Commands, Settings } from './ids';
import { statusView, type StatusAction } from './model/statusSummary';
import type { SyncState } from './model/syncState';
import { Disposable } from './util/dispose';
import { PROGRESS_UPDATE_MS, throttle } from './util/throttle';

/**
 * One status-bar item with the workspace's sync state; clicking it does the obvious next thing. It observes the
 * SyncState (documents, the publish running and its progress, the last error), the session and the configuration.
 */
export class StatusBarController extends Disposable {
  readonly #item: vscode.StatusBarItem;
  #action: StatusAction = 'none';

  constructor(
    private readonly state: SyncState,
    private readonly session: Session,
    private readonly config: ConfigService,
  ) {
    super();
    this.#item = this._register(vscode.window.createStatusBarItem('confluence.status', vscode.StatusBarAlignment.Left, 50));
    this.#item.name = vscode.l10n.t('Confluence Sync');
    this.#item.command = Commands.statusBarAction;
    const progress = throttle(() => this.update(), PROGRESS_UPDATE_MS);
    this._register(progress);
    this._register(state.onDidChange((part) => {
      // Progress of a running publish: throttled; its start and end, and every other change: at once.
      if (part === 'run' && state.running && state.progress) return progress();
      progress.dispose();
      this.update();
    }));
    this._register(session.onDidChange(() => this.update()));
    this._register(config.onDidChange(() => this.update()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.${Settings.statusBarEnabled}`)) this.update();
    }));
    this.update();
  }

  get action(): StatusAction {
    return this.#action;
  }

  update(): void {
    const enabled = vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.statusBarEnabled, true);
    if (!enabled || !this.config.current) {
      this.#item.hide();
      return;
    }
    const view = statusView({
      configured: Boolean(this.config.current?.configured),
      signedIn: this.session.signedIn,
      trusted: vscode.workspace.isTrusted,
      counts: this.state.counts,
      publishing: this.state.running ? this.state.progress : undefined,
      lastError: this.state.lastError,
      remoteChanges: this.state.remoteChanges,
      loading: !this.session.known || (this.session.signedIn && Boolean(this.config.current?.configured) && !this.state.loaded),
      site: this.state.site,
    });
    this.#action = view.action;
    this.#item.text = view.text;
    this.#item.tooltip = view.tooltip;
    this.#item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.#item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.#item.show();
  }
}
