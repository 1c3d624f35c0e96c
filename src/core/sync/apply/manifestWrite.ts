import type { Logger } from '../../logging';
import { writeManifest, type ManifestEntry } from '../manifest';
import type { MappingFile } from '../mapping';
import { manifestPageId } from '../provenance';
import type { ApplyContext } from './context';

/** Page id → mapping key of every page the mapping records in this space. */
export function ownedPages(mapping: MappingFile, spaceKey: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, e] of mapping.all()) if (e.page_id && e.space === spaceKey && !e.pending) out.set(e.page_id, key);
  return out;
}

/**
 * After a run: when the set of pages we own changed (pages created or claimed, orphans removed), the manifest shards
 * holding them are written once (see manifest.ts); a run that only updated or moved pages writes nothing here. Never
 * fails the run: a manifest that could not be written is a warning (the mapping file, version messages and pending
 * entries still identify every page; the next run that changes ownership writes it).
 */
export async function recordManifest(ctx: ApplyContext, before: Map<string, string>, logger: Logger): Promise<number> {
  const { internal } = ctx;
  const rootId = manifestPageId(internal.local, internal.mapping);
  if (!rootId) return 0;
  const after = ownedPages(internal.mapping, internal.space.key);
  const changed = new Set<string>();
  const remove = new Set<string>();
  // A page the plan recognised through the manifest is already there under the same file: nothing to write for it.
  const known = await internal.provenance?.loadedManifest();
  for (const [id, key] of after) if (!before.has(id) && known?.get(id)?.source !== key) changed.add(id);
  for (const id of before.keys()) {
    if (after.has(id)) continue;
    changed.add(id);
    remove.add(id);
  }
  if (changed.size === 0) return 0;
  const set = new Map<string, ManifestEntry>();
  for (const [id, key] of after) {
    const e = internal.mapping.get(key)!;
    set.set(id, { source: key, version: e.version, hash: e.hash });
  }
  try {
    // Not cut off by a first Ctrl-C (`stop`): the pages it records exist. A second one (`signal`) ends it.
    return await writeManifest(ctx.api, rootId, { set, remove, changed }, ctx.signal);
  } catch (err) {
    logger.warn(`Could not write the page manifest on page ${rootId}: ${(err as Error).message}; the next publish that adds or removes pages writes it.`);
    return 0;
  }
}
