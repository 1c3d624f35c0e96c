/**
 * The three texts of a page's merge: base (the version we last published or pulled), theirs (the page now) and
 * ours (the working file), and which base was used.
 *
 * The base comes, in order, from:
 * 1. the merge-base cache (`.confluence/base/<page id>.json`, baseStore.ts): the exact text we published or pulled
 *    as that version — the author's own formatting;
 * 2. the working file itself, when its content hash is still the one the mapping recorded (unchanged since then);
 * 3. the page history: that version's storage body converted to Markdown (the converter's formatting; merges more
 *    often conflict on lines the author formatted otherwise).
 * For 1 and 2 the remote edits are carried onto the exact text (`theirsInOurFormatting`), so untouched lines keep
 * the author's formatting and a remote-only edit changes only the lines edited in Confluence.
 */
import type { ConfluenceApi, Page } from '../../confluence/types';
import type { MappingEntry } from '../../sync/mapping';
import { stripCommentMarkers } from '../../comments/reanchor';
import { pageToMarkdown, type PageMarkdownContext } from '../pageMarkdown';
import type { BaseStore } from './baseStore';
import { theirsInOurFormatting } from './merge';

export type BaseSource = 'cache' | 'file' | 'history';

export interface MergeTexts {
  base: string;
  theirs: string;
  baseSource: BaseSource;
  /** The page now (version, title, parent). */
  page: Page;
}

export interface MergeTextInput {
  api: ConfluenceApi;
  bases: BaseStore;
  file: string;
  entry: MappingEntry;
  /** The working file's text. */
  ours: string;
  /** The working file's content hash as a publish would compute it (undefined when it cannot be published as it is). */
  oursHash: string | undefined;
  /** pageToMarkdown's context for this file (links, attachments, config labels). */
  context: PageMarkdownContext;
  signal?: AbortSignal;
}

export class PullReadError extends Error {}

/** Reads the page now (+ labels) and the base version, and converts both (3 requests per changed page). */
export async function mergeTexts(input: MergeTextInput): Promise<MergeTexts> {
  const { api, entry, signal } = input;
  const id = entry.page_id!;
  const [page, labels, then] = await Promise.all([
    api.getPage(id, { body: true, signal }),
    api.getLabels(id, { signal }),
    api.getPageAtVersion(id, entry.version!, { signal }),
  ]);
  if (!page) throw new PullReadError(`page ${id} is gone from Confluence (deleted since the check)`);
  // Inline-comment markers are Confluence's, not the document's: a publish re-anchors them, so a page that only gained
  // comments merges to no change, and the markers never land in the file.
  const theirsConverted = pageToMarkdown({ id, title: page.title, body: stripCommentMarkers(page.body ?? ''), labels }, input.context);
  const exact = input.bases.read(id, entry.version, entry.hash)?.text;
  const exactSource: BaseSource | undefined = exact !== undefined ? 'cache' : input.oursHash !== undefined && input.oursHash === entry.hash ? 'file' : undefined;
  const exactText = exact ?? (exactSource === 'file' ? input.ours : undefined);
  if (!then) {
    // The history no longer holds that version (purged): only an exact base can still merge.
    if (exactText === undefined) throw new PullReadError(`version ${entry.version} of page ${id} is not in its history any more, and no local copy of it is kept; merge by hand (compare with \`confluence read ${id}\`) or publish with --force`);
    return { base: exactText, theirs: theirsConverted, baseSource: exactSource!, page };
  }
  const baseConverted = pageToMarkdown({ id, title: then.title, body: stripCommentMarkers(then.body ?? ''), labels: entry.labels ?? labels }, input.context);
  if (exactText === undefined) return { base: baseConverted, theirs: theirsConverted, baseSource: 'history', page };
  return { base: exactText, theirs: theirsInOurFormatting(exactText, baseConverted, theirsConverted), baseSource: exactSource!, page };
}
