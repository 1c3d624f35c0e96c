import * as vscode from 'vscode';
import { siteUrlProblem } from '../../core';

const t = vscode.l10n.t;

/**
 * Checks a site URL typed in an input box (core's one rule), in the user's language; undefined when it is fine.
 * The host-free `validateSiteUrl` (model/settings.ts) says the same in English for tests and non-UI callers.
 */
export function siteUrlInputProblem(value: string): string | undefined {
  switch (siteUrlProblem(value)?.kind) {
    case undefined:
      return undefined;
    case 'empty':
      return t('Enter the address of your Confluence site.');
    case 'not-a-url':
      return t('Enter a full URL, for example https://acme.atlassian.net/wiki');
    case 'scheme':
      return t('The URL must start with https://');
    case 'insecure':
      return t('Use https:// — credentials must not travel unencrypted (http:// is only for localhost, 127.0.0.0/8 and ::1).');
    case 'credentials':
      return t('Do not put credentials in the URL; you will be asked for them next.');
  }
}
