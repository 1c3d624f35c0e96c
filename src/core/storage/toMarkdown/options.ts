/** What a storage element that has no faithful Markdown form became (see `StorageToMarkdownOptions.onUnconverted`). */
export interface UnconvertedElement {
  /** The element: a tag name (`ac:layout`, `span`), for macros `ac:structured-macro[ac:name=children]`. */
  element: string;
  /** What happened to it, in words for a report. */
  detail: string;
  /**
   * true: kept verbatim as a `confluence-storage` block or comment, so publishing the Markdown writes it back
   * unchanged; false: dropped or simplified (a text colour, a table's column widths).
   */
  kept: boolean;
  /** What was kept verbatim: the element's XML, or for an element kept around converted content its tags ("<open>…</close>"). */
  xml?: string;
}

export interface StorageToMarkdownOptions {
  /**
   * Link target for a page link; undefined (or no function) gives "<title>.md" with "#anchor". `pageId` is set for
   * links by id (`ri:content-entity`, `ri:page ri:content-id`); such a link with no title and no target is kept verbatim.
   */
  pageHref?: (title: string, spaceKey: string | undefined, anchor: string | undefined, pageId?: string) => string | undefined;
  /** Link/image target for an attachment of the page (default: its file name). */
  attachmentHref?: (fileName: string) => string | undefined;
  /** Rewrites an external link (e.g. a Confluence URL of an imported page to its `.md` file); undefined keeps it. */
  externalHref?: (url: string) => string | undefined;
  /** Display name for a user mention (`ri:account-id` on Cloud, `ri:userkey`/`ri:username` on Data Center). */
  userName?: (accountIdOrKey: string) => string | undefined;
  /** Called for every element not converted faithfully (kept verbatim or dropped). */
  onUnconverted?: (item: UnconvertedElement) => void;
}

export interface StorageToMarkdownResult {
  markdown: string;
  /** Every element not converted faithfully, in document order. */
  unconverted: UnconvertedElement[];
  /**
   * Anchors of this page: Confluence anchor (heading id or anchor macro) -> what follows "#" in a Markdown link to it
   * (the GitHub slug of a heading, the name of an anchor macro). An importer rewrites cross-page anchors with it.
   */
  anchors: Record<string, string>;
}
