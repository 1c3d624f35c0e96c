import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { siteUrlProblem, type ConfluenceAuthKind, type ConfluenceCredentials, type SiteUrlProblem } from '../core';
import { CliExit } from './context';

/**
 * Parses a `.env` file with Node's own parser (`util.parseEnv`, the rules of `node --env-file`): `KEY=value`,
 * optional `export `, single/double/backtick quotes (double quotes expand `\n`, and may span lines), `#` comments
 * (also after an unquoted value). Never logs values.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) out[key] = value;
  return out;
}

/** The process environment with `.env` from the workspace root underneath it (real variables win). */
export function environment(root: string, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const path = join(root, '.env');
  const fromFile = existsSync(path) ? parseDotEnv(readFileSync(path, 'utf8')) : {};
  return { ...fromFile, ...env };
}

const AUTH_KINDS: Record<string, ConfluenceAuthKind> = { scoped: 'scoped', basic: 'basic', pat: 'pat' };

/**
 * CONFLUENCE_AUTH: which credential the user means — `scoped` (Atlassian scoped API token: e-mail + token, sent to the
 * api.atlassian.com gateway of the *.atlassian.net site, CONFLUENCE_CLOUD_ID optional), `basic` (classic Cloud API
 * token, or user + password on Data Center), `pat` (Data Center personal access token). Unset: from what is given.
 */
export function authChoice(env: Record<string, string | undefined>): ConfluenceAuthKind | undefined {
  const raw = env.CONFLUENCE_AUTH?.trim().toLowerCase();
  if (!raw) return undefined;
  const kind = AUTH_KINDS[raw];
  if (!kind) throw new CliExit(2, `error: CONFLUENCE_AUTH must be scoped, basic or pat, got ${JSON.stringify(env.CONFLUENCE_AUTH)}`);
  return kind;
}

/**
 * Credentials for the CLI from CONFLUENCE_URL + CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN (Cloud) or CONFLUENCE_PAT
 * (Data Center), and CONFLUENCE_AUTH / CONFLUENCE_CLOUD_ID (see authChoice). `baseUrl` from .confluence.yml is used
 * when CONFLUENCE_URL is unset. Exit status 2 when something is missing, naming the variables; http:// is refused
 * except on this machine.
 */
export function cliCredentials(env: Record<string, string | undefined>, configBaseUrl?: string): ConfluenceCredentials {
  const baseUrl = (env.CONFLUENCE_URL || configBaseUrl || '').trim();
  const email = env.CONFLUENCE_EMAIL?.trim() || undefined;
  const apiToken = env.CONFLUENCE_API_TOKEN?.trim() || undefined;
  const personalAccessToken = env.CONFLUENCE_PAT?.trim() || undefined;
  const auth = authChoice(env);
  const cloudId = env.CONFLUENCE_CLOUD_ID?.trim() || undefined;
  if (!baseUrl) {
    throw new CliExit(2, 'error: no Confluence site: set CONFLUENCE_URL (e.g. https://acme.atlassian.net) in the environment or in .env, or `baseUrl:` in .confluence.yml');
  }
  const problem = siteUrlProblem(baseUrl);
  if (problem) throw new CliExit(2, siteUrlMessage(problem, baseUrl));
  if (cloudId && auth !== 'scoped') throw new CliExit(2, 'error: CONFLUENCE_CLOUD_ID is only for scoped API tokens: set CONFLUENCE_AUTH=scoped too, or remove it');
  if (auth === 'pat') {
    if (!personalAccessToken) throw new CliExit(2, 'error: CONFLUENCE_AUTH=pat needs CONFLUENCE_PAT (a Data Center personal access token) in the environment or in .env (git-ignored)');
    return { baseUrl, personalAccessToken, auth };
  }
  if (auth) {
    if (!email || !apiToken) {
      const missing = [!email && 'CONFLUENCE_EMAIL', !apiToken && 'CONFLUENCE_API_TOKEN'].filter(Boolean).join(' and ');
      throw new CliExit(2, `error: CONFLUENCE_AUTH=${auth} needs ${missing} in the environment or in .env (git-ignored)`);
    }
    return { baseUrl, email, apiToken, auth, ...(cloudId ? { cloudId } : {}) };
  }
  if (email && apiToken) return { baseUrl, email, apiToken, personalAccessToken };
  if (personalAccessToken) return { baseUrl, personalAccessToken };
  const missing = email ? 'CONFLUENCE_API_TOKEN' : apiToken ? 'CONFLUENCE_EMAIL' : 'CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (Cloud), or CONFLUENCE_PAT (Data Center)';
  throw new CliExit(2, `error: no Confluence credentials: set ${missing} in the environment or in .env (git-ignored)`);
}

/** The CLI's wording of core's site-URL rule. */
function siteUrlMessage(problem: SiteUrlProblem, baseUrl: string): string {
  switch (problem.kind) {
    case 'empty':
    case 'not-a-url':
      return `error: CONFLUENCE_URL is not a URL: ${JSON.stringify(baseUrl)} (expected e.g. https://acme.atlassian.net)`;
    case 'scheme':
      return `error: CONFLUENCE_URL must start with https:// (got ${problem.detail})`;
    case 'insecure':
      return `error: CONFLUENCE_URL uses http:// for ${problem.detail}: credentials would travel unencrypted. Use https:// (http:// is only accepted for localhost, 127.0.0.0/8 and ::1)`;
    case 'credentials':
      return 'error: CONFLUENCE_URL must not contain a user name or password; use CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN or CONFLUENCE_PAT';
  }
}
