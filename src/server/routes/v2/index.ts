/**
 * Confluence Cloud REST API v2 (`/wiki/api/v2`): spaces, pages, children, ancestors, labels, properties, attachments,
 * versions. One module per resource; `shared.ts` holds what they share, `json.ts` the v2 shapes.
 */
import { Router } from '../../http';
import type { Services } from '../../services';
import { attachmentRoutes } from './attachment';
import { inlineCommentRoutes } from './inline-comment';
import { labelRoutes } from './label';
import { pageRoutes } from './page';
import { pageTreeRoutes } from './page-tree';
import { propertyRoutes } from './property';
import { idGuard } from './shared';
import { spaceRoutes } from './space';
import { versionRoutes } from './version';

export function v2Routes(svc: Services): Router {
  const r = new Router();
  // Path ids are int64 in the v2 document (attachments may carry their att prefix): anything else is a 400.
  r.guard = idGuard;
  for (const add of [spaceRoutes, pageRoutes, pageTreeRoutes, labelRoutes, propertyRoutes, attachmentRoutes, versionRoutes, inlineCommentRoutes]) add(r, svc);
  return r;
}
