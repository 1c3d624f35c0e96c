import type { ConfluenceApi } from '../confluence/types';
import { storageToMarkdown } from '../storage';

/**
 * A page's current body as Markdown, for the extension's conflict diff (storage format converted with
 * storageToMarkdown unless another converter is given). Throws when the page does not exist or cannot be seen.
 */
export async function fetchRemoteMarkdown(
  api: ConfluenceApi,
  pageId: string,
  toMarkdown: (storage: string) => string = storageToMarkdown,
  opts: { signal?: AbortSignal } = {},
): Promise<string> {
  const page = await api.getPage(pageId, { body: true, signal: opts.signal });
  if (!page) throw new Error(`page ${pageId} does not exist in Confluence, or your account cannot see it`);
  return toMarkdown(page.body ?? '');
}
