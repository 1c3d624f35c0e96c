import { storageToMarkdown, type StorageToMarkdownOptions } from '../storage/toMarkdown';

/**
 * The one place the read side calls the storage -> Markdown converter (`storage/toMarkdown.ts`), so a change of its
 * interface (the unconverted-element report, the lossless fallback block) is adapted here and nowhere else.
 */

/** An element of a page the converter could not express in Markdown (kept as a fallback block, or reported as lost). */
export interface UnconvertedElement {
  /** What it is, e.g. `ac:structured-macro name=jira` or `ri:user`. */
  element: string;
  /** More about it, when the converter says. */
  detail?: string;
}

export interface StorageConversion {
  /** Href of a link to a page (title as in storage); undefined keeps the converter's default. */
  pageHref: (title: string, spaceKey: string | undefined, anchor: string | undefined) => string | undefined;
  attachmentHref: (fileName: string) => string | undefined;
  onUnconverted?: (u: UnconvertedElement) => void;
}

export function convertStorage(storage: string, conv: StorageConversion): string {
  // `onUnconverted` goes through as it is: converters that do not report yet ignore it.
  const options: StorageToMarkdownOptions & { onUnconverted?: (u: unknown) => void } = {
    pageHref: conv.pageHref,
    attachmentHref: conv.attachmentHref,
    onUnconverted: conv.onUnconverted ? (u) => conv.onUnconverted!(normaliseUnconverted(u)) : undefined,
  };
  return storageToMarkdown(storage, options);
}

function normaliseUnconverted(u: unknown): UnconvertedElement {
  if (typeof u === 'string') return { element: u };
  const o = (u ?? {}) as Record<string, unknown>;
  const element = typeof o.element === 'string' ? o.element : typeof o.name === 'string' ? o.name : typeof o.kind === 'string' ? o.kind : 'element';
  const detail = typeof o.detail === 'string' ? o.detail : typeof o.reason === 'string' ? o.reason : typeof o.message === 'string' ? o.message : undefined;
  return detail ? { element, detail } : { element };
}
