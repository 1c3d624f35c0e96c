import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { ConfigService, ResolvedConfig } from '../config';
import { Commands } from '../ids';

const t = vscode.l10n.t;

/**
 * Checks trust, configuration and sign-in; shows why not, with the button that fixes it. Never waits for the
 * message: a button's follow-up is its own command.
 */
export function readyToPublish(config: Pick<ConfigService, 'current'>, session: Pick<Session, 'signedIn'>): ResolvedConfig | undefined {
  const ask = (message: string, buttons: string[], then: (pick: string) => void): void => {
    void vscode.window.showWarningMessage(message, ...buttons).then((pick) => {
      if (pick) then(pick);
    });
  };
  if (!vscode.workspace.isTrusted) {
    ask(
      t('Publishing to Confluence is disabled because this workspace is not trusted: an untrusted workspace could send files to a site you did not choose.'),
      [t('Manage Workspace Trust')],
      () => void vscode.commands.executeCommand('workbench.trust.manage'),
    );
    return undefined;
  }
  const resolved = config.current;
  if (!resolved) {
    void vscode.window.showWarningMessage(t('Open a folder to publish its docs to Confluence.'));
    return undefined;
  }
  if (resolved.error) {
    void vscode.window.showErrorMessage(t('The Confluence configuration is invalid: {0}', resolved.error));
    return undefined;
  }
  if (!resolved.configured) {
    ask(t('No Confluence site and space are configured for this workspace.'), [t('Sign In'), t('Open Settings')], (pick) => {
      if (pick === t('Sign In')) void vscode.commands.executeCommand(Commands.signIn);
      else void vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', { query: 'confluence' });
    });
    return undefined;
  }
  if (!session.signedIn) {
    ask(t('Sign in to {0} to publish.', resolved.config.baseUrl ?? 'Confluence'), [t('Sign In')], () => void vscode.commands.executeCommand(Commands.signIn));
    return undefined;
  }
  return resolved;
}
