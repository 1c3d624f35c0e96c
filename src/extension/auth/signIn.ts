import * as vscode from 'vscode';
import { isConfluenceError, isUnauthorized, type ConfluenceApi, type ConfluenceCredentials } from '../../core';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { guessFlavor, validateSiteUrl } from '../model/settings';
import { describeError } from '../ui/errors';
import type { CredentialStore } from './credentialStore';
import type { Session } from './session';

const t = vscode.l10n.t;

/**
 * Sign In: site URL → (Cloud) e-mail + API token or (Data Center) personal access token → checked against the site →
 * stored in SecretStorage only. Then the space key is asked for when none is configured.
 */
export interface SignInDeps {
  store: Pick<CredentialStore, 'store'>;
  session: Pick<Session, 'connect' | 'adopt' | 'refresh'>;
  config: Pick<ConfigService, 'current' | 'rememberSite'>;
  logger: OutputChannelLogger;
}

export async function signInFlow(deps: SignInDeps): Promise<boolean> {
  const { store, session, config, logger } = deps;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(t('Signing in to Confluence is disabled because this workspace is not trusted. Trust the workspace first.'));
    return false;
  }
  const current = config.current?.config;
  const input = await vscode.window.showInputBox({
    title: t('Confluence: Sign In (1/3)'),
    prompt: t('Address of your Confluence site'),
    placeHolder: 'https://acme.atlassian.net/wiki',
    value: current?.baseUrl ?? '',
    ignoreFocusOut: true,
    validateInput: validateSiteUrl,
  });
  if (!input) return false;
  const baseUrl = input.trim().replace(/\/+$/, '');

  let flavor = guessFlavor(baseUrl);
  if (!flavor) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: t('Confluence Cloud'), description: t('e-mail address and API token'), flavor: 'cloud' as const },
        { label: t('Confluence Data Center / Server'), description: t('personal access token'), flavor: 'datacenter' as const },
      ],
      { title: t('Confluence: Sign In (2/3)'), placeHolder: t('Which kind of Confluence site is {0}?', baseUrl), ignoreFocusOut: true },
    );
    if (!pick) return false;
    flavor = pick.flavor;
  }

  let credentials: ConfluenceCredentials;
  if (flavor === 'cloud') {
    const email = await vscode.window.showInputBox({
      title: t('Confluence: Sign In (2/3)'),
      prompt: t('E-mail address of your Atlassian account'),
      placeHolder: 'you@example.com',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? undefined : t('Enter an e-mail address.')),
    });
    if (!email) return false;
    const apiToken = await vscode.window.showInputBox({
      title: t('Confluence: Sign In (3/3)'),
      prompt: t('API token (create one at id.atlassian.com → Security → API tokens). It is stored in the system keychain only.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : t('Enter the API token.')),
    });
    if (!apiToken) return false;
    credentials = { baseUrl, email: email.trim(), apiToken: apiToken.trim() };
  } else {
    const pat = await vscode.window.showInputBox({
      title: t('Confluence: Sign In (3/3)'),
      prompt: t('Personal access token (Profile → Personal Access Tokens). It is stored in the system keychain only.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : t('Enter the personal access token.')),
    });
    if (!pat) return false;
    credentials = { baseUrl, personalAccessToken: pat.trim() };
  }
  logger.rememberCredentials(credentials);

  let api: ConfluenceApi;
  let displayName: string;
  try {
    ({ api, displayName } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Checking your credentials with {0}…', baseUrl) },
      async () => {
        const client = await session.connect(credentials);
        const user = await client.getCurrentUser();
        return { api: client, displayName: user.displayName };
      },
    ));
  } catch (e) {
    const message = signInErrorMessage(e, baseUrl, logger);
    logger.warn(`Sign-in to ${baseUrl} failed: ${message}`);
    const again = await vscode.window.showErrorMessage(message, t('Try Again'));
    if (again) return signInFlow(deps);
    return false;
  }

  await store.store(credentials);
  logger.info(`Signed in to ${baseUrl} as ${displayName}`);

  let spaceKey = config.current?.config.spaceKey;
  if (!spaceKey) {
    spaceKey = await askSpaceKey(api, spaceKey, logger);
  }
  await config.rememberSite(baseUrl, spaceKey);
  session.adopt(baseUrl, api);
  await session.refresh();
  void vscode.window.showInformationMessage(t('Signed in to {0} as {1}.', baseUrl, displayName));
  return true;
}

async function askSpaceKey(api: ConfluenceApi, initial: string | undefined, logger: OutputChannelLogger): Promise<string | undefined> {
  for (;;) {
    const key = await vscode.window.showInputBox({
      title: t('Confluence: Space'),
      prompt: t('Key of the space to publish to (you can change it later in the settings)'),
      placeHolder: 'DOCS',
      value: initial ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[A-Za-z0-9~_-]+$/.test(v.trim()) ? undefined : t('A space key is letters and digits, for example DOCS.')),
    });
    if (!key) return undefined;
    try {
      await api.getSpace(key.trim());
      return key.trim();
    } catch (e) {
      const retry = await vscode.window.showErrorMessage(describeError(e, logger), t('Try Again'));
      if (!retry) return undefined;
      initial = key;
    }
  }
}

/** A clear message for 401 / 403 / unreachable; never contains the token (redacted again to be sure). */
export function signInErrorMessage(e: unknown, baseUrl: string, logger: OutputChannelLogger): string {
  if (isUnauthorized(e)) return logger.clean(t('{0} rejected the credentials (401 Unauthorized). Check the e-mail address and the token, then try again.', baseUrl));
  if (isConfluenceError(e, 403)) return logger.clean(t('{0} accepted the credentials but refused access (403 Forbidden). The account may lack permission to use the REST API or the token may be scoped too narrowly.', baseUrl));
  // No answer from the site (network, TLS, a bad address): a ConfluenceError without a status, or any other error.
  if (!isConfluenceError(e) || e.status === undefined) return logger.clean(t('Could not reach {0}: {1}', baseUrl, describeError(e, logger)));
  return describeError(e, logger);
}
