import * as vscode from 'vscode';
import type { ConfluenceAuthKind, ConfluenceCredentials } from '../../core';
import { siteKey } from '../model/settings';
import { Disposable } from '../util/dispose';

const PREFIX = 'confluence.credentials:';

interface StoredSecret {
  email?: string;
  apiToken?: string;
  personalAccessToken?: string;
  /** The sign-in choice (scoped / basic / pat); absent in secrets stored before it existed. */
  auth?: ConfluenceAuthKind;
  cloudId?: string;
}

/**
 * Credentials live only in `context.secrets` (VS Code's secret storage: the OS keychain on desktop, the host's encrypted secret storage on the web and remote hosts), keyed by site URL. Nothing here is
 * ever written to settings, globalState, the mapping file or the log.
 */
export class CredentialStore extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.#onDidChange.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    // Other windows signing in or out.
    this._register(secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.#onDidChange.fire();
    }));
  }

  async get(baseUrl: string): Promise<ConfluenceCredentials | undefined> {
    const raw = await this.secrets.get(PREFIX + siteKey(baseUrl));
    if (!raw) return undefined;
    try {
      const stored = JSON.parse(raw) as StoredSecret;
      return { baseUrl, ...stored };
    } catch {
      return undefined;
    }
  }

  async store(credentials: ConfluenceCredentials): Promise<void> {
    const choice = { ...(credentials.auth ? { auth: credentials.auth } : {}), ...(credentials.cloudId ? { cloudId: credentials.cloudId } : {}) };
    const value: StoredSecret = credentials.personalAccessToken
      ? { personalAccessToken: credentials.personalAccessToken, ...choice }
      : { email: credentials.email, apiToken: credentials.apiToken, ...choice };
    await this.secrets.store(PREFIX + siteKey(credentials.baseUrl), JSON.stringify(value));
    this.#onDidChange.fire();
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(PREFIX + siteKey(baseUrl));
    this.#onDidChange.fire();
  }
}
