/** What the v2 route modules share: who is asking, the path id guard, page filters, body format and body parsing. */
import { badRequest } from '../../errors';
import { listParam, type Ctx } from '../../http';
import { unsupportedRepresentation, validateStorage, type Services } from '../../services';
import type { PageRec, PageStatus, Store } from '../../store';

const BODY_FORMATS = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'];

export const uid = (ctx: Ctx): string => ctx.user!.accountId;

/** Path ids are int64 in the v2 document (attachments may carry their att prefix): anything else is a 400. */
export function idGuard(ctx: Ctx): void {
  for (const [name, value] of Object.entries(ctx.params)) {
    const ok = name === 'id' && ctx.path.startsWith('/attachments/') ? /^(att)?[0-9]{1,19}$/.test(value) : /^[0-9]{1,19}$/.test(value);
    if (!ok) throw badRequest(`Provided value {${value}} for '${name}' is not the correct type. Expected type is long`, 'INVALID_REQUEST_PARAMETER');
  }
}

export function filterPages(s: Store, ctx: Ctx, pages: PageRec[]): PageRec[] {
  const status = (listParam(ctx.query, 'status') ?? ['current', 'archived']) as PageStatus[];
  const title = ctx.query.get('title');
  let out = pages.filter((p) => status.includes(p.status) && s.canView(p, uid(ctx)));
  if (title !== null) out = out.filter((p) => p.title === title);
  return sortedBy(out, ctx.query.get('sort') ?? 'id', {
    id: (p) => Number(p.id),
    title: (p) => p.title,
    'created-date': (p) => p.createdAt,
    'modified-date': (p) => s.current(p).createdAt,
  });
}

export function bodyFormat(ctx: Ctx, single: boolean): string | undefined {
  const f = ctx.query.get('body-format');
  if (!f) return undefined;
  if (!BODY_FORMATS.includes(f)) throw badRequest(`Invalid body-format: ${f}`, 'INVALID_REQUEST_PARAMETER');
  // No faithful storage → ADF conversion here: say so rather than answer an empty document.
  if (f === 'atlas_doc_format') throw unsupportedRepresentation(f, 'INVALID_REQUEST_PARAMETER');
  if (!single && !['storage', 'atlas_doc_format'].includes(f)) throw badRequest(`Invalid body-format for a list: ${f}`, 'INVALID_REQUEST_PARAMETER');
  return f;
}


export function objectBody(ctx: Ctx): Record<string, unknown> {
  const b = ctx.json();
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest('Request body must be a JSON object', 'INVALID_REQUEST_PARAMETER');
  return b as Record<string, unknown>;
}

/** Accepts `{representation:'storage', value}`; returns undefined when absent and not required. */
export function writeBody(svc: Services, raw: unknown, required: boolean): string | undefined {
  if (raw === undefined || raw === null) {
    if (required) throw badRequest('body is required', 'INVALID_REQUEST_PARAMETER');
    return undefined;
  }
  if (typeof raw !== 'object') throw badRequest('body must be an object {representation, value}', 'INVALID_REQUEST_PARAMETER');
  const b = raw as { representation?: unknown; value?: unknown; storage?: { value?: unknown } };
  // Some clients send the v1-like {storage:{value, representation}}; Confluence v2 accepts only the flat form.
  const representation = b.representation;
  if (representation === 'wiki' || representation === 'atlas_doc_format' || representation === 'editor') {
    throw unsupportedRepresentation(representation, 'INVALID_REQUEST_PARAMETER');
  }
  if (representation !== 'storage') {
    throw badRequest(`Invalid body representation '${String(representation)}': expected storage, atlas_doc_format or wiki`, 'INVALID_REQUEST_PARAMETER');
  }
  return validateStorage(svc, b.value ?? '');
}

export function sortBy<T>(sort: string, keys: Record<string, (x: T) => string | number>): (a: T, b: T) => number {
  const { key, desc } = sortKey(sort, keys);
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return desc ? -c : c;
  };
}

function sortKey<T>(sort: string, keys: Record<string, (x: T) => string | number>): { key: (x: T) => string | number; desc: boolean } {
  const desc = sort.startsWith('-');
  const key = keys[desc ? sort.slice(1) : sort];
  if (!key) throw badRequest(`Invalid sort: ${sort}`, 'INVALID_REQUEST_PARAMETER');
  return { key, desc };
}

/**
 * `items` sorted as `sortBy` sorts them, each key computed once (a listing of 10,000 pages is sorted on every request
 * of its 41 pages: a key per comparison made that most of the listing's time).
 */
export function sortedBy<T>(items: T[], sort: string, keys: Record<string, (x: T) => string | number>): T[] {
  const { key, desc } = sortKey(sort, keys);
  const keyed = items.map((item) => ({ k: key(item), item }));
  keyed.sort((a, b) => {
    const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    return desc ? -c : c;
  });
  return keyed.map((e) => e.item);
}
