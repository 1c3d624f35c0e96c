/**
 * `pull --new`: pages others created in Confluence under the docs tree become files, one page at a time, each
 * written (atomically) and then recorded in the mapping as a publish would (recordMapping.ts), so the next sync
 * writes nothing for them. A page goes into the folder of its parent when that parent is a folder page of the tree
 * (or another new page of this pull, which then becomes a folder with an `index.md`); under a plain document it is
 * reported (that document would have to become a folder: move it to `name/index.md` first). Names follow the import's
 * rule (fileNames.ts). A page holding a likely secret is not written. A file already there with the very text a page
 * gives is taken as a pull killed before it recorded it (resumed); any other file of that name is left alone.
 */
import { dirname, posix } from 'node:path';
import { assignNames } from '../fileNames';
import { pageToMarkdown } from '../pageMarkdown';
import type { MappingFile } from '../../sync/mapping';
import type { NewPage } from './changes';
import type { PullContext } from './context';
import { hashesOf } from './prepare';
import type { PullItem } from './types';

function folderOfKey(key: string): string | undefined {
  if (key.endsWith('/')) return key.slice(0, -1);
  return /^(index|readme)\.md$/i.test(posix.basename(key)) ? posix.dirname(key) : undefined;
}

export async function importNewPages(ctx: PullContext, mapping: MappingFile, pages: NewPage[], apply: boolean): Promise<PullItem[]> {
  const items: PullItem[] = [];
  const folderOfPage = new Map<string, string>(); // new page id -> the folder its children go to
  const hasChildren = new Set(pages.map((n) => n.page.parentId).filter((id): id is string => id !== undefined));
  for (const n of pages) {
    const p = n.page;
    const item: PullItem = { file: n.parentFile ?? '', state: 'new-remotely', action: 'reported', pageId: p.id, title: p.title, version: p.version };
    items.push(item);
    const folder = n.parentFile !== undefined ? folderOfKey(n.parentFile) : p.parentId ? folderOfPage.get(p.parentId) : undefined;
    if (folder === undefined) {
      item.message = n.parentFile
        ? `created in Confluence under ${n.parentFile}, a document: make it a folder (${n.parentFile.replace(/\.md$/i, '/index.md')}) to pull pages under it`
        : 'created in Confluence under a new page that was not pulled';
      continue;
    }
    try {
      const placed = await placeAndWrite(ctx, mapping, n, folder, hasChildren.has(p.id), apply);
      Object.assign(item, placed);
      if (placed.action === 'imported' || !apply) folderOfPage.set(p.id, posix.dirname(placed.file));
    } catch (err) {
      item.action = 'error';
      item.message = `not imported: ${(err as Error).message}`;
    }
  }
  return items;
}

async function placeAndWrite(ctx: PullContext, mapping: MappingFile, n: NewPage, folder: string, isFolder: boolean, apply: boolean): Promise<Partial<PullItem> & { file: string }> {
  const { fs, api, signal } = ctx;
  const dirAbs = ctx.abs(folder);
  const taken = fs.exists(dirAbs) ? fs.list(dirAbs).map((e) => e.name.replace(/\.md$/i, '')) : [];
  const plain = assignNames([{ id: n.page.id, title: n.page.title }]).get(n.page.id)!;
  const fileFor = (name: string) => `${folder === '.' ? '' : `${folder}/`}${isFolder ? `${name}/index.md` : `${name}.md`}`;
  const [page, labels] = await Promise.all([api.getPage(n.page.id, { body: true, signal }), api.getLabels(n.page.id, { signal })]);
  if (!page) throw new Error('the page is gone');
  const textFor = (file: string) => pageToMarkdown({ id: page.id, title: page.title, body: page.body ?? '', labels }, ctx.markdownContext(file, undefined));
  // a file of that name with exactly this text: an earlier pull wrote it and was stopped before recording it
  let file = fileFor(plain);
  if (!(fs.exists(ctx.abs(file)) && fs.readText(ctx.abs(file)) === textFor(file))) {
    file = fileFor(assignNames([{ id: n.page.id, title: n.page.title }], taken).get(n.page.id)!);
  }
  const text = textFor(file);
  const findings = ctx.scanSecrets ? await ctx.scanSecrets(text, file) : [];
  if (findings.length) {
    return { file, action: 'error', message: `not imported: the page holds likely secrets (${[...new Set(findings.map((f) => f.rule))].join(', ')}); remove them in Confluence, or import it with \`confluence import\`` };
  }
  if (!apply) return { file, message: `created in Confluence; pull --new writes it to ${file}` };
  const abs = ctx.abs(file);
  fs.mkdirp(dirname(abs));
  await fs.writeFileAtomic(abs, text);
  const { entries, problems } = await hashesOf(ctx, fs, [{ file, page }]);
  const entry = entries.get(file);
  if (!entry) {
    fs.remove(abs);
    return { file, action: 'error', message: `not imported: ${problems[0]?.message ?? 'it would not publish back as it is'}` };
  }
  mapping.set(file, entry);
  mapping.save();
  await ctx.bases.write({ page_id: page.id, version: entry.version!, hash: entry.hash!, file, text });
  return { file, action: 'imported', message: `created in Confluence; written to ${file}` };
}
