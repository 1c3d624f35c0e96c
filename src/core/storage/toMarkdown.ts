import { parseStorage } from './dom';
import { ConvertContext } from './toMarkdown/context';
import type { StorageToMarkdownOptions, StorageToMarkdownResult } from './toMarkdown/options';
import { Rewriter } from './toMarkdown/rewriter';
import { createTurndown } from './toMarkdown/turndown';

export type { StorageToMarkdownOptions, StorageToMarkdownResult, UnconvertedElement } from './toMarkdown/options';

// Storage -> Markdown runs in two steps: the storage DOM is rewritten into plain HTML where macros are marked with
// data-cf-* attributes (toMarkdown/rewriter.ts, macros.ts, links.ts), then turndown with our rules
// (toMarkdown/turndown.ts, tables.ts) writes Markdown in the forms the forward converter reads back, so
// Markdown -> storage -> Markdown -> storage is stable. What Markdown cannot express is kept verbatim
// (`confluence-storage` blocks and comments, read by src/core/markdown/rawStorage.ts) or dropped, and reported.

/** Converts Confluence storage format to Markdown, with the report of what was not converted faithfully. */
export function convertStorageToMarkdown(storage: string, options: StorageToMarkdownOptions = {}): StorageToMarkdownResult {
  const nodes = parseStorage(storage, true);
  const ctx = new ConvertContext(storage, options, nodes);
  const html = new Rewriter(ctx).nodes(nodes);
  const body = createTurndown(ctx).turndown(html).replace(/\uE000/g, '').trim();
  return { markdown: body + '\n', unconverted: ctx.unconverted, anchors: { ...ctx.anchors } };
}

/** Converts Confluence storage format to Markdown (for reading and importing pages). */
export function storageToMarkdown(storage: string, options: StorageToMarkdownOptions = {}): string {
  return convertStorageToMarkdown(storage, options).markdown;
}

/**
 * The anchors of a page (Confluence anchor -> what follows "#" in a Markdown link to it), without converting it: an
 * importer rewrites links to headings of other pages with it.
 */
export function markdownAnchors(storage: string): Record<string, string> {
  return { ...new ConvertContext(storage, {}, parseStorage(storage, true)).anchors };
}
