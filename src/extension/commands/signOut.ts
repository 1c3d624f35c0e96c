import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { Command } from './commandManager';
import type { Services } from './services';

/** Sign Out: removes the token of the configured site from SecretStorage. */
export class SignOutCommand implements Command {
  readonly id = Commands.signOut;
  constructor(private readonly s: Services) {}

  async execute(): Promise<void> {
    const baseUrl = this.s.session.baseUrl;
    if (!baseUrl || !(await this.s.store.get(baseUrl))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('You are not signed in to Confluence.'));
      return;
    }
    await this.s.store.delete(baseUrl);
    this.s.session.reset();
    await this.s.session.refresh();
    this.s.logger.info(`Signed out of ${baseUrl}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}. The token was removed from the keychain.', baseUrl));
  }
}
