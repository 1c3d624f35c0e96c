/**
 * `connectConfluence`: probe the site once (flavor, REST v2, current user, scoped-token gateway) and return the
 * matching client. Bad credentials, unreachable hosts and non-Confluence URLs fail here with a hint, not later.
 */
import type { Logger } from '../logging';
import { nullLogger } from '../logging';
import type { ConfluenceCredentials, CurrentUser, SiteCapabilities, SiteFlavor } from './types';
import { ConfluenceError, hintFor, type HintContext } from './errors';
import { AdaptiveLimiter } from './limiter';
import { RequestExecutor, type RetryOptions } from './executor';
import { AxiosTransport, type HttpTransport } from './transport';
import { parseSiteUrl, scopedGatewayAllowed, type ParsedSite } from './site';
import { credentialSecrets } from './redact';
import { isAnonymousUser, v1User } from './mappers';
import type { ConfluenceClient } from './client';
import { CloudClient } from './cloud';
import { DataCenterClient } from './datacenter';

export interface ConnectOptions {
  logger?: Logger;
  /** Upper bound of requests in flight. Default 64. */
  maxConcurrency?: number;
  /** Requests in flight at start; the limiter adapts from there. Default 8. */
  initialConcurrency?: number;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** Which front end's words the hints use. Default: both. */
  hintContext?: HintContext;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  /** Replace the HTTP transport (tests). */
  transport?: HttpTransport;
  /** Gateway for scoped API tokens. Default https://api.atlassian.com (tests point it at a local server). */
  gatewayUrl?: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Candidate {
  flavor: SiteFlavor;
  /** Cloud: the root under which `/wiki/...` lives. Data Center: base URL with context path. */
  root: string;
}

const NO_CREDENTIALS_HINT =
  'CLI: set CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (Cloud), or CONFLUENCE_PAT (Data Center). In VS Code, run the "Confluence: Sign In" command.';

function basic(credentials: ConfluenceCredentials): string {
  return `Basic ${Buffer.from(`${credentials.email}:${credentials.apiToken}`, 'utf8').toString('base64')}`;
}

function authorizationFor(credentials: ConfluenceCredentials, flavorHint?: SiteFlavor): string {
  // An explicit choice sends exactly that credential (and needs it).
  if (credentials.auth === 'pat' && credentials.personalAccessToken) return `Bearer ${credentials.personalAccessToken}`;
  if ((credentials.auth === 'basic' || credentials.auth === 'scoped') && credentials.email && credentials.apiToken) return basic(credentials);
  if (credentials.auth) {
    const needs = credentials.auth === 'pat' ? 'a personal access token' : 'an e-mail address and an API token';
    throw new ConfluenceError({ code: 'NO_CREDENTIALS', confluenceMessage: `sign-in "${credentials.auth}" needs ${needs}`, operation: 'connect to Confluence', hint: NO_CREDENTIALS_HINT });
  }
  if (credentials.email && credentials.apiToken && flavorHint !== 'datacenter') return basic(credentials);
  if (credentials.personalAccessToken) return `Bearer ${credentials.personalAccessToken}`;
  if (credentials.email && credentials.apiToken) return basic(credentials);
  throw new ConfluenceError({ code: 'NO_CREDENTIALS', confluenceMessage: 'no credentials given', operation: 'connect to Confluence', hint: NO_CREDENTIALS_HINT });
}

function candidatesFor(site: ParsedSite, credentials: ConfluenceCredentials): Candidate[] {
  if (credentials.auth === 'pat') return [{ flavor: 'datacenter', root: site.url }];
  if (site.scoped) return [{ flavor: 'cloud', root: site.url.replace(/\/wiki$/, '') }];
  if (/\/wiki$/.test(site.path)) return [{ flavor: 'cloud', root: site.url.replace(/\/wiki$/, '') }];
  const cloud: Candidate = { flavor: 'cloud', root: site.url };
  const dc: Candidate = { flavor: 'datacenter', root: site.url };
  if (site.atlassianHost) return [cloud];
  const patOnly = credentials.auth !== 'basic' && credentials.personalAccessToken && !(credentials.email && credentials.apiToken);
  return patOnly ? [dc, cloud] : [cloud, dc];
}

function userUrl(c: Candidate): string {
  return c.flavor === 'cloud' ? `${c.root}/wiki/rest/api/user/current` : `${c.root}/rest/api/user/current`;
}

export async function connectConfluence(credentials: ConfluenceCredentials, options: ConnectOptions = {}): Promise<ConfluenceClient> {
  const site = parseSiteUrl(credentials.baseUrl);
  const logger = options.logger ?? nullLogger;
  const maxConcurrency = options.maxConcurrency ?? 64;
  const secrets = credentialSecrets(credentials);
  const transport = options.transport ?? new AxiosTransport({ maxSockets: maxConcurrency, timeoutMs: options.timeoutMs });
  const limiter = new AdaptiveLimiter({ initial: options.initialConcurrency ?? 8, max: maxConcurrency });
  const makeExecutor = (flavor?: SiteFlavor) =>
    new RequestExecutor({
      transport,
      limiter,
      authorization: authorizationFor(credentials, flavor),
      secrets,
      logger,
      retry: options.retry,
      hintContext: options.hintContext,
      flavor,
      timeoutMs: options.timeoutMs,
    });

  try {
    authorizationFor(credentials); // missing credentials fail before any request
    const tried: string[] = [];
    // Scoped API tokens only go through the gateway when the user said so (auth: 'scoped'): never tried by guess.
    const candidates = credentials.auth === 'scoped' ? [await scopedGateway(makeExecutor('cloud'), site, credentials, options)] : candidatesFor(site, credentials);
    for (const candidate of candidates) {
      const http = makeExecutor(candidate.flavor);
      const probe = await probeUser(http, candidate, options.signal);
      tried.push(userUrl(candidate).slice(candidate.root.length));
      if (probe.kind === 'absent') continue;
      const chosen = candidate;
      if (probe.kind === 'unauthorized') throw withScopedHint(probe.error, site, credentials, options.hintContext);
      const userJson: Json = probe.user;
      if (isAnonymousUser(userJson)) {
        throw new ConfluenceError({
          status: 401,
          code: 'ANONYMOUS',
          confluenceMessage: 'the credentials were ignored: Confluence treats the requests as anonymous',
          operation: 'connect to Confluence',
          hint: hintFor({ status: 401, message: '', method: 'GET', context: options.hintContext ?? 'both', flavor: chosen.flavor, retries: 0 }),
        });
      }
      const user = v1User(userJson);
      return await buildClient(http, chosen, site, user, logger, options.signal);
    }
    throw new ConfluenceError({
      code: 'NOT_CONFLUENCE',
      confluenceMessage: `no Confluence REST API answered at ${site.url} (tried ${tried.join(', ')})`,
      operation: 'connect to Confluence',
      hint: 'Check the Confluence URL: Cloud is https://<site>.atlassian.net; Data Center is the address you open in the browser, including any context path (e.g. https://confluence.example.com/confluence).',
    });
  } catch (err) {
    transport.close?.();
    throw err;
  }
}

type UserProbe = { kind: 'ok'; user: Json } | { kind: 'absent' } | { kind: 'unauthorized'; error: ConfluenceError };

async function probeUser(http: RequestExecutor, candidate: Candidate, signal?: AbortSignal): Promise<UserProbe> {
  try {
    const res = await http.request<Json>({
      method: 'GET',
      url: userUrl(candidate),
      operation: 'connect to Confluence (read the current user)',
      kind: 'read',
      accept: [404, 405, 410],
      signal,
    });
    if (res.status !== 200 || !res.data || typeof res.data !== 'object') return { kind: 'absent' };
    return { kind: 'ok', user: res.data };
  } catch (err) {
    if (err instanceof ConfluenceError) {
      if (err.status === 401 || err.status === 403) return { kind: 'unauthorized', error: err };
      if (err.code === 'INVALID_RESPONSE' || err.code === 'REDIRECT') return { kind: 'absent' };
    }
    throw err;
  }
}

/**
 * A 401/403 from an Atlassian Cloud site with an API token may be a scoped token sent to the site: say how to choose
 * scoped sign-in (which sends it to api.atlassian.com) instead of trying that host by guess.
 */
function withScopedHint(err: ConfluenceError, site: ParsedSite, credentials: ConfluenceCredentials, context?: HintContext): ConfluenceError {
  if (credentials.auth || !credentials.apiToken || !scopedGatewayAllowed(site)) return err;
  const how =
    context === 'cli' ? 'set CONFLUENCE_AUTH=scoped' : context === 'vscode' ? 'choose "scoped API token" in Confluence: Sign In' : 'set CONFLUENCE_AUTH=scoped (CLI) or choose "scoped API token" in Confluence: Sign In';
  return new ConfluenceError({
    status: err.status,
    code: err.code,
    confluenceMessage: err.confluenceMessage,
    operation: err.operation,
    hint: `${err.hint}\nIf this is a scoped API token (one created with scopes), ${how}: it is then sent to the api.atlassian.com gateway of your site.`,
    method: err.method,
    url: err.url,
    retries: err.retries,
  });
}

/**
 * Scoped sign-in: `{gateway}/ex/confluence/{cloudId}` for an Atlassian Cloud site (`*.atlassian.net`, or a gateway URL
 * given as the site). The cloud id is the given one, else the site's own `/_edge/tenant_info`.
 */
async function scopedGateway(http: RequestExecutor, site: ParsedSite, credentials: ConfluenceCredentials, options: ConnectOptions): Promise<Candidate> {
  const operation = 'connect to Confluence with a scoped API token';
  if (site.scoped) return { flavor: 'cloud', root: site.url.replace(/\/wiki$/, '') };
  if (!scopedGatewayAllowed(site)) {
    throw new ConfluenceError({
      code: 'INVALID_URL',
      confluenceMessage: `scoped API tokens work only with Atlassian Cloud sites (*.atlassian.net), not ${site.origin}`,
      operation,
      hint: 'Give the https://<site>.atlassian.net address (or https://api.atlassian.com/ex/confluence/<cloud id>). For Data Center / Server use a personal access token (CONFLUENCE_AUTH=pat); for a classic API token use CONFLUENCE_AUTH=basic.',
    });
  }
  let cloudId = credentials.cloudId?.trim();
  if (!cloudId) {
    const res = await http
      .request<Json>({ method: 'GET', url: `${site.origin}/_edge/tenant_info`, operation: 'look up the cloud id of the site', kind: 'read', accept: [401, 403, 404], signal: options.signal })
      .catch(() => undefined);
    cloudId = res?.status === 200 && typeof res.data?.cloudId === 'string' ? res.data.cloudId : undefined;
  }
  if (!cloudId) {
    throw new ConfluenceError({
      code: 'NO_CLOUD_ID',
      confluenceMessage: `could not look up the cloud id of ${site.origin}`,
      operation,
      hint: `Open ${site.origin}/_edge/tenant_info in a browser and give its "cloudId" (CLI: CONFLUENCE_CLOUD_ID).`,
    });
  }
  const gateway = (options.gatewayUrl ?? 'https://api.atlassian.com').replace(/\/+$/, '');
  return { flavor: 'cloud', root: `${gateway}/ex/confluence/${encodeURIComponent(cloudId)}` };
}

async function buildClient(
  http: RequestExecutor,
  candidate: Candidate,
  site: ParsedSite,
  user: CurrentUser,
  logger: Logger,
  signal?: AbortSignal,
): Promise<ConfluenceClient> {
  if (candidate.flavor === 'datacenter') {
    const capabilities: SiteCapabilities = {
      flavor: 'datacenter',
      v2: false,
      restrictions: true,
      archive: false,
      contentProperties: true,
      limitations: [
        'Data Center has no REST endpoint to archive pages: removed documents can only be deleted or left in place.',
        'Data Center has no move endpoint: moving a page is an update with a new parent and adds a page version.',
      ],
    };
    logger.info(`Connected to Confluence Data Center at ${candidate.root} as ${user.displayName}`);
    return new DataCenterClient(http, { baseUrl: candidate.root, webBase: candidate.root, capabilities, user });
  }
  // REST v2 is what the Cloud client reads with: check it answers, and learn the browser base from `_links.base`.
  const res = await http.request<Json>({
    method: 'GET',
    url: `${candidate.root}/wiki/api/v2/spaces`,
    query: { limit: 1 },
    operation: 'connect to Confluence (check REST API v2)',
    kind: 'read',
    accept: [404, 410],
    signal,
  });
  if (res.status !== 200) {
    throw new ConfluenceError({
      status: res.status,
      code: 'UNSUPPORTED',
      confluenceMessage: 'this Confluence Cloud site does not offer REST API v2',
      operation: 'connect to Confluence',
      hint: 'If this is a Data Center / Server site, give its URL including the context path and use a personal access token (CONFLUENCE_PAT).',
    });
  }
  const linksBase = typeof res.data?._links?.base === 'string' ? String(res.data._links.base).replace(/\/+$/, '') : undefined;
  const webBase = linksBase ?? `${site.scoped ? candidate.root : candidate.root}/wiki`;
  const capabilities: SiteCapabilities = {
    flavor: 'cloud',
    v2: true,
    restrictions: true,
    archive: true,
    contentProperties: true,
    limitations: [],
  };
  logger.info(`Connected to Confluence Cloud at ${candidate.root} as ${user.displayName}`);
  return new CloudClient(http, { baseUrl: site.url, webBase, capabilities, user }, candidate.root);
}
