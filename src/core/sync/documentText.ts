/**
 * Reading a document as text, and the size Confluence accepts: one bad file fails (or is skipped) alone, before it is
 * converted or sent, instead of becoming a page of replacement characters or a 413 in the middle of a publish.
 */

/**
 * Confluence's largest page body: 5 MB (5,242,880 bytes) of storage format. Cloud's createPage answers 413 above
 * it, and the v1 API states "at most 5242880 bytes" (see the Confluence API contract note, error table "Body > 5 MB").
 */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a `.md` file, or why it is not a text document (NUL bytes: binary; bytes that are not UTF-8). */
export function decodeDocument(data: Uint8Array): { text: string } | { problem: string } {
  if (data.includes(0)) return { problem: 'it contains NUL bytes (a binary file, not Markdown)' };
  try {
    return { text: utf8.decode(data) };
  } catch {
    return { problem: 'it is not valid UTF-8 text (save it as UTF-8)' };
  }
}

/** An error message when a body of `bytes` is over the limit; `what` says whether the source or the converted page. */
export function bodyTooLarge(file: string, bytes: number, what: 'source' | 'storage'): string | undefined {
  if (bytes <= MAX_BODY_BYTES) return undefined;
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `${file}: ${what === 'source' ? 'the document is' : 'the converted page is'} ${mb(bytes)} MB, over Confluence's page body limit of 5 MB (${MAX_BODY_BYTES} bytes); split it into several documents or move large content into attachments`;
}
