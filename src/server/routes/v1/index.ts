/**
 * REST API v1: Cloud (`/wiki/rest/api`, only what survives the v1 removals: labels, attachments upload, restrictions,
 * move, CQL search, current user, archive) and Data Center (`{context}/rest/api`, the content/space/property endpoints).
 * One module per resource; `shared.ts` holds what they share, `json.ts` the v1 shapes.
 */
import { Router } from '../../http';
import type { Services } from '../../services';
import { attachmentRoutes } from './attachment';
import { contentMoveRoutes, contentRoutes } from './content';
import { contentTreeRoutes } from './content-tree';
import { labelRoutes } from './label';
import { propertyRoutes } from './property';
import { restrictionRoutes } from './restriction';
import { searchRoutes } from './search';
import { v1Kit } from './shared';
import { spaceRoutes } from './space';
import { userRoutes } from './user';

export function v1Routes(svc: Services): Router {
  const r = new Router();
  const k = v1Kit(svc);
  for (const add of [userRoutes, spaceRoutes, contentRoutes, contentMoveRoutes, contentTreeRoutes, labelRoutes, propertyRoutes, attachmentRoutes, restrictionRoutes, searchRoutes]) add(r, k);
  return r;
}
