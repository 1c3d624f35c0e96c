import { scanDocument } from '../markdown/title';
import { convertStorage, type UnconvertedElement } from './storageConverter';

/** A page as the read side converts it. */
export interface PageForMarkdown {
  id: string;
  title: string;
  /** Storage format. */
  body: string;
  labels?: string[];
}

/** A link in a page to another page (storage `ri:page` by title; a page id when the link gives one). */
export interface PageLinkTarget {
  title: string;
  spaceKey?: string;
  pageId?: string;
  /** The Confluence anchor after `#` (a heading's id, or an anchor macro's name). */
  anchor?: string;
}

export interface PageMarkdownContext {
  /** Workspace-relative POSIX path of the Markdown file (the forward title rule reads the file name). */
  file: string;
  /** The space being read: links without a space key are to pages of it. */
  spaceKey: string;
  /** The site (as `ConfluenceApi.baseUrl`): links to pages outside the read set become URLs on it. */
  siteUrl: string;
  /** Relative href of an imported page (with `#anchor`), or undefined to keep a Confluence URL. */
  linkToPage(target: PageLinkTarget): string | undefined;
  /** Relative href of an attachment of this page, or undefined to keep the bare file name. */
  attachmentHref(fileName: string): string | undefined;
  /** Labels every page gets from `.confluence.yml` (not repeated in the front matter). */
  configLabels?: string[];
  onUnconverted?(u: UnconvertedElement): void;
}

/**
 * The Markdown file for a page, deterministic (the same page gives the same text), in the form the forward engine
 * reads back to the same title and labels:
 * - the title as the first H1 (`# Title`), which the converter takes as the title and leaves out of the body; front
 *   matter `title:` only when an H1 cannot carry it exactly (characters Markdown would read as markup);
 * - front matter `labels:` with the page's labels (sorted, without those the config adds to every page);
 * - the body converted from storage format; links to pages through `ctx.linkToPage`, attachments through
 *   `ctx.attachmentHref`; anything the converter cannot express is reported through `ctx.onUnconverted`.
 */
export function pageToMarkdown(page: PageForMarkdown, ctx: PageMarkdownContext): string {
  const body = convertStorage(page.body, {
    pageHref: (title, spaceKey, anchor) => {
      const target: PageLinkTarget = { title, spaceKey: spaceKey && spaceKey !== ctx.spaceKey ? spaceKey : undefined, anchor };
      return ctx.linkToPage(target) ?? confluencePageUrl(ctx.siteUrl, spaceKey ?? ctx.spaceKey, title, anchor);
    },
    attachmentHref: (name) => ctx.attachmentHref(name),
    onUnconverted: ctx.onUnconverted,
  }).trim();
  const fromConfig = new Set(ctx.configLabels ?? []);
  const labels = [...new Set((page.labels ?? []).map((l) => l.trim().toLowerCase()).filter((l) => l && !fromConfig.has(l)))].sort();
  return composeMarkdown(page.title, labels, body, ctx.file);
}

/** Front matter (when needed), the title line and the body, checked against the forward title rule. */
export function composeMarkdown(title: string, labels: string[], body: string, file: string): string {
  const labelLine = labels.length ? `labels: ${JSON.stringify(labels)}\n` : '';
  const withH1 = `${labelLine ? `---\n${labelLine}---\n\n` : ''}# ${escapeHeading(title)}\n${body ? `\n${body}\n` : ''}`;
  if (titleOf(withH1, file) === title) return withH1;
  return `---\ntitle: ${JSON.stringify(title)}\n${labelLine}---\n${body ? `\n${body}\n` : ''}`;
}

function titleOf(markdown: string, file: string): string | undefined {
  try {
    return scanDocument(markdown, file).title;
  } catch {
    return undefined;
  }
}

/** A title as heading text: Markdown's punctuation escaped, so the heading reads back as the same characters. */
function escapeHeading(title: string): string {
  return title.replace(/[\\`*_[\]<>&!~#|]/g, '\\$&');
}

/** A page's URL by space and title (`/display/KEY/Title`: Cloud and Data Center both answer it). */
export function confluencePageUrl(siteUrl: string, spaceKey: string, title: string, anchor?: string): string {
  const t = encodeURIComponent(title).replace(/%20/g, '+');
  return `${siteUrl.replace(/\/+$/, '')}/display/${encodeURIComponent(spaceKey)}/${t}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}
