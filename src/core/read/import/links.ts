import type { ChildNode } from 'domhandler';
import { isTag } from 'domhandler';
import { githubSlug, headingAnchor } from '../../markdown/anchors';
import { headingText, parseStorage } from '../../storage/dom';
import type { PageLinkTarget } from '../pageMarkdown';
import { relativeHref } from './layout';

/** Resolves links between imported pages to relative `.md` hrefs with the `#heading` slugs the forward converter reads. */
export class ImportLinks {
  private readonly byTitle = new Map<string, { id: string; file: string; storage: string }>();
  private readonly slugs = new Map<string, Map<string, string>>();

  constructor(private readonly spaceKey: string) {}

  add(id: string, title: string, file: string, storage: string): void {
    this.byTitle.set(titleKey(title), { id, file, storage });
  }

  /** The href from `fromFile` to the page the link names, or undefined when that page is not imported. */
  resolve(fromFile: string, target: PageLinkTarget): string | undefined {
    if (target.spaceKey && target.spaceKey !== this.spaceKey) return undefined;
    const page = this.byTitle.get(titleKey(target.title));
    if (!page) return undefined;
    const href = page.file === fromFile ? '' : relativeHref(fromFile, page.file);
    if (!target.anchor) return href || '#';
    return `${href}#${this.slugFor(page.id, page.storage, target.anchor)}`;
  }

  /**
   * What to write after `#` for a Confluence anchor: the GitHub-style slug of the heading it names (what authors
   * write, and what the forward converter maps back to the same anchor, `-1`, `-2` for repeated headings), or the
   * anchor as it is (an anchor macro's name; the forward converter accepts it too).
   */
  private slugFor(id: string, storage: string, anchor: string): string {
    let map = this.slugs.get(id);
    if (!map) {
      map = headingSlugs(storage);
      this.slugs.set(id, map);
    }
    return map.get(anchor) || map.get(anchor.replace(/\s+/g, '')) || encodeURIComponent(anchor);
  }
}

/** Confluence anchor (and heading text, which Data Center links may use) -> GitHub slug, for every heading. */
export function headingSlugs(storage: string): Map<string, string> {
  const map = new Map<string, string>();
  const counts = new Map<string, number>();
  const visit = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (/^h[1-6]$/.test(n.name)) {
        const text = headingText(n);
        if (!text) continue;
        const base = githubSlug(text);
        const k = counts.get(base) ?? 0;
        counts.set(base, k + 1);
        const slug = k === 0 ? base : `${base}-${k}`;
        for (const key of [headingAnchor(text), text, text.replace(/\s+/g, '')]) if (!map.has(key)) map.set(key, slug);
        continue;
      }
      visit(n.children);
    }
  };
  visit(parseStorage(storage));
  return map;
}

function titleKey(title: string): string {
  return title.trim().toLowerCase();
}
