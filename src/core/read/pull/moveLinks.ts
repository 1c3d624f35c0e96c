/**
 * A file moved to follow its page (pull --apply-deletes) keeps every relative link working: links in the moved file
 * are rewritten to start from its new folder, and links in the other documents that pointed at its old path point at
 * the new one. Links resolve to the same pages and attachments as before, so the published storage (links by page
 * title) does not change, and the next sync writes nothing for them.
 */
import { join, posix } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';

/** `](target` of inline links and images, `[x]: target` definitions, `src="target"` of raw HTML images. */
const LINK = /(\]\(\s*<?)([^)\s>]+)|(^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)(\S+?)(?=>?(?:[ \t]|$))|(\bsrc=["'])([^"']+)/gm;

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('/') && !target.startsWith('//');
}

/** Rewrites every relative link target of `text` with `map(pathPart)` (undefined keeps it). */
function rewrite(text: string, map: (path: string) => string | undefined): string {
  return text.replace(LINK, (whole: string, a?: string, b?: string, c?: string, d?: string, e?: string, f?: string) => {
    const prefix = a ?? c ?? e ?? '';
    const target = b ?? d ?? f ?? '';
    if (!isRelative(target)) return whole;
    const hash = target.indexOf('#');
    const path = hash < 0 ? target : target.slice(0, hash);
    const rest = hash < 0 ? '' : target.slice(hash);
    if (!path) return whole;
    const next = map(path);
    return next === undefined ? whole : `${prefix}${next}${rest}`;
  });
}

function decode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path; // a stray `%`: the path as written
  }
}

function relativeFrom(dir: string, to: string): string {
  const rel = posix.relative(dir, to);
  return rel || posix.basename(to);
}

/**
 * After `from` was renamed to `to` (workspace-relative POSIX paths): fixes the links of `to` itself and of every
 * document in `documents` that linked to `from`. Returns the files it rewrote.
 */
export async function fixLinksAfterMove(fs: FileSystem, root: string, from: string, to: string, documents: string[]): Promise<string[]> {
  const changed: string[] = [];
  const save = async (file: string, before: string, after: string) => {
    if (after === before) return;
    await fs.writeFileAtomic(join(root, file), after);
    changed.push(file);
  };
  const oldDir = posix.dirname(from);
  const newDir = posix.dirname(to);
  const own = fs.readText(join(root, to));
  await save(to, own, rewrite(own, (p) => {
    const target = posix.normalize(posix.join(oldDir, decode(p)));
    return target === from ? posix.basename(to) : encodeURI(relativeFrom(newDir, target));
  }));
  for (const doc of documents) {
    if (doc === to || doc === from || !fs.exists(join(root, doc))) continue;
    const text = fs.readText(join(root, doc));
    const dir = posix.dirname(doc);
    await save(doc, text, rewrite(text, (p) => (posix.normalize(posix.join(dir, decode(p))) === from ? encodeURI(relativeFrom(dir, to)) : undefined)));
  }
  return changed;
}
