import type { MappingEntry } from '../mapping';
import type { ApplyContext } from './context';

/**
 * Adds the document's labels and removes the ones this tool added before that the document no longer has.
 * Labels people added in Confluence are never in the mapping entry, so they are left alone.
 */
export async function syncLabels(ctx: ApplyContext, key: string, pageId: string, labels: string[], entry: MappingEntry): Promise<MappingEntry> {
  const { api, signal } = ctx;
  const previous = Array.isArray(entry.labels) ? entry.labels.filter((l): l is string => typeof l === 'string') : [];
  const wanted = [...new Set(labels)].sort();
  // All of them, every time: git is the source of truth, so a label removed by hand in Confluence comes back.
  if (wanted.length) await api.addLabels(pageId, wanted, { signal });
  for (const l of previous) if (!wanted.includes(l)) await api.removeLabel(pageId, l, { signal });
  if (wanted.join('\n') === previous.join('\n')) return entry;
  return ctx.saver.amend(key, { labels: wanted.length ? wanted : undefined });
}
