/**
 * Pull's writes, one file at a time, in an order a kill cannot tear: the file (atomically: temp file + rename), then
 * its merge base, then its mapping entry (the mapping file saved atomically after each file). A run killed between
 * the two leaves the file pulled and the entry at the old version: the next pull merges the same page text into a
 * file that already holds it (identical edits on both sides are no conflict) and records it. The state is never
 * ahead of the file.
 */
import { dirname, posix } from 'node:path';
import type { MappingFile } from '../../sync/mapping';
import type { RemoteChange } from './changes';
import type { PullContext } from './context';
import type { PreparedWrite } from './prepare';
import { fixLinksAfterMove } from './moveLinks';
import { itemOf } from './prepare';
import type { PullItem } from './types';

/** Writes prepared files and records them; `stopped()` is asked before each file. */
export async function writePulled(ctx: PullContext, mapping: MappingFile, writes: PreparedWrite[], stopped: () => boolean): Promise<void> {
  for (const w of writes) {
    if (stopped()) {
      w.item.message = 'not written: the pull was interrupted (run it again)';
      w.item.action = 'error';
      continue;
    }
    try {
      const abs = ctx.abs(w.file);
      if (ctx.fs.readText(abs) !== w.text) await ctx.fs.writeFileAtomic(abs, w.text);
      await ctx.bases.write({ page_id: w.entry.page_id!, version: w.entry.version!, hash: w.entry.hash!, file: w.file, text: w.theirs });
      mapping.set(w.file, w.entry);
      mapping.save();
    } catch (err) {
      w.item.action = 'error';
      w.item.message = `${w.file}: not pulled: ${(err as Error).message}`;
    }
  }
}

/**
 * Deleted pages: the file is removed (with its entry and merge base) only when it has not changed since we last
 * published or pulled it; a file with local edits is kept and reported.
 */
export function removeDeleted(ctx: PullContext, mapping: MappingFile, c: RemoteChange, unchangedLocally: boolean, apply: boolean): PullItem {
  const item: PullItem = { ...itemOf(c), action: 'reported' };
  const how = c.note ?? 'deleted in Confluence';
  if (c.file.endsWith('/')) {
    item.message = `${how}; a generated folder page: its entry is left for the next sync (which recreates it with --recreate)`;
    return item;
  }
  if (!apply) {
    item.message = `${how}; the file is kept (pull --apply-deletes removes it, sync --recreate publishes it again)`;
    return item;
  }
  if (!unchangedLocally) {
    item.message = `${how}; ${c.file} was kept: it changed since the last publish (delete it yourself, or publish it again with sync --recreate)`;
    return item;
  }
  ctx.fs.remove(ctx.abs(c.file));
  mapping.delete(c.file);
  mapping.save();
  ctx.bases.remove(c.pageId);
  item.action = 'removed';
  item.message = `${how}; ${c.file} removed`;
  return item;
}

/** A folder a page's children live in, for a mapping key: `a/b/` and `a/b/index.md` (or README.md) give `a/b`. */
function folderOfKey(key: string): string | undefined {
  if (key.endsWith('/')) return key.slice(0, -1);
  return /^(index|readme)\.md$/i.test(posix.basename(key)) ? posix.dirname(key) : undefined;
}

/**
 * Moved pages: the file moves into the folder of its new parent when that parent is a folder page of the tree;
 * anything else (a parent that is a plain document, outside the tree, a folder page moving) is reported.
 */
export async function moveMoved(ctx: PullContext, mapping: MappingFile, c: RemoteChange, parentKey: string | undefined, apply: boolean): Promise<PullItem> {
  const item: PullItem = { ...itemOf(c), state: 'moved-remotely', action: 'reported' };
  const folder = parentKey === undefined ? undefined : folderOfKey(parentKey);
  const target = folder === undefined ? undefined : `${folder === '.' ? '' : `${folder}/`}${posix.basename(c.file)}`;
  const where = parentKey ? `under the page of ${parentKey}` : `under page ${c.page?.parentId ?? '?'} (not in the docs tree)`;
  if (!target || folderOfKey(c.file) !== undefined) {
    item.message = `moved in Confluence ${where}; move the file to match by hand (or sync --force moves the page back)`;
    return item;
  }
  if (!apply) {
    item.message = `moved in Confluence ${where}; pull --apply-deletes moves the file to ${target} (sync --force moves the page back)`;
    return item;
  }
  if (ctx.fs.exists(ctx.abs(target)) || mapping.has(target)) {
    item.message = `moved in Confluence ${where}, but ${target} exists: move the file by hand`;
    return item;
  }
  ctx.fs.mkdirp(dirname(ctx.abs(target)));
  ctx.fs.rename(ctx.abs(c.file), ctx.abs(target));
  const entry = mapping.get(c.file)!;
  mapping.delete(c.file);
  mapping.set(target, { ...entry, parent_id: c.page?.parentId });
  mapping.save();
  const documents = mapping.keys().filter((k) => /\.md$/i.test(k));
  const fixed = await fixLinksAfterMove(ctx.fs, ctx.root, c.file, target, documents);
  item.action = 'moved';
  item.file = target;
  item.message = `moved from ${c.file}${fixed.length ? `; relative links fixed in ${fixed.join(', ')}` : ''}`;
  return item;
}
