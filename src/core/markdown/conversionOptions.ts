import type { ConvertOptions } from './types';

/** Which kind of Confluence the storage format is written for. */
export type SiteFlavor = 'cloud' | 'datacenter';

/** The conversion settings that depend on the workspace configuration and the target site, never on the document. */
export type SiteConversionOptions = Pick<ConvertOptions, 'codeLanguages' | 'headingAnchorMacros' | 'codeLineNumbers'>;

/**
 * Builds the site-dependent conversion options once, for every front end (sync, render, preview, diagnostics), so
 * what is previewed or rendered is what is published. Data Center knows only the classic code macro languages, and
 * its heading ids carry the page title, so links to headings there need anchor macros in the headings.
 */
export function conversionOptions(input: { flavor?: SiteFlavor; codeLineNumbers?: boolean }): SiteConversionOptions {
  const dc = input.flavor === 'datacenter';
  return {
    codeLanguages: dc ? 'datacenter' : 'cloud',
    headingAnchorMacros: dc,
    codeLineNumbers: input.codeLineNumbers ?? false,
  };
}

/**
 * The flavor a site URL stands for when no connection tells us (preview and diagnostics work offline):
 * `*.atlassian.net` and `…/wiki` sites are Cloud, any other configured site is Data Center, no site is Cloud.
 * A connected client's `capabilities.flavor` always wins over this guess.
 */
export function flavorOfSiteUrl(baseUrl: string | undefined): SiteFlavor {
  if (!baseUrl?.trim()) return 'cloud';
  try {
    const u = new URL(baseUrl.trim());
    if (/\.atlassian\.net$/i.test(u.hostname) || u.hostname === 'api.atlassian.com' || /\/wiki\/?$/.test(u.pathname)) return 'cloud';
    return 'datacenter';
  } catch {
    return 'cloud';
  }
}
