import type { AttachmentGuard } from '../files/attachmentGuard';
import type { AttachmentRef } from '../markdown/types';
import type { SecretFinding } from '../secrets/types';
import { redactPath } from './screen';

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
      found = Promise.all([scan(path, path), text === undefined ? Promise.resolve([]) : scan(text, path)]).then(([inName, inText]) => {
        if (inName.length === 0) return inText;
        // The file name becomes the attachment's title and the page's reference to it: a secret there is never
        // sent (not even with --allow-secrets), and reports name the file with that part masked.
        const shown = redactPath(path, inName);
        const named = inName.map((f) => ({ ...f, file: shown, line: 1, column: 1, endColumn: undefined, message: `${f.message} (in the attachment's file name)` }));
        for (const f of named) NAME_FINDINGS.add(f);
        return [...named, ...inText.map((f) => ({ ...f, file: shown }))];
      });
      byPath.set(path, found);
    }
    return found;
  };
  return async (refs) => {
    // Every attachment: the guard gives text for text types and for any file whose bytes are text.
    return (await Promise.all(refs.map((r) => scanOne(r.path)))).flat();
  };
}

const NAME_FINDINGS = new WeakSet<SecretFinding>();

/** True when one of `findings` is a likely secret in an attachment's file name (see attachmentSecretScanner). */
export function secretInAttachmentName(findings: readonly SecretFinding[]): boolean {
  return findings.some((f) => NAME_FINDINGS.has(f));
}
