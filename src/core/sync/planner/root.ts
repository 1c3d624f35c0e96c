import type { Page, Space } from '../../confluence/types';
import type { WorkspaceConfig } from '../types';
import { PlanError, titleKey } from './state';

/** The page top-level documents go under: `rootParent` (a title or an id) or the space homepage. */
export function resolveRootParent(config: WorkspaceConfig, space: Space, byId: Map<string, Page>, byTitle: Map<string, Page>): string | undefined {
  if (!config.rootParent) return space.homepageId;
  const p = /^\d+$/.test(config.rootParent) ? byId.get(config.rootParent) : byTitle.get(titleKey(config.rootParent));
  if (!p) {
    throw new PlanError(`.confluence.yml: rootParent "${config.rootParent}" is not a page in space ${space.key}; give the title or id of an existing page, or remove the setting to use the space homepage`);
  }
  return p.id;
}
