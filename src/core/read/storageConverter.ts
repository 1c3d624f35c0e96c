import { storageToMarkdown, type StorageToMarkdownOptions, type UnconvertedElement } from '../storage/toMarkdown';

/**
 * The one place the read side calls the storage -> Markdown converter (`storage/toMarkdown.ts`), so a change of its
 * interface is adapted here and nowhere else. The converter keeps what Markdown cannot express verbatim
 * (`confluence-storage` blocks and comments, written back unchanged by a publish) and reports every such element,
 * and every one it had to drop or simplify, through `onUnconverted`.
 */
export type { UnconvertedElement };

export interface StorageConversion {
  /** Href of a link to a page (title as in storage; `pageId` for links by id); undefined keeps the converter's default. */
  pageHref: (title: string, spaceKey: string | undefined, anchor: string | undefined, pageId?: string) => string | undefined;
  attachmentHref: (fileName: string) => string | undefined;
  onUnconverted?: (u: UnconvertedElement) => void;
}

export function convertStorage(storage: string, conv: StorageConversion): string {
  const options: StorageToMarkdownOptions = {
    pageHref: conv.pageHref,
    attachmentHref: conv.attachmentHref,
    onUnconverted: conv.onUnconverted,
  };
  return storageToMarkdown(storage, options);
}
