import type { Page, Space } from '../../confluence/types';
import type { WorkspaceConfig } from '../types';
import { PlanError, titleKey } from './state';

/**
 * The page the root page goes under: `rootParent` (a title or an id) or the space homepage. When the root page is
 * the homepage itself (a space imported from its homepage down), it has no parent to keep it under: undefined.
 */
export function resolveRootParent(config: WorkspaceConfig, space: Space, byId: Map<string, Page>, byTitle: Map<string, Page>): string | undefined {
  if (!config.rootParent) {
    const home = space.homepageId ? byId.get(space.homepageId) : undefined;
    if (home && titleKey(home.title) === titleKey(config.rootPageTitle)) return undefined;
    return space.homepageId;
  }
  const p = /^\d+$/.test(config.rootParent) ? byId.get(config.rootParent) : byTitle.get(titleKey(config.rootParent));
  if (!p) {
    throw new PlanError(`.confluence.yml: rootParent "${config.rootParent}" is not a page in space ${space.key}; give the title or id of an existing page, or remove the setting to use the space homepage`);
  }
  return p.id;
}
