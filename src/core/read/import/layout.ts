import { assignNames } from '../fileNames';
import type { FetchedPage } from './types';

/** Where each page's file and attachments go (workspace-relative POSIX paths). */
export interface PageLayout {
  file: string;
  /** Folder for the page's attachments. */
  assets: string;
}

/**
 * Files mirroring the tree: the root page is `<docs>/index.md`; a page with children is a folder with `index.md`,
 * a leaf is `<name>.md`; names from `fileNames.ts` (unique among siblings ignoring case); attachments in
 * `<file without .md>.assets/`.
 */
export function layoutPages(docsRoot: string, rootId: string, pages: Map<string, FetchedPage>): Map<string, PageLayout> {
  const out = new Map<string, PageLayout>();
  const base = docsRoot === '.' ? '' : `${docsRoot}/`;
  const place = (id: string, file: string, dir: string) => {
    out.set(id, { file, assets: `${file.slice(0, -'.md'.length)}.assets` });
    const children = pages.get(id)!.children.map((c) => pages.get(c)!);
    const names = assignNames(children.map((c) => ({ id: c.page.id, title: c.page.title })));
    for (const child of children) {
      const name = names.get(child.page.id)!;
      if (child.children.length) place(child.page.id, `${dir}${name}/index.md`, `${dir}${name}/`);
      else place(child.page.id, `${dir}${name}.md`, dir);
    }
  };
  place(rootId, `${base}index.md`, base);
  return out;
}

/** The href from one workspace file to another (POSIX, relative; only characters a link cannot hold are percent-encoded). */
export function relativeHref(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].map(encodeSegment).join('/');
}

/** Percent-encodes only what a Markdown link destination cannot hold as it is; other characters stay readable. */
function encodeSegment(s: string): string {
  return s.replace(/[\s()<>#?%[\]\\^`{|}"]|[\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
