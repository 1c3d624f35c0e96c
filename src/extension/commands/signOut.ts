import * as vscode from 'vscode';
import type { CredentialStore } from '../auth/credentialStore';
import type { Session } from '../auth/session';
import { Commands } from '../ids';
import type { OutputChannelLogger } from '../logging';
import type { Command } from './commandManager';

export interface SignOutDeps {
  store: Pick<CredentialStore, 'get' | 'delete'>;
  session: Pick<Session, 'baseUrl' | 'reset' | 'refresh'>;
  logger: Pick<OutputChannelLogger, 'info'>;
}

/** Sign Out: removes the token of the configured site from SecretStorage. */
export class SignOutCommand implements Command {
  readonly id = Commands.signOut;
  constructor(private readonly deps: SignOutDeps) {}

  async execute(): Promise<void> {
    const { store, session, logger } = this.deps;
    const baseUrl = session.baseUrl;
    if (!baseUrl || !(await store.get(baseUrl))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('You are not signed in to Confluence.'));
      return;
    }
    await store.delete(baseUrl);
    session.reset();
    await session.refresh();
    logger.info(`Signed out of ${baseUrl}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}. The token was removed from VS Code\'s secret storage (your OS keychain on desktop).', baseUrl));
  }
}
