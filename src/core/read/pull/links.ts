/**
 * How a pulled page's links and images become Markdown again, as the working tree writes them: a link to another
 * mapped page becomes the relative path of its file (with the heading's own `#anchor` where the target file has a
 * heading that publishes to that Confluence anchor), an attachment becomes the relative path the working file
 * already uses for it. Anything else stays as pageToMarkdown leaves it (a Confluence URL, the bare file name).
 */
import { join, posix } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';
import { scanDocument } from '../../markdown/title';
import type { MappingEntry } from '../../sync/mapping';
import type { PageLinkTarget } from '../pageMarkdown';

export interface LinkResolver {
  linkToPage(from: string, target: PageLinkTarget): string | undefined;
  attachmentHref(from: string, ours: string | undefined, fileName: string): string | undefined;
}

export function pullLinkResolver(fs: FileSystem, root: string, entries: Array<[string, MappingEntry]>, spaceKey: string): LinkResolver {
  const byTitle = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const [key, e] of entries) {
    if (key.endsWith('/') || e.space !== spaceKey) continue; // generated folder pages have no file to link to
    byTitle.set(e.title.trim().toLowerCase(), key);
    if (e.page_id) byId.set(e.page_id, key);
  }
  const anchorsOf = new Map<string, Map<string, string>>();
  const reverseAnchors = (file: string): Map<string, string> => {
    let m = anchorsOf.get(file);
    if (!m) {
      m = new Map();
      try {
        const outline = scanDocument(fs.readText(join(root, file)), file);
        for (const [md, conf] of Object.entries(outline.anchors ?? {})) if (!m.has(conf)) m.set(conf, md);
      } catch {
        /* unreadable target: links keep the Confluence anchor */
      }
      anchorsOf.set(file, m);
    }
    return m;
  };
  return {
    linkToPage(from, target) {
      if (target.spaceKey && target.spaceKey !== spaceKey) return undefined;
      const to = (target.pageId && byId.get(target.pageId)) || byTitle.get(target.title.trim().toLowerCase());
      if (!to) return undefined;
      const href = to === from ? '' : relativePath(from, to);
      if (!target.anchor) return href || posix.basename(to);
      return `${href}#${reverseAnchors(to).get(target.anchor) ?? target.anchor}`;
    },
    attachmentHref(from, ours, fileName) {
      if (!ours) return undefined;
      // the path the working file already gives that file: `](path)`, `](<path>)` or `src="path"` ending in the name
      for (const m of ours.matchAll(/\]\(<?([^)\s>]+)>?|src=["']([^"']+)["']/g)) {
        let ref = m[1] ?? m[2];
        try {
          ref = decodeURI(ref);
        } catch {
          /* a stray `%`: compare as written */
        }
        if (!/^[a-z][a-z0-9+.-]*:/i.test(ref) && posix.basename(ref.split('#')[0]) === fileName) return m[1] ?? m[2];
      }
      return undefined;
    },
  };
}

/** The relative path from the file `from` to the file `to` (both workspace-relative POSIX paths). */
export function relativePath(from: string, to: string): string {
  return posix.relative(posix.dirname(from), to) || posix.basename(to);
}
