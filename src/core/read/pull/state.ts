/**
 * What this clone knows of Confluence between pulls, in `.confluence/pull-state.json` (ignored, never committed):
 * per space, when the last pull checked (the next search starts there) and the unclaimed pages under the docs tree
 * it found (checked again until they are imported or gone).
 *
 * Not in the mapping file: a check time changes on every pull, for every clone, and would make the committed mapping
 * churn and conflict in git between teammates for no content change; the mapping's version numbers are the exact,
 * shared state, the time is only this clone's search window. A clone without the file (fresh checkout) searches the
 * whole space once.
 */
import { join } from 'node:path';
import type { FileSystem } from '../../files/fileSystem';
import { ensureStateFolder, STATE_FOLDER } from './baseStore';

export interface SpacePullState {
  /** ISO time the last pull of this space started (its search window's start). */
  checkedAt?: string;
  /** Page ids of new pages under the docs tree the last pull reported. */
  newPages?: string[];
}

const FILE = 'pull-state.json';

export function readPullState(fs: FileSystem, root: string, spaceKey: string): SpacePullState {
  try {
    const all = JSON.parse(fs.readText(join(root, STATE_FOLDER, FILE))) as Record<string, SpacePullState>;
    const s = all?.[spaceKey];
    if (!s || typeof s !== 'object') return {};
    return {
      checkedAt: typeof s.checkedAt === 'string' && !Number.isNaN(Date.parse(s.checkedAt)) ? s.checkedAt : undefined,
      newPages: Array.isArray(s.newPages) ? s.newPages.filter((id): id is string => typeof id === 'string') : undefined,
    };
  } catch {
    return {}; // missing or damaged: the next search covers the whole space
  }
}

export async function writePullState(fs: FileSystem, root: string, spaceKey: string, state: SpacePullState): Promise<void> {
  const dir = ensureStateFolder(fs, root);
  const path = join(dir, FILE);
  let all: Record<string, SpacePullState> = {};
  try {
    all = JSON.parse(fs.readText(path)) as Record<string, SpacePullState>;
  } catch {
    all = {};
  }
  all[spaceKey] = state;
  await fs.writeFileAtomic(path, JSON.stringify(all, null, 2) + '\n');
}
