import * as path from 'node:path';
import * as vscode from 'vscode';
import { isUnauthorized, workspaceConfigText, type ConfluenceApi, type ConfluenceCredentials } from '../../core';
import { checkCredentials } from '../auth/signIn';
import type { CredentialStore } from '../auth/credentialStore';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import { Commands } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { askDocsFolder, askRootPageTitle, askSiteUrl, confirmReplaceConfig, pickSpaceToPublish } from '../ui/createConfigPrompts';
import { showError } from '../ui/errors';
import type { Command } from './commandManager';

const t = vscode.l10n.t;
const FILE = '.confluence.yml';

export interface CreateConfigDeps {
  config: Pick<ConfigService, 'root' | 'current' | 'reload'>;
  store: Pick<CredentialStore, 'get' | 'store'>;
  session: Pick<Session, 'connect' | 'adopt' | 'refresh'>;
  logger: OutputChannelLogger;
}

/**
 * Confluence: Create Configuration… (the walkthrough's first step): site address → sign-in when there is no token for
 * it (the Sign In steps; the token is stored only when the file is written) → the space, from a searchable quick pick
 * of the spaces the user can see → docs folder → root page title → `.confluence.yml` written (never a credential in
 * it) and opened. An existing file is replaced only after a modal confirmation; cancelling any step writes nothing.
 */
export class CreateConfigCommand implements Command {
  readonly id = Commands.createConfig;
  constructor(private readonly s: CreateConfigDeps) {}

  async execute(): Promise<vscode.Uri | undefined> {
    const root = this.s.config.root;
    if (!root) {
      void vscode.window.showWarningMessage(t('Open a folder first: .confluence.yml goes at the root of the workspace folder.'));
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(t('Signing in to Confluence is disabled because this workspace is not trusted. Trust the workspace first.'));
      return undefined;
    }
    const uri = vscode.Uri.file(path.join(root, FILE));
    let replace = false;
    if (await exists(uri)) {
      if (!(await confirmReplaceConfig())) return undefined;
      replace = true;
    }
    const current = this.s.config.current?.config;
    try {
      const baseUrl = await askSiteUrl(current?.baseUrl);
      if (!baseUrl) return undefined;
      const site = await this.#connect(baseUrl);
      if (!site) return undefined;
      const space = await pickSpaceToPublish(site.api, current?.spaceKey);
      if (!space) return undefined;
      const docsRoot = await askDocsFolder(current?.docsRoot);
      if (!docsRoot) return undefined;
      const rootPageTitle = await askRootPageTitle(current?.rootPageTitle ?? 'Documentation', space);
      if (!rootPageTitle) return undefined;
      const text = workspaceConfigText({ baseUrl, spaceKey: space.key, docsRoot, rootPageTitle });
      if (!replace && (await exists(uri)) && !(await confirmReplaceConfig())) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      this.s.logger.info(`Wrote ${FILE}: ${baseUrl}, space ${space.key}, docs ${docsRoot}`);
      if (site.credentials) await this.s.store.store(site.credentials);
      const resolved = this.s.config.reload();
      this.s.session.adopt(baseUrl, site.api);
      await this.s.session.refresh();
      await vscode.window.showTextDocument(uri, { preview: false });
      const overridden = resolved?.config.spaceKey !== space.key || resolved?.config.baseUrl?.replace(/\/+$/, '') !== baseUrl;
      if (overridden) {
        void vscode.window.showWarningMessage(t('Wrote {0}, but the confluence.baseUrl / confluence.spaceKey settings of this workspace override it. Clear them to use the file.', FILE));
      } else {
        void vscode.window.showInformationMessage(t('Wrote {0}: the docs under {1}/ publish to {2} ({3}).', FILE, docsRoot, space.name || space.key, space.key));
      }
      return uri;
    } catch (e) {
      showError(e, this.s.logger, t('Could not create {0}', FILE));
      return undefined;
    }
  }

  /**
   * A client for the site: the stored token when there is one and the site still accepts it, else the Sign In steps.
   * `credentials` is set when they are new (stored once the file is written).
   */
  async #connect(baseUrl: string): Promise<{ api: ConfluenceApi; credentials?: ConfluenceCredentials } | undefined> {
    const stored = await this.s.store.get(baseUrl);
    if (stored) {
      try {
        const api = await this.s.session.connect(stored);
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Connecting to {0}…', baseUrl) }, () => api.getCurrentUser());
        return { api };
      } catch (e) {
        if (!isUnauthorized(e)) throw e;
        this.s.logger.warn(`${baseUrl} no longer accepts the stored token: signing in again`);
      }
    }
    for (;;) {
      const signed = await checkCredentials(baseUrl, this.s.session, this.s.logger);
      if (signed !== 'retry') return signed ? { api: signed.api, credentials: signed.credentials } : undefined;
    }
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
