import { convertMarkdown } from '../markdown';
import { AttachmentGuard } from './attachmentGuard';
import type { FileSystem } from './fileSystem';
import { nodeFileSystem } from './nodeFileSystem';

export interface AttachedTextFiles {
  /** Workspace-relative path of each text attachment -> its text (the bytes the publish would upload). */
  texts: Map<string, string>;
  /** Attachment path -> the documents that attach it. */
  by: Map<string, string[]>;
}

/**
 * The text files that documents would attach when published, through the same converter and attachment policy as
 * the publish (refused links are reported in `warnings`, as the publish reports them). For `confluence scan`:
 * attachments are content too. `docs` paths are relative to `root`; documents outside it attach nothing here.
 */
export function attachedTextFiles(
  root: string,
  docs: Array<{ file: string; text: string }>,
  warnings: string[],
  fs: FileSystem = nodeFileSystem,
): AttachedTextFiles {
  const guard = new AttachmentGuard({ root, fs });
  const texts = new Map<string, string>();
  const by = new Map<string, string[]>();
  for (const doc of docs) {
    if (doc.file.startsWith('../') || doc.file.startsWith('/')) continue;
    let result;
    try {
      result = convertMarkdown(doc.text, { path: doc.file, readFile: guard.read, checkAttachment: guard.refusal });
    } catch {
      continue; // broken front matter: the document's own text is still scanned
    }
    for (const w of result.warnings) if (w.code === 'attachment-refused') warnings.push(`${w.file}:${w.line}: ${w.message}`);
    for (const ref of result.attachments) {
      const text = guard.text(ref.path);
      if (text === undefined) continue;
      texts.set(ref.path, text);
      by.set(ref.path, [...(by.get(ref.path) ?? []), doc.file]);
    }
  }
  return { texts, by };
}
