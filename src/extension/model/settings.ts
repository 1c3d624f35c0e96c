// Host-free: turns the user's `confluence.*` settings into overrides of `.confluence.yml`.
import { siteUrlProblem, type WorkspaceConfig } from '../../core';
import { t } from './translate';

/** What the extension reads from settings; `get` returns undefined/empty for unset values. */
export type SettingsReader = (key: string) => unknown;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
function strs(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Settings override the committed `.confluence.yml` per user. Empty strings, empty lists and `null` mean "use the
 * file". `exclude` and `labels` add to the file's lists rather than replacing them. Credentials are never read here.
 */
export function settingsToOverrides(get: SettingsReader, fromFile?: Partial<WorkspaceConfig>): Partial<WorkspaceConfig> {
  const out: Partial<WorkspaceConfig> = {};
  const baseUrl = str(get('baseUrl'));
  if (baseUrl) out.baseUrl = baseUrl.replace(/\/+$/, '');
  const spaceKey = str(get('spaceKey'));
  if (spaceKey) out.spaceKey = spaceKey;
  const docsRoot = str(get('docsRoot'));
  if (docsRoot) out.docsRoot = docsRoot;
  const rootPageTitle = str(get('rootPageTitle'));
  if (rootPageTitle) out.rootPageTitle = rootPageTitle;
  const include = strs(get('include'));
  if (include) out.include = include;
  const exclude = strs(get('exclude'));
  if (exclude) out.exclude = unique([...(fromFile?.exclude ?? []), ...exclude]);
  const labels = strs(get('labels'));
  if (labels) out.labels = unique([...(fromFile?.labels ?? []), ...labels]);
  const readOnly = bool(get('readOnly'));
  if (readOnly !== undefined) out.readOnly = readOnly;
  const concurrency = num(get('concurrency'));
  if (concurrency !== undefined) out.concurrency = Math.max(1, Math.min(16, Math.round(concurrency)));
  const codeLineNumbers = bool(get('codeLineNumbers'));
  if (codeLineNumbers !== undefined) out.codeLineNumbers = codeLineNumbers;
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Normalises a site URL the way credentials are keyed: scheme + host + path, no trailing slash, lower-case host. */
export function siteKey(baseUrl: string): string {
  try {
    const u = new URL(baseUrl.trim());
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host.toLowerCase()}${path}`;
  } catch {
    return baseUrl.trim().replace(/\/+$/, '');
  }
}

/** Cloud sites are on atlassian.net or serve Confluence under `/wiki`; anything else is asked. */
export function guessFlavor(baseUrl: string): 'cloud' | 'datacenter' | undefined {
  try {
    const u = new URL(baseUrl.trim());
    if (/\.atlassian\.net$/i.test(u.hostname) || /\/wiki\/?$/.test(u.pathname)) return 'cloud';
    return undefined;
  } catch {
    return undefined;
  }
}

/** Checks a site URL typed by the user (core's one rule, in the extension's words); undefined when it is fine. */
export function validateSiteUrl(value: string): string | undefined {
  const problem = siteUrlProblem(value);
  switch (problem?.kind) {
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
