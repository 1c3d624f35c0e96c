/**
 * The pull of the pages edited in Confluence, in memory: each page's three texts (base.ts), their merge (merge.ts),
 * and the mapping entry the pulled version gets (recordMapping.ts, on the page's text, so the next sync writes
 * nothing for a remote-only edit and exactly one update where local edits were merged in). Nothing is written here.
 */
import { join } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';
import type { MappingEntry } from '../../sync/mapping';
import { mappingEntriesFor, type RecordInput } from '../recordMapping';
import { mergeTexts, PullReadError } from './base';
import type { RemoteChange } from './changes';
import type { PullContext } from './context';
import { mergeDocument } from './merge';
import type { PullItem } from './types';

/** A file pull will write, and the entry it records once the file is on disk. */
export interface PreparedWrite {
  item: PullItem;
  file: string;
  /** The file's new text (with markers when `item.action` is a conflict). */
  text: string;
  /** The page's text (in the author's formatting where the base allowed it): the next pull's base. */
  theirs: string;
  entry: MappingEntry;
}

export async function prepareChanged(ctx: PullContext, changes: RemoteChange[]): Promise<{ writes: PreparedWrite[]; failed: PullItem[] }> {
  const failed: PullItem[] = [];
  const present = changes.filter((c) => {
    if (ctx.fs.exists(join(ctx.root, c.file))) return true;
    failed.push({ ...itemOf(c), action: 'error', message: `edited in Confluence, but ${c.file} is not in the working tree: restore it (git checkout) and pull again` });
    return false;
  });
  if (present.length === 0) return { writes: [], failed };
  const ours = new Map(present.map((c) => [c.file, ctx.fs.readText(join(ctx.root, c.file))]));
  const oursHashes = await hashesOf(ctx, ctx.fs, present.map((c) => recordInput(c.file, c.entry)));

  const merged = await Promise.all(
    present.map(async (c) => {
      try {
        const texts = await mergeTexts({
          api: ctx.api, bases: ctx.bases, file: c.file, entry: c.entry, ours: ours.get(c.file)!, oursHash: oursHashes.entries.get(c.file)?.hash,
          context: ctx.markdownContext(c.file, ours.get(c.file)), signal: ctx.signal,
        });
        return { c, texts, result: mergeDocument(texts.base, ours.get(c.file)!, texts.theirs, texts.page.version) };
      } catch (err) {
        if (!(err instanceof PullReadError)) throw err;
        failed.push({ ...itemOf(c), action: 'error', message: `${c.file}: ${err.message}` });
        return undefined;
      }
    }),
  );
  const ready = merged.filter((m): m is NonNullable<typeof m> => m !== undefined);
  // The entries the pulled versions get, computed on the page's texts (an overlay: nothing is on disk yet).
  const theirsFs = overlay(ctx.fs, new Map(ready.map((m) => [join(ctx.root, m.c.file), m.texts.theirs])));
  const recorded = await hashesOf(ctx, theirsFs, ready.map((m) => ({ file: m.c.file, page: m.texts.page })));
  const writes: PreparedWrite[] = [];
  for (const { c, texts, result } of ready) {
    // The parent stays the one we recorded: a move in Confluence is pulled only by --apply-deletes (else sync sees it).
    const entry = recorded.entries.get(c.file);
    const item: PullItem = { ...itemOf(c), version: texts.page.version, title: texts.page.title, baseSource: texts.baseSource, action: 'merged' };
    if (!entry) {
      const problem = recorded.problems.find((p) => p.file === c.file)?.message ?? 'cannot be recorded';
      failed.push({ ...item, action: 'error', message: `not pulled: the page's text would not publish back as it is: ${problem}` });
      continue;
    }
    const mine = ours.get(c.file)!;
    if (result.conflicts.length) {
      item.action = 'conflict';
      item.conflicts = result.conflicts;
      item.message = `${result.conflicts.length} conflict${result.conflicts.length > 1 ? 's' : ''} at line${result.conflicts.length > 1 ? 's' : ''} ${result.conflicts.map((k) => k.line).join(', ')} of ${c.file}: resolve them, then sync`;
    } else if (sameLines(mine, texts.base) || result.text === texts.theirs) {
      item.action = 'updated';
    } else {
      item.message = 'local edits kept; the next sync publishes them';
    }
    writes.push({ item, file: c.file, text: result.text, theirs: texts.theirs, entry: { ...c.entry, ...entry, parent_id: c.entry.parent_id, pending: undefined } as MappingEntry });
  }
  return { writes, failed };
}

export function itemOf(c: RemoteChange): PullItem {
  return { file: c.file, state: c.state, action: 'unchanged', pageId: c.pageId, title: c.page?.title ?? c.entry.title, version: c.page?.version, localVersion: c.entry.version, message: c.note };
}

function recordInput(file: string, entry: MappingEntry): RecordInput {
  return { file, page: { id: entry.page_id!, title: entry.title, version: entry.version!, parentId: entry.parent_id } };
}

/** Content hashes (and entries) of files as a publish computes them, reading texts through `fs`. */
export function hashesOf(ctx: PullContext, fs: FileSystem, inputs: RecordInput[]): ReturnType<typeof mappingEntriesFor> {
  if (inputs.length === 0) return Promise.resolve({ entries: new Map(), problems: [] });
  return mappingEntriesFor({ root: ctx.root, config: ctx.config, fs, spaceKey: ctx.spaceKey, flavor: ctx.api.capabilities.flavor, screen: ctx.scanSecrets }, inputs);
}

function sameLines(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

/** `base` with some files' texts replaced (reads only; writes go to `base`). */
export function overlay(base: FileSystem, texts: Map<string, string>): FileSystem {
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (prop === 'readText') return (p: string) => (texts.has(p) ? texts.get(p)! : target.readText(p));
      if (prop === 'readFile') return (p: string) => (texts.has(p) ? Buffer.from(texts.get(p)!, 'utf8') : target.readFile(p));
      if (prop === 'exists') return (p: string) => texts.has(p) || target.exists(p);
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
