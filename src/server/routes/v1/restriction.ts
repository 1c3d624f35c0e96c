/** REST API v1 content restrictions: read, replace, add, clear, and per user or group by operation. */
import { badRequest, forbidden, notFound } from '../../errors';
import { type Router, sendJson, type Ctx } from '../../http';
import { type PageRec } from '../../store';
import { opOf, principals, type V1Kit } from './shared';

export function restrictionRoutes(r: Router, k: V1Kit): void {
  const { s, uid, page, resolveUser, restrictionJson } = k;
  // ----- restrictions -----
  const restrictionArray = (ctx: Ctx, p: PageRec, ops: Array<'read' | 'update'>): Record<string, unknown> => {
    const results = ops.map((op) => restrictionJson(ctx, p, op));
    return {
      results,
      start: 0,
      limit: 100,
      size: results.length,
      restrictionsHash: Buffer.from(JSON.stringify(p.restrictions)).toString('base64url').slice(0, 40),
      _links: { base: `${ctx.origin}${ctx.sitePath}`, context: ctx.sitePath },
    };
  };
  r.get('/content/:id/restriction', (ctx) => sendJson(ctx.res, 200, restrictionArray(ctx, page(ctx), ['read', 'update'])));
  r.get('/content/:id/restriction/byOperation', (ctx) => {
    const p = page(ctx);
    sendJson(ctx.res, 200, { read: restrictionJson(ctx, p, 'read'), update: restrictionJson(ctx, p, 'update') });
  });
  r.get('/content/:id/restriction/byOperation/:op', (ctx) => {
    const p = page(ctx);
    const op = opOf(ctx.params.op);
    sendJson(ctx.res, 200, restrictionJson(ctx, p, op));
  });
  const writeRestrictions = (ctx: Ctx, mode: 'replace' | 'add'): void => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to change restrictions of content with id: ${p.id}`);
    const raw = ctx.json();
    const list = Array.isArray(raw) ? raw : (raw as { results?: unknown })?.results;
    if (!Array.isArray(list)) throw badRequest('Request body must be an array of restrictions (or {results:[…]})');
    const ops = list.map((item: { operation?: unknown; restrictions?: { user?: unknown; group?: unknown } }) => {
      if (typeof item?.operation !== 'string') throw badRequest('Each restriction needs an operation');
      return {
        operation: item.operation,
        users: principals(item.restrictions?.user).map((u) => resolveUser(ctx, u)),
        groups: principals(item.restrictions?.group).map((g) => String((g as { id?: unknown; name?: unknown }).id ?? (g as { name?: unknown }).name ?? '')),
      };
    });
    s.setRestrictions(p, ops, uid(ctx), mode);
    sendJson(ctx.res, 200, restrictionArray(ctx, p, ['read', 'update']));
  };
  r.put('/content/:id/restriction', (ctx) => writeRestrictions(ctx, 'replace'));
  r.post('/content/:id/restriction', (ctx) => writeRestrictions(ctx, 'add'));
  r.delete('/content/:id/restriction', (ctx) => {
    const p = page(ctx);
    if (!s.canEdit(p, uid(ctx))) throw forbidden(`Not permitted to change restrictions of content with id: ${p.id}`);
    s.clearRestrictions(p);
    sendJson(ctx.res, 200, restrictionArray(ctx, p, ['read', 'update']));
  });
  const userRestriction = (ctx: Ctx, add: boolean): void => {
    const p = page(ctx);
    const op = opOf(ctx.params.op);
    const who = ctx.query.get('accountId') ?? ctx.query.get('userName') ?? ctx.query.get('key');
    if (!who) throw badRequest('accountId is required');
    const accountId = resolveUser(ctx, { accountId: who, username: who });
    const cur = p.restrictions[op];
    const users = add ? [...cur.users, accountId] : cur.users.filter((u) => u !== accountId);
    s.setRestrictions(p, [{ operation: op, users, groups: cur.groups }], uid(ctx), 'replace');
    sendJson(ctx.res, 200, undefined);
  };
  r.get('/content/:id/restriction/byOperation/:op/user', (ctx) => {
    // 200 when the user is named in the operation's restriction, 404 otherwise.
    const p = page(ctx);
    const who = ctx.query.get('accountId') ?? ctx.query.get('userName') ?? ctx.query.get('key') ?? '';
    const accountId = resolveUser(ctx, { accountId: who });
    if (!p.restrictions[opOf(ctx.params.op)].users.includes(accountId)) throw notFound(`User ${who} is not in the ${ctx.params.op} restriction of content ${p.id}`);
    sendJson(ctx.res, 200, undefined);
  });
  const groupRestriction = (ctx: Ctx, add: boolean): void => {
    const p = page(ctx);
    const op = opOf(ctx.params.op);
    const cur = p.restrictions[op];
    const groups = add ? [...cur.groups, ctx.params.groupId] : cur.groups.filter((g) => g !== ctx.params.groupId);
    s.setRestrictions(p, [{ operation: op, users: cur.users, groups }], uid(ctx), 'replace');
    sendJson(ctx.res, 200, undefined);
  };
  r.put('/content/:id/restriction/byOperation/:op/byGroupId/:groupId', (ctx) => groupRestriction(ctx, true));
  r.delete('/content/:id/restriction/byOperation/:op/byGroupId/:groupId', (ctx) => groupRestriction(ctx, false));
  r.put('/content/:id/restriction/byOperation/:op/user', (ctx) => userRestriction(ctx, true));
  r.delete('/content/:id/restriction/byOperation/:op/user', (ctx) => userRestriction(ctx, false));
}
