import * as vscode from 'vscode';
import { type ConfluenceApi, type ConfluenceCredentials, connectConfluence, isUnreachable } from '../../core';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { siteKey } from '../model/settings';
import { Disposable } from '../util/dispose';
import { configuredProxy, NetworkRoute, type ModulePair, type RequestFunctions } from '../util/networkRoute';
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
  #client: { key: string; api: Promise<ConfluenceApi>; ready?: ConfluenceApi } | undefined;
  #known = false;

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

  /** The credentials were looked up once (before that, "not signed in" is not known yet: show loading). */
  get known(): boolean {
    return this.#known;
  }

  /** The client once it has connected (no waiting, no network); undefined before. */
  get connected(): ConfluenceApi | undefined {
    return this.#client?.ready;
  }

  get baseUrl(): string | undefined {
    return this.config.current?.config.baseUrl;
  }

  async refresh(): Promise<boolean> {
    const baseUrl = this.baseUrl;
    const creds = baseUrl ? await this.store.get(baseUrl) : undefined;
    this.logger.rememberCredentials(creds);
    const now = Boolean(creds);
    const first = !this.#known;
    this.#known = true;
    if (!creds || (this.#client && this.#client.key !== siteKey(creds.baseUrl))) this.#client = undefined;
    if (now !== this.#signedIn || first) {
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
    const client: { key: string; api: Promise<ConfluenceApi>; ready?: ConfluenceApi } = { key, api };
    this.#client = client;
    api.then((ready) => void (client.ready = ready), () => {
      if (this.#client === client) this.#client = undefined;
    });
    return api;
  }

  connect(creds: ConfluenceCredentials): Promise<ConfluenceApi> {
    this.logger.rememberCredentials(creds);
    // Direct connections unless a proxy is configured or only VS Code's networking gets an answer (util/networkRoute.ts).
    this.#network ??= new NetworkRoute(extensionHttpModules(), (line) => this.logger.info(line));
    const proxy = configuredProxy({ proxy: vscode.workspace.getConfiguration('http').get('proxy') }, process.env);
    return this.#network.connect(proxy, () => Promise.resolve(connectConfluence(creds, { logger: this.logger, hintContext: 'vscode' })), (e) => (!isUnreachable(e) ? undefined : (e as { code?: string }).code === 'TIMEOUT' ? 'next' : 'retry'));
  }

  #network: NetworkRoute | undefined;

  /** Keeps the client a successful sign-in already connected, so the first publish does not connect again. */
  adopt(baseUrl: string, api: ConfluenceApi): void {
    this.#client = { key: siteKey(baseUrl), api: Promise.resolve(api), ready: api };
  }

  /** Forgets the memoised client (after sign-out, or a 401). */
  reset(): void {
    this.#client = undefined;
  }
}

/**
 * The extension's own copies of `http`/`https` (VS Code's proxy support patches Node's modules in place and hands
 * each extension a copy; the engine's HTTP client requires the same copies) beside Node's functions from before the
 * patch (VS Code keeps them as `__vscodeOriginal`; absent, e.g. in another VS Code version: nothing is changed).
 */
function extensionHttpModules(): ModulePair[] {
  const pair = (mod: RequestFunctions & { __vscodeOriginal?: RequestFunctions }): ModulePair => ({ extension: mod, node: mod.__vscodeOriginal ?? mod });
  /* eslint-disable @typescript-eslint/no-require-imports */
  return [pair(require('http')), pair(require('https'))];
  /* eslint-enable @typescript-eslint/no-require-imports */
}
