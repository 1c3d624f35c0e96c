/** REST API v1 users: the current user; Cloud looks users up by accountId, Data Center by username or userKey. */
import { badRequest, notFound } from '../../errors';
import { type Router, sendJson } from '../../http';
import { type V1Kit } from './shared';
import { userKeyOf } from '../../auth';

export function userRoutes(r: Router, k: V1Kit): void {
  const { s, userJson } = k;
  // ----- current user, spaces -----
  r.get('/user/current', (ctx) => sendJson(ctx.res, 200, userJson(ctx, ctx.user!.accountId)));
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
