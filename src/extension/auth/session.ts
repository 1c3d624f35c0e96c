import * as vscode from 'vscode';
import { type ConfluenceApi, type ConfluenceCredentials, connectConfluence } from '../../core';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { siteKey } from '../model/settings';
import { Disposable } from '../util/dispose';
import type { CredentialStore } from './credentialStore';

/** Thrown when an operation needs a site connection and there is none. */
export class NotSignedInError extends Error {
  constructor(readonly reason: 'not-configured' | 'not-signed-in') {
    super(reason === 'not-configured' ? vscode.l10n.t('No Confluence site and space are configured.') : vscode.l10n.t('You are not signed in to Confluence.'));
    this.name = 'NotSignedInError';
  }
}

/** The connection to the configured site: whether we are signed in, and a memoised client when we are. */
export class Session extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<boolean>());
  /** Fires with the new signed-in state. */
  readonly onDidChange = this.#onDidChange.event;
  #signedIn = false;
  #client: { key: string; api: Promise<ConfluenceApi> } | undefined;

  constructor(
    private readonly store: CredentialStore,
    private readonly config: ConfigService,
    private readonly logger: OutputChannelLogger,
  ) {
    super();
    this._register(store.onDidChange(() => void this.refresh()));
    this._register(config.onDidChange(() => void this.refresh()));
  }

  get signedIn(): boolean {
    return this.#signedIn;
  }

  get baseUrl(): string | undefined {
    return this.config.current?.config.baseUrl;
  }

  async refresh(): Promise<boolean> {
    const baseUrl = this.baseUrl;
    const creds = baseUrl ? await this.store.get(baseUrl) : undefined;
    this.logger.rememberCredentials(creds);
    const now = Boolean(creds);
    if (!creds || (this.#client && this.#client.key !== siteKey(creds.baseUrl))) this.#client = undefined;
    if (now !== this.#signedIn) {
      this.#signedIn = now;
      this.#onDidChange.fire(now);
    }
    return now;
  }

  /** The client for the configured site; throws NotSignedInError when there is none. */
  async api(): Promise<ConfluenceApi> {
    const resolved = this.config.current;
    if (!resolved?.config.baseUrl || !resolved.config.spaceKey) throw new NotSignedInError('not-configured');
    const baseUrl = resolved.config.baseUrl;
    const key = siteKey(baseUrl);
    if (this.#client?.key === key) return this.#client.api;
    const creds = await this.store.get(baseUrl);
    if (!creds) throw new NotSignedInError('not-signed-in');
    const api = this.connect(creds);
    this.#client = { key, api };
    api.catch(() => {
      if (this.#client?.api === api) this.#client = undefined;
    });
    return api;
  }

  connect(creds: ConfluenceCredentials): Promise<ConfluenceApi> {
    this.logger.rememberCredentials(creds);
    return Promise.resolve(connectConfluence(creds, { logger: this.logger, hintContext: 'vscode' }));
  }

  /** Keeps the client a successful sign-in already connected, so the first publish does not connect again. */
  adopt(baseUrl: string, api: ConfluenceApi): void {
    this.#client = { key: siteKey(baseUrl), api: Promise.resolve(api) };
  }

  /** Forgets the memoised client (after sign-out, or a 401). */
  reset(): void {
    this.#client = undefined;
  }
}
