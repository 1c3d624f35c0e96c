/** REST API v1 users: the current user; Cloud looks users up by accountId, Data Center by username or userKey. */
import { badRequest, notFound } from '../../errors';
import { type Router, sendJson } from '../../http';
import { type V1Kit } from './shared';
import { userKeyOf } from '../../auth';

export function userRoutes(r: Router, k: V1Kit): void {
  const { s, userJson, svc } = k;
  // ----- current user, spaces -----
  // Cloud's user carries the time zone CQL date literals are read in (server setting timeZone).
  r.get('/user/current', (ctx) => {
    const out = userJson(ctx, ctx.user!.accountId);
    if (ctx.deployment === 'cloud' && out.type === 'known') out.timeZone = svc.settings.timeZone;
    sendJson(ctx.res, 200, out);
  });
  // Cloud looks users up by accountId only; Data Center by username or userKey.
  r.get('/user', (ctx) => {
    const q = ctx.query;
    let user;
    if (ctx.deployment === 'cloud') {
      const accountId = q.get('accountId');
      if (!accountId) {
        throw badRequest(q.get('username') || q.get('key') ? 'The username and key parameters are not supported on Confluence Cloud; use accountId' : 'accountId is required');
      }
      user = s.users.find((u) => u.accountId === accountId);
      if (!user) throw notFound(`No user with accountId ${accountId}`);
    } else {
      const username = q.get('username');
      const key = q.get('key');
      if (!username && !key) throw badRequest('Either the username or the key parameter is required');
      user = s.users.find((u) => (username !== null ? u.username === username : userKeyOf(u) === key));
      if (!user) throw notFound(`No user found with ${username !== null ? `username ${username}` : `key ${key}`}`);
    }
    sendJson(ctx.res, 200, userJson(ctx, user.accountId));
  });
}
