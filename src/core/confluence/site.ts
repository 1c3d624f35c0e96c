/** Parsing the site URL the user gave, and resolving the pagination links Confluence returns. */
import { ConfluenceError } from './errors';

export interface ParsedSite {
  /** The URL as given, normalised (no trailing slash, no query). */
  url: string;
  origin: string;
  /** Path without trailing slash ('' for the root). */
  path: string;
  /** `https://api.atlassian.com/ex/confluence/{cloudId}` style base (scoped API tokens). */
  scoped: boolean;
  /** Host looks like Atlassian Cloud (`*.atlassian.net`, `api.atlassian.com`). */
  atlassianHost: boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1']);

/**
 * The one loopback rule (site URLs, CLI and extension alike): `localhost`, 127.0.0.0/8 and ::1. `URL` has already
 * lower-cased names and normalised IPv4 shorthands (`127.1` → `127.0.0.1`) and IPv6 forms (`[0::1]` → `[::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_NAMES.has(host)) return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
}

/** Why a site URL is refused; each front end words it for its own user. */
export type SiteUrlProblemKind = 'empty' | 'not-a-url' | 'scheme' | 'insecure' | 'credentials';

export interface SiteUrlProblem {
  kind: SiteUrlProblemKind;
  /** The protocol or host concerned, for the message. */
  detail: string;
}

/**
 * The one site-URL rule: https://, or http:// only for a loopback host (credentials must not travel unencrypted);
 * never `user:password@`. Returns undefined when the URL is acceptable.
 */
export function siteUrlProblem(raw: string): SiteUrlProblem | undefined {
  const text = (raw ?? '').trim();
  if (!text) return { kind: 'empty', detail: '' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'not-a-url', detail: text };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'scheme', detail: url.protocol };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { kind: 'insecure', detail: url.host };
  if (url.username || url.password) return { kind: 'credentials', detail: url.host };
  return undefined;
}

/**
 * The api.atlassian.com gateway (scoped API tokens) serves Atlassian Cloud sites only: credentials for any other host
 * (loopback, Data Center, a proxy) must never be sent to it.
 */
export function scopedGatewayAllowed(site: ParsedSite): boolean {
  try {
    return /\.atlassian\.net$/i.test(new URL(site.origin).hostname);
  } catch {
    return false;
  }
}

export function parseSiteUrl(raw: string): ParsedSite {
  const problem = siteUrlProblem(raw);
  if (problem) throw siteUrlError(problem);
  const url = new URL((raw ?? '').trim());
  const path = url.pathname.replace(/\/+$/, '');
  const scoped = url.hostname === 'api.atlassian.com' && /^\/ex\/confluence\/[^/]+/.test(path);
  return {
    url: url.origin + path,
    origin: url.origin,
    path,
    scoped,
    atlassianHost: /\.atlassian\.net$/.test(url.hostname) || url.hostname === 'api.atlassian.com',
  };
}

function siteUrlError(problem: SiteUrlProblem): ConfluenceError {
  const operation = 'connect to Confluence';
  switch (problem.kind) {
    case 'empty':
    case 'not-a-url':
      return new ConfluenceError({
        code: 'INVALID_URL',
        confluenceMessage: `"${problem.detail}" is not a URL`,
        operation,
        hint: 'Set the Confluence URL (CONFLUENCE_URL / confluence.baseUrl) to e.g. https://your-site.atlassian.net or https://confluence.example.com/confluence.',
      });
    case 'scheme':
      return new ConfluenceError({ code: 'INVALID_URL', confluenceMessage: `unsupported scheme ${problem.detail}`, operation, hint: 'Use an https:// Confluence URL.' });
    case 'insecure':
      return new ConfluenceError({
        code: 'INSECURE_URL',
        confluenceMessage: `refusing to send credentials over plain http to ${problem.detail}`,
        operation,
        hint: 'Use the https:// address of the site. Plain http:// is only allowed for a local server (localhost, 127.0.0.0/8, ::1).',
      });
    case 'credentials':
      return new ConfluenceError({
        code: 'INVALID_URL',
        confluenceMessage: 'the URL contains credentials',
        operation,
        hint: 'Remove user:password@ from the Confluence URL; give credentials through CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN/CONFLUENCE_PAT or "Confluence: Sign In".',
      });
  }
}

/**
 * Resolves a `next` link onto our own API base. Confluence's links are relative to the host (v2:
 * `/wiki/api/v2/pages?cursor=…`) or to `_links.base` (v1: `/rest/api/content?start=25`), and with scoped tokens
 * they may name the classic host: so we keep everything from the API marker on and put our base in front.
 */
export function resolveNextLink(next: string, apiBase: string, marker: '/api/v2' | '/rest/api'): string {
  const pathStart = next.match(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i)?.[0].length ?? 0;
  const idx = next.indexOf(`${marker}/`, pathStart);
  const idxQ = next.indexOf(`${marker}?`, pathStart);
  const at = idx >= 0 ? idx : idxQ;
  if (at >= 0) return apiBase + next.slice(at + marker.length);
  return new URL(next, `${apiBase}/`).toString();
}

/** The `rel="next"` target of a Link header. */
export function parseLinkNext(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2])) return m[1];
  }
  return undefined;
}
