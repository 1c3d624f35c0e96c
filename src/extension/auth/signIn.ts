import * as vscode from 'vscode';
import { isConfluenceError, isUnauthorized, type ConfluenceApi, type ConfluenceAuthKind, type ConfluenceCredentials } from '../../core';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { guessFlavor, validateSiteUrl } from '../model/settings';
import { describeError } from '../ui/errors';
import type { CredentialStore } from './credentialStore';
import type { Session } from './session';

const t = vscode.l10n.t;

/**
 * Sign In: site URL → which credential (Cloud classic API token, Cloud scoped API token, Data Center personal access
 * token: an explicit choice, never found out by sending the token to another host) → e-mail + token or the PAT →
 * checked against the site (scoped: through the api.atlassian.com gateway) → stored in SecretStorage only. Then the
 * space key is asked for when none is configured.
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
    title: t('Confluence: Sign In (1/4)'),
    prompt: t('Address of your Confluence site'),
    placeHolder: 'https://acme.atlassian.net/wiki',
    value: current?.baseUrl ?? '',
    ignoreFocusOut: true,
    validateInput: validateSiteUrl,
  });
  if (!input) return false;
  const baseUrl = input.trim().replace(/\/+$/, '');

  const signed = await checkCredentials(baseUrl, session, logger);
  if (signed === 'retry') return signInFlow(deps);
  if (!signed) return false;
  const { credentials, api, displayName } = signed;

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

/** A site's credentials, checked against it (the signed-in user's name); not stored yet. */
export interface CheckedCredentials {
  credentials: ConfluenceCredentials;
  api: ConfluenceApi;
  displayName: string;
}

/**
 * The steps after the site address: which credential, the credential itself, the check against the site. Stores
 * nothing (the caller does, when its flow completes). Undefined when cancelled; 'retry' when a failure was answered
 * with Try Again (the caller starts over).
 */
export async function checkCredentials(baseUrl: string, session: Pick<Session, 'connect'>, logger: OutputChannelLogger): Promise<CheckedCredentials | 'retry' | undefined> {
  const auth = await pickAuthKind(baseUrl);
  if (!auth) return undefined;
  if (auth === 'scoped' && !isAtlassianCloudAddress(baseUrl)) {
    const again = await vscode.window.showErrorMessage(
      t('Scoped API tokens work only with Atlassian Cloud sites (https://<site>.atlassian.net). For {0}, choose an API token or a personal access token.', baseUrl),
      t('Try Again'),
    );
    return again ? 'retry' : undefined;
  }
  const credentials = await askCredentials(baseUrl, auth);
  if (!credentials) return undefined;
  logger.rememberCredentials(credentials);
  try {
    const { api, displayName } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Checking your credentials with {0}…', baseUrl) },
      async () => {
        const client = await session.connect(credentials);
        const user = await client.getCurrentUser();
        return { api: client, displayName: user.displayName };
      },
    );
    return { credentials, api, displayName };
  } catch (e) {
    const message = signInErrorMessage(e, baseUrl, logger);
    logger.warn(`Sign-in to ${baseUrl} failed: ${message}`);
    const again = await vscode.window.showErrorMessage(message, t('Try Again'));
    return again ? 'retry' : undefined;
  }
}

/** `*.atlassian.net`, or the gateway form `api.atlassian.com/ex/confluence/{cloudId}`: where scoped tokens work. */
function isAtlassianCloudAddress(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host.endsWith('.atlassian.net') || host === 'api.atlassian.com';
  } catch {
    return false;
  }
}

interface AuthPick extends vscode.QuickPickItem {
  auth: ConfluenceAuthKind;
}

/** The credential kind, asked every time; the likely one for the address is listed first. */
async function pickAuthKind(baseUrl: string): Promise<ConfluenceAuthKind | undefined> {
  const items: AuthPick[] = [
    { label: t('Confluence Cloud: API token'), description: t('e-mail address and a classic API token'), auth: 'basic' },
    {
      label: t('Confluence Cloud: scoped API token'),
      description: t('e-mail address and an API token with scopes'),
      detail: t('Sent to the Atlassian API gateway (api.atlassian.com) of your *.atlassian.net site, as scoped tokens require.'),
      auth: 'scoped',
    },
    { label: t('Confluence Data Center / Server: personal access token'), description: t('personal access token'), auth: 'pat' },
  ];
  const ordered = guessFlavor(baseUrl) === 'cloud' ? items : [items[2], items[0], items[1]];
  const pick = await vscode.window.showQuickPick(ordered, {
    title: t('Confluence: Sign In (2/4)'),
    placeHolder: t('Which kind of Confluence site is {0}, and which token do you sign in with?', baseUrl),
    ignoreFocusOut: true,
  });
  return pick?.auth;
}

/** E-mail + API token (classic or scoped) or a personal access token, with the choice recorded. */
async function askCredentials(baseUrl: string, auth: ConfluenceAuthKind): Promise<ConfluenceCredentials | undefined> {
  if (auth === 'pat') {
    const pat = await vscode.window.showInputBox({
      title: t('Confluence: Sign In (3/3)'),
      prompt: t('Personal access token (Profile → Personal Access Tokens). It is stored only in VS Code\'s secret storage (your OS keychain on desktop).'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : t('Enter the personal access token.')),
    });
    return pat ? { baseUrl, personalAccessToken: pat.trim(), auth } : undefined;
  }
  const email = await vscode.window.showInputBox({
    title: t('Confluence: Sign In (3/4)'),
    prompt: t('E-mail address of your Atlassian account'),
    placeHolder: 'you@example.com',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? undefined : t('Enter an e-mail address.')),
  });
  if (!email) return undefined;
  const apiToken = await vscode.window.showInputBox({
    title: t('Confluence: Sign In (4/4)'),
    prompt:
      auth === 'scoped'
        ? t('Scoped API token (id.atlassian.com → Security → API tokens → Create API token with scopes). It is stored only in VS Code\'s secret storage (your OS keychain on desktop).')
        : t('API token (create one at id.atlassian.com → Security → API tokens). It is stored only in VS Code\'s secret storage (your OS keychain on desktop).'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : t('Enter the API token.')),
  });
  if (!apiToken) return undefined;
  return { baseUrl, email: email.trim(), apiToken: apiToken.trim(), auth };
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
