import type { MappingEntry } from '../mapping';
import type { ApplyContext } from './context';

/**
 * Adds the document's labels and removes the ones this tool added before that the document no longer has.
 * Labels people added in Confluence are never in the mapping entry, so they are left alone.
 */
export async function syncLabels(ctx: ApplyContext, key: string, pageId: string, labels: string[], entry: MappingEntry, created: boolean): Promise<MappingEntry> {
  const { api, signal } = ctx;
  const previous = Array.isArray(entry.labels) ? entry.labels.filter((l): l is string => typeof l === 'string') : [];
  const wanted = [...new Set(labels)].sort();
  // All of them, every time: git is the source of truth, so a label removed by hand in Confluence comes back. An
  // existing page's labels are read first (a read, not a write): only the missing ones are added.
  const present = wanted.length && !created ? new Set(await api.getLabels(pageId, { signal })) : new Set<string>();
  const missing = wanted.filter((l) => !present.has(l));
  if (missing.length) await api.addLabels(pageId, missing, { signal });
  for (const l of previous) if (!wanted.includes(l)) await api.removeLabel(pageId, l, { signal });
  if (wanted.join('\n') === previous.join('\n')) return entry;
  return ctx.saver.amend(key, { labels: wanted.length ? wanted : undefined });
}
