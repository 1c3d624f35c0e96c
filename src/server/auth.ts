/** Basic (email or username : API token) and Bearer (PAT) authentication against the configured users. */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LocalUser } from './types';

export const DEFAULT_USER: LocalUser = {
  accountId: '557058:demo-0000-0000-0000-000000000001',
  email: 'demo@example.com',
  displayName: 'Demo User',
  apiToken: 'local-dev-token',
  pat: 'local-dev-pat',
  username: 'demo',
};

/** Fills in a user from partial options; the n-th extra user gets predictable ids and tokens. */
export function completeUser(u: Partial<LocalUser> & { email: string }, index: number): LocalUser {
  const local = u.email.split('@')[0];
  return {
    accountId: u.accountId ?? `557058:local-${String(index).padStart(4, '0')}-${local}`,
    email: u.email,
    displayName: u.displayName ?? local.charAt(0).toUpperCase() + local.slice(1),
    apiToken: u.apiToken ?? `local-dev-token-${local}`,
    pat: u.pat ?? `local-dev-pat-${local}`,
    username: u.username ?? local,
  };
}

export function authenticate(req: IncomingMessage, users: LocalUser[]): LocalUser | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const name = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    return users.find((u) => (u.email === name || u.username === name) && u.apiToken === secret);
  }
  if (/^bearer$/i.test(scheme)) return users.find((u) => u.pat === value);
  return undefined;
}

/** Who a Data Center request runs as when anonymous access is on and the credential is missing or wrong. */
export const ANONYMOUS_USER: LocalUser = {
  accountId: 'anonymous',
  email: '',
  displayName: 'Anonymous',
  apiToken: '',
  pat: '',
  username: '',
};

/** Data Center's `userKey`: an opaque 32-hex-digit id (like `402880824ff933a4014ff9345d7c0002`), stable per user. */
export function userKeyOf(u: Pick<LocalUser, 'accountId'>): string {
  return createHash('md5').update(`userkey:${u.accountId}`).digest('hex');
}
