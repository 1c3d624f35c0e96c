import * as vscode from 'vscode';
import { checkRemoteChanges, isUnreachable, nodeFileSystem } from '../../core';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import { Settings } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { DEFAULT_REMOTE_CHECK_MINUTES, remoteCheckDelay, remoteMarks } from '../model/readSide';
import type { SyncState } from '../model/syncState';
import { Disposable } from '../util/dispose';

/**
 * Finds pages edited or deleted in Confluence since our last publish or pull (core's read-only `checkRemoteChanges`:
 * one search + one listing pass) and writes them into the SyncState (the tree's "changed in Confluence", the status
 * bar's count). Runs on refresh, after sign-in, and every `confluence.remoteCheckInterval` minutes (0 = never).
 * Quiet: a failed check is logged, never shown (the next publish or pull says what is wrong).
 */
export class RemoteWatcher extends Disposable {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** How long the site may take to answer before the views say "offline" (the check goes on meanwhile). */
  offlineAfterMs = 10_000;

  constructor(
    private readonly state: SyncState,
    private readonly config: Pick<ConfigService, 'current' | 'onDidChange'>,
    private readonly session: Pick<Session, 'signedIn' | 'api' | 'onDidChange'>,
    private readonly logger: OutputChannelLogger,
  ) {
    super();
    this._register(session.onDidChange(() => void this.check()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.${Settings.remoteCheckInterval}`)) this.#schedule();
    }));
    this._register({ dispose: () => clearTimeout(this.#timer) });
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const minutes = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.remoteCheckInterval, DEFAULT_REMOTE_CHECK_MINUTES);
    const delay = remoteCheckDelay(minutes);
    if (delay === undefined || this.isDisposed) return;
    this.#timer = setTimeout(() => void this.check().finally(() => this.#schedule()), delay);
  }

  /** One check now (a check already running is awaited, not doubled). */
  check(): Promise<void> {
    this.#running ??= this.#check().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<void> {
    const resolved = this.config.current;
    if (!resolved?.configured || resolved.error || !this.session.signedIn || !vscode.workspace.isTrusted) {
      this.state.recordRemote([]);
      this.state.setSite('unknown');
      return;
    }
    // "checking…" until the site answers; "offline" when it does not answer in time (the check goes on).
    this.state.setSite('checking');
    const slow = setTimeout(() => this.state.setSite('offline'), this.offlineAfterMs);
    try {
      const api = await this.session.api();
      // One cheap request first: the site answers even when nothing is published yet (the check then asks nothing).
      await api.getCurrentUser();
      const result = await checkRemoteChanges({ root: resolved.root, config: resolved.config, api, fs: nodeFileSystem });
      this.state.setSite('online');
      this.state.recordRemote(remoteMarks(result));
      if (result.items.length) this.logger.info(`Confluence check: ${result.items.map((i) => `${i.file} ${i.state}`).join(', ')}`);
    } catch (e) {
      // An answer that is an error (401, 403...) is not "offline": the next publish or pull says what is wrong.
      this.state.setSite(isUnreachable(e) ? 'offline' : 'online');
      this.logger.warn(`Could not check Confluence for edits: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(slow);
    }
  }
}
