import type { ConfluenceApi } from '../confluence/types';

/**
 * A page's current body as Markdown, for the extension's conflict diff. `toMarkdown` converts storage format
 * (src/core/storage's storageToMarkdown); without it the storage XHTML is returned as it is.
 * Throws when the page does not exist (or cannot be seen).
 */
export async function fetchRemoteMarkdown(
  api: ConfluenceApi,
  pageId: string,
  toMarkdown?: (storage: string) => string,
  opts: { signal?: AbortSignal } = {},
): Promise<string> {
  const page = await api.getPage(pageId, { body: true, signal: opts.signal });
  if (!page) throw new Error(`page ${pageId} does not exist in Confluence, or your account cannot see it`);
  const storage = page.body ?? '';
  return toMarkdown ? toMarkdown(storage) : storage;
}
