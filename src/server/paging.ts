/** Pagination as the real APIs do it: v2 opaque cursor + Link header, v1 start/limit + _links.next. */
import { badRequest } from './errors';
import { intParam, sendJson, type Ctx } from './http';

export interface PagingLimits {
  /** Cap every page at this size (server option maxPageSize). */
  maxPageSize?: number;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, t: 'local' })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    // fall through
  }
  throw badRequest(`Invalid cursor: ${cursor}`, 'INVALID_REQUEST_PARAMETER');
}

/**
 * Sends a v2 list page `{results, _links:{next?, base}}` with a Link header when more results exist. `map` turns only
 * the items of this page into JSON (a listing of 10,000 pages serialises 250 per request, not 10,000).
 */
export function sendV2Page<T, U = T>(ctx: Ctx, items: T[], limits: PagingLimits, opts: { defaultLimit?: number; max?: number; map?: (item: T) => U } = {}): void {
  let limit = intParam(ctx.query, 'limit', opts.defaultLimit ?? 25, 1, opts.max ?? 250);
  if (limits.maxPageSize) limit = Math.min(limit, limits.maxPageSize);
  const cursor = ctx.query.get('cursor');
  const offset = cursor ? decodeCursor(cursor) : 0;
  const slice = items.slice(offset, offset + limit);
  const page = opts.map ? slice.map(opts.map) : slice;
  const links: Record<string, string> = {};
  const headers: Record<string, string> = {};
  if (offset + limit < items.length) {
    const q = new URLSearchParams(ctx.query);
    q.set('cursor', encodeCursor(offset + limit));
    q.set('limit', String(limit));
    // Relative to the host (starts with /wiki/api/v2), as Confluence sends it.
    links.next = `${ctx.fullPath}?${q.toString()}`;
    headers.Link = `<${links.next}>; rel="next", <${ctx.origin}${ctx.sitePath}>; rel="base"`;
  }
  links.base = `${ctx.origin}${ctx.sitePath}`;
  sendJson(ctx.res, 200, { results: page, _links: links }, headers);
}

/** v1 offset paging: `{results, start, limit, size, _links:{base, context, self, next?}}`. */
export function v1Page<T, U = T>(
  ctx: Ctx,
  items: T[],
  limits: PagingLimits,
  opts: { defaultLimit?: number; max?: number; extra?: Record<string, unknown>; cursor?: boolean; map?: (item: T) => U } = {},
): Record<string, unknown> {
  let limit = intParam(ctx.query, 'limit', opts.defaultLimit ?? 25, 0, opts.max ?? 100);
  if (limits.maxPageSize) limit = Math.min(limit, limits.maxPageSize);
  const cursor = opts.cursor ? ctx.query.get('cursor') : null;
  const start = cursor ? decodeCursor(cursor) : intParam(ctx.query, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
  const slice = items.slice(start, start + limit);
  const page = opts.map ? slice.map(opts.map) : slice;
  const links: Record<string, string> = {
    base: `${ctx.origin}${ctx.sitePath}`,
    context: ctx.sitePath,
    self: `${ctx.origin}${ctx.fullPath}${ctx.query.toString() ? '?' + ctx.query.toString() : ''}`,
  };
  if (limit > 0 && start + limit < items.length) {
    const q = new URLSearchParams(ctx.query);
    // Cloud CQL search pages with a cursor in _links.next; the other v1 lists with start.
    if (opts.cursor) q.set('cursor', encodeCursor(start + limit));
    else q.set('start', String(start + limit));
    q.set('limit', String(limit));
    // Relative to _links.base, e.g. /rest/api/content?...
    links.next = `${ctx.fullPath.slice(ctx.sitePath.length)}?${q.toString()}`;
  }
  return { results: page, start, limit, size: page.length, ...opts.extra, _links: links };
}
