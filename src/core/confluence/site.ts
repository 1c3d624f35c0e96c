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

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
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
  const text = (raw ?? '').trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfluenceError({
      code: 'INVALID_URL',
      confluenceMessage: `"${text}" is not a URL`,
      operation: 'connect to Confluence',
      hint: 'Set the Confluence URL (CONFLUENCE_URL / confluence.baseUrl) to e.g. https://your-site.atlassian.net or https://confluence.example.com/confluence.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfluenceError({
      code: 'INVALID_URL',
      confluenceMessage: `unsupported scheme ${url.protocol}`,
      operation: 'connect to Confluence',
      hint: 'Use an https:// Confluence URL.',
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfluenceError({
      code: 'INSECURE_URL',
      confluenceMessage: `refusing to send credentials over plain http to ${url.host}`,
      operation: 'connect to Confluence',
      hint: 'Use the https:// address of the site. Plain http:// is only allowed for a local server (localhost, 127.0.0.1, ::1).',
    });
  }
  if (url.username || url.password) {
    throw new ConfluenceError({
      code: 'INVALID_URL',
      confluenceMessage: 'the URL contains credentials',
      operation: 'connect to Confluence',
      hint: 'Remove user:password@ from the Confluence URL; give credentials through CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN/CONFLUENCE_PAT or "Confluence: Sign In".',
    });
  }
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
