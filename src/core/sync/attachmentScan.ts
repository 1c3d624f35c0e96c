import type { AttachmentGuard } from '../files/attachmentGuard';
import type { AttachmentRef } from '../markdown/types';
import type { SecretFinding } from '../secrets/types';

/**
 * Attachments are content too: every text attachment (text and data files, SVG, text diagram formats, and any file
 * whose bytes are text whatever its extension) is scanned like a document before it may be uploaded, and its
 * findings block the documents that attach it. Each file is scanned once per plan, however many documents attach it; findings name the attachment's own path and line.
 */
export function attachmentSecretScanner(
  guard: AttachmentGuard,
  scan: (text: string, file: string) => Promise<SecretFinding[]>,
): (refs: readonly AttachmentRef[]) => Promise<SecretFinding[]> {
  const byPath = new Map<string, Promise<SecretFinding[]>>();
  const scanOne = (path: string): Promise<SecretFinding[]> => {
    let found = byPath.get(path);
    if (!found) {
      const text = guard.text(path);
      found = text === undefined ? Promise.resolve([]) : scan(text, path);
      byPath.set(path, found);
    }
    return found;
  };
  return async (refs) => {
    // Every attachment: the guard gives text for text types and for any file whose bytes are text.
    return (await Promise.all(refs.map((r) => scanOne(r.path)))).flat();
  };
}
