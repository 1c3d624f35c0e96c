import { pullFromConfluence } from './index';
import type { PullItem, PullOptions, PullReport } from './types';

export interface MergeConflictResult {
  /** The page's edit is merged into the file without conflict markers: publishing it now loses nothing. */
  clean: boolean;
  /** What pull did with the file (undefined: the page was not edited in Confluence after all). */
  item: PullItem | undefined;
  report: PullReport;
}

/**
 * The conflict choice "Merge" (a page edited both in Confluence and locally): pulls that one page into its file
 * with the three-way merge. Clean: the caller publishes the file (the mapping now records the page's version, so
 * the publish is an ordinary update, not a conflict). Not clean: the file holds conflict markers, which sync
 * refuses to publish until they are resolved. Front ends call this from their conflict prompt.
 */
export async function mergeConflict(opts: Omit<PullOptions, 'paths' | 'applyDeletes' | 'importNew' | 'dryRun'>, file: string): Promise<MergeConflictResult> {
  const report = await pullFromConfluence({ ...opts, paths: [file] });
  const item = report.items.find((i) => i.file === file && i.state === 'changed-remotely');
  const clean = item === undefined || item.action === 'updated' || item.action === 'merged';
  return { clean, item, report };
}
