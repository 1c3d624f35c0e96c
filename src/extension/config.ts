import * as vscode from 'vscode';
import { ConfigError, loadWorkspaceConfig, type WorkspaceConfig } from '../core';
import { Settings } from './ids';
import { settingsToOverrides } from './model/settings';
import { Disposable } from './util/dispose';

export interface ResolvedConfig {
  /** Workspace folder root (file system path). */
  root: string;
  config: WorkspaceConfig;
  /** Site URL and space key are both known. */
  configured: boolean;
  /** A bad `.confluence.yml`: the message, named by file and line. */
  error?: string;
  /** Where that error is (file as the loader named it, 1-based line when known), for the Problems panel. */
  errorAt?: { file: string; line?: number; message: string };
}

/**
 * Settings + `.confluence.yml` merged for the first workspace folder. Re-read when either changes; listeners get
 * one debounced event.
 */
export class ConfigService extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<ResolvedConfig | undefined>());
  readonly onDidChange = this.#onDidChange.event;
  #current: ResolvedConfig | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Settings.section)) this.#schedule();
      }),
    );
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/.confluence.yml'));
    this._register(watcher.onDidChange(() => this.#schedule()));
    this._register(watcher.onDidCreate(() => this.#schedule()));
    this._register(watcher.onDidDelete(() => this.#schedule()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.#schedule()));
    this._register({ dispose: () => clearTimeout(this.#timer) });
  }

  get current(): ResolvedConfig | undefined {
    if (!this.#current) this.#current = this.#read();
    return this.#current;
  }

  /** The workspace root, even when the configuration is broken. */
  get root(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  reload(): ResolvedConfig | undefined {
    this.#current = this.#read();
    this.#onDidChange.fire(this.#current);
    return this.#current;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.reload(), 250);
  }

  #read(): ResolvedConfig | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    const root = folder.uri.fsPath;
    const settings = vscode.workspace.getConfiguration(Settings.section, folder.uri);
    const get = (key: string): unknown => settings.get(key);
    try {
      const fromFile = loadWorkspaceConfig(root);
      const config = loadWorkspaceConfig(root, settingsToOverrides(get, fromFile));
      return { root, config, configured: Boolean(config.baseUrl && config.spaceKey) };
    } catch (e) {
      const fallback = safeDefaults(root, get);
      const errorAt = e instanceof ConfigError ? { file: e.file, line: e.line, message: e.message.replace(/^[^:]+:(\d+:)?\s*/, '') } : undefined;
      return { root, config: fallback, configured: false, error: e instanceof Error ? e.message : String(e), errorAt };
    }
  }

  /** Writes the site URL (never a credential) to the workspace settings when `.confluence.yml` does not already say it. */
  async rememberSite(baseUrl: string, spaceKey?: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const current = this.current?.config;
    const settings = vscode.workspace.getConfiguration(Settings.section, folder?.uri);
    const target = folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    if (!current?.baseUrl || current.baseUrl.replace(/\/+$/, '') !== baseUrl.replace(/\/+$/, '')) {
      await settings.update(Settings.baseUrl, baseUrl, target);
    }
    if (spaceKey && current?.spaceKey !== spaceKey) await settings.update(Settings.spaceKey, spaceKey, target);
    this.reload();
  }
}

function safeDefaults(root: string, get: (key: string) => unknown): WorkspaceConfig {
  try {
    return loadWorkspaceConfig(root, settingsToOverrides(get));
  } catch {
    return {
      docsRoot: 'docs', rootPageTitle: 'Documentation', include: ['**/*.md'], exclude: [], secretExclude: [], labels: [],
      readOnly: false, concurrency: 4, mappingFile: 'docs/.confluence-mapping.json',
    };
  }
}
