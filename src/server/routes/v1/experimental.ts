/**
 * Data Center's experimental API (`{context}/rest/experimental`): a page's version list and one version. The 10.0.3
 * `/rest/api` document has no GET for versions (only `DELETE /content/{id}/version/{n}`); servers answer them here.
 */
import { notFound } from '../../errors';
import { Router, sendJson, type Ctx } from '../../http';
import { v1Page } from '../../paging';
import type { PageRec, VersionRec } from '../../store';
import { expands, v1Kit, type V1Kit } from './shared';
import type { Services } from '../../services';

export function experimentalRoutes(svc: Services): Router {
  const r = new Router();
  const k = v1Kit(svc);
  r.get('/content/:id/version', (ctx) => {
    const p = k.page(ctx);
    const items = p.versions.slice().reverse().map((v) => experimentalVersion(k, ctx, p, v));
    sendJson(ctx.res, 200, v1Page(ctx, items, svc.limits, { max: 200 }));
  });
  r.get('/content/:id/version/:n', (ctx) => {
    const p = k.page(ctx);
    const v = p.versions.find((x) => String(x.number) === ctx.params.n);
    if (!v) throw notFound(`No version ${ctx.params.n} of content ${p.id}`);
    sendJson(ctx.res, 200, experimentalVersion(k, ctx, p, v));
  });
  return r;
}

/** A version as the experimental API shapes it; `expand=content[.body.storage]` nests the content at that version. */
function experimentalVersion(k: V1Kit, ctx: Ctx, p: PageRec, v: VersionRec): Record<string, unknown> {
  const ex = expands(ctx);
  const out: Record<string, unknown> = { ...k.versionJson(ctx, v) };
  const contentEx = new Set([...ex].filter((e) => e.startsWith('content.')).map((e) => e.slice('content.'.length)));
  if (ex.has('content') || contentEx.size) out.content = k.contentJson(ctx, p, contentEx, v);
  else out._expandable = { content: `/rest/api/content/${p.id}` };
  out._links = { self: `${ctx.origin}${ctx.prefix}/content/${p.id}/version/${v.number}` };
  return out;
}
