import { strict as assert } from 'node:assert';
import { connectConfluence } from '../../../src/core/confluence/connect';
import { ConfluenceError } from '../../../src/core/confluence/errors';
import { TransportError } from '../../../src/core/confluence/transport';
import { FakeTransport, json, routes } from './fake-transport';

const fast = { baseDelayMs: 1, maxDelayMs: 2, maxFailureRetries: 1 };

describe('connectConfluence (probing, fake transport)', () => {
  it('refuses http:// except for loopback, before sending anything', async () => {
    const transport = new FakeTransport(() => json(200, {}));
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'http://confluence.example.com', personalAccessToken: 'pat-123456' }, { transport }).catch((e) => e);
    assert.equal(err.code, 'INSECURE_URL');
    assert.match(err.hint, /https/);
    assert.equal(transport.requests.length, 0);
    for (const host of ['http://localhost:8090', 'http://127.0.0.1:8090', 'http://[::1]:8090']) {
      const t = new FakeTransport(routes([['GET /rest/api/user/current', () => json(200, { type: 'known', username: 'demo', userKey: 'k1', displayName: 'Demo' })]]));
      const client = await connectConfluence({ baseUrl: host, personalAccessToken: 'local-dev-pat' }, { transport: t });
      assert.equal(client.capabilities.flavor, 'datacenter', host);
    }
  });

  it('refuses missing credentials and URLs with user:password', async () => {
    const transport = new FakeTransport(() => json(200, {}));
    await assert.rejects(connectConfluence({ baseUrl: 'https://x.atlassian.net' }, { transport }), (e: ConfluenceError) => e.code === 'NO_CREDENTIALS' && /Sign In/.test(e.hint));
    await assert.rejects(connectConfluence({ baseUrl: 'https://u:p@x.atlassian.net', email: 'a@b', apiToken: 't0ken' }, { transport }), (e: ConfluenceError) => e.code === 'INVALID_URL');
    await assert.rejects(connectConfluence({ baseUrl: 'not a url', email: 'a@b', apiToken: 't0ken' }, { transport }), (e: ConfluenceError) => e.code === 'INVALID_URL');
  });

  it('detects Data Center under a context path with a PAT as Bearer', async () => {
    const transport = new FakeTransport(
      routes([
        ['GET /confluence/rest/api/user/current$', () => json(200, { type: 'known', username: 'demo', userKey: 'key-1', displayName: 'Demo' })],
      ]),
    );
    const client = await connectConfluence({ baseUrl: 'https://wiki.example.com/confluence/', personalAccessToken: 'local-dev-pat' }, { transport });
    assert.equal(client.capabilities.flavor, 'datacenter');
    assert.equal(client.capabilities.v2, false);
    assert.equal(client.capabilities.archive, false);
    assert.ok(client.capabilities.limitations.some((l) => /archive/.test(l)));
    assert.equal(transport.requests[0].headers.Authorization, 'Bearer local-dev-pat');
    assert.deepEqual(client.user, { accountId: 'key-1', username: 'demo', displayName: 'Demo' });
    assert.equal(client.pageUrl('5'), 'https://wiki.example.com/confluence/pages/viewpage.action?pageId=5');
  });

  it('tries Cloud first for e-mail + token, falls back to Data Center paths on 404', async () => {
    const transport = new FakeTransport(
      routes([
        ['GET /wiki/rest/api/user/current$', () => json(404, { message: 'not here' })],
        ['GET /rest/api/user/current$', () => json(200, { type: 'known', username: 'demo', displayName: 'Demo' })],
      ]),
    );
    const client = await connectConfluence({ baseUrl: 'https://wiki.example.com', email: 'demo', apiToken: 'password1' }, { transport });
    assert.equal(client.capabilities.flavor, 'datacenter');
    assert.match(transport.requests[1].headers.Authorization, /^Basic /);
  });

  it('401 fails with a hint naming the variables and the Sign In command, without the token', async () => {
    const transport = new FakeTransport(() => json(401, { message: 'Client must be authenticated to access this resource.' }));
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://wiki.example.com', email: 'demo@example.com', apiToken: 'wrong-token-999' }, { transport }).catch((e) => e);
    assert.equal(err.status, 401);
    assert.match(err.hint, /CONFLUENCE_API_TOKEN/);
    assert.match(err.hint, /Confluence: Sign In/);
    assert.ok(!JSON.stringify({ ...err, m: err.message }).includes('wrong-token-999'));
  });

  it('treats an anonymous current user (Data Center ignoring a bad PAT) as a sign-in failure', async () => {
    const transport = new FakeTransport(routes([['GET /rest/api/user/current$', () => json(200, { type: 'anonymous', displayName: 'Anonymous' })]]));
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://wiki.example.com', personalAccessToken: 'bad-pat-xx' }, { transport, hintContext: 'cli' }).catch((e) => e);
    assert.equal(err.code, 'ANONYMOUS');
    assert.match(err.hint, /CONFLUENCE_PAT/);
  });

  it('reports a non-Confluence URL (HTML everywhere) clearly', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Welcome</html>' }));
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://www.example.com', email: 'a@b.c', apiToken: 'token-1' }, { transport }).catch((e) => e);
    assert.equal(err.code, 'NOT_CONFLUENCE');
    assert.match(err.hint, /context path/);
  });

  it('reports an unreachable host as a network error with a hint', async () => {
    const transport = new FakeTransport(() => {
      throw new TransportError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9');
    });
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'http://127.0.0.1:9', personalAccessToken: 'pat-123456' }, { transport, retry: fast }).catch((e) => e);
    assert.equal(err.code, 'NETWORK');
    assert.match(err.hint, /Could not get an answer from 127\.0\.0\.1:9/);
  });

  it('a token refused by a Cloud site is a 401 naming scoped sign-in; the gateway is never tried by guess', async () => {
    const transport = new FakeTransport(
      routes([
        ['GET ^/wiki/rest/api/user/current$', () => json(401, { message: 'Unauthorized' })],
        ['GET /_edge/tenant_info$', () => json(200, { cloudId: 'c-123' })],
        ['GET /ex/confluence/', () => json(200, { type: 'known', accountId: 'acc-9', displayName: 'Scoped' })],
      ]),
    );
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'scoped-token-1' }, { transport, hintContext: 'cli' }).catch((e) => e);
    assert.equal(err.status, 401);
    assert.match(err.hint, /scoped API token.*CONFLUENCE_AUTH=scoped/s);
    assert.deepEqual([...new Set(transport.requests.map((r) => new URL(r.url).host))], ['acme.atlassian.net']);
    assert.ok(!transport.requests.some((r) => /tenant_info/.test(r.url)));
  });

  it('auth scoped: straight to the api.atlassian.com gateway (cloud id looked up on the site), never the site API', async () => {
    const transport = new FakeTransport(
      routes([
        ['GET ^/wiki/rest/api/user/current$', () => json(401, { message: 'Unauthorized' })],
        ['GET /_edge/tenant_info$', () => json(200, { cloudId: 'c-123' })],
        ['GET /ex/confluence/c-123/wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-9', displayName: 'Scoped' })],
        ['GET /ex/confluence/c-123/wiki/api/v2/spaces\\?limit=1$', () => json(200, { results: [], _links: { base: 'https://acme.atlassian.net/wiki' } })],
      ]),
    );
    const client = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'scoped-token-1', auth: 'scoped' }, { transport });
    assert.equal(client.user.accountId, 'acc-9');
    assert.equal(client.pageUrl('1'), 'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=1');
    assert.deepEqual(transport.requests.map((r) => `${new URL(r.url).host}${new URL(r.url).pathname}`), [
      'acme.atlassian.net/_edge/tenant_info',
      'api.atlassian.com/ex/confluence/c-123/wiki/rest/api/user/current',
      'api.atlassian.com/ex/confluence/c-123/wiki/api/v2/spaces',
    ]);
    transport.handler = routes([
      ['GET /ex/confluence/c-123/wiki/api/v2/pages\\?space-id', () => json(200, { results: [{ id: '1', title: 'T', spaceId: '2', version: { number: 1 } }], _links: { next: 'https://acme.atlassian.net/wiki/api/v2/pages?cursor=abc' } })],
      ['GET /ex/confluence/c-123/wiki/api/v2/pages\\?cursor=abc', () => json(200, { results: [{ id: '2', title: 'U', spaceId: '2', version: { number: 1 } }] })],
    ]);
    const pages = await client.listPages('2');
    assert.deepEqual(pages.map((p) => p.id), ['1', '2']);
    // The classic-host next link was rebased onto the gateway.
    assert.equal(new URL(transport.requests.at(-1)!.url).host, 'api.atlassian.com');
  });

  it('auth scoped: a given cloud id skips the look-up; a non-Atlassian site or a missing cloud id is a clear error', async () => {
    const transport = new FakeTransport(
      routes([
        ['GET /ex/confluence/c-7/wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-7', displayName: 'S' })],
        ['GET /ex/confluence/c-7/wiki/api/v2/spaces', () => json(200, { results: [] })],
        ['GET /_edge/tenant_info$', () => json(404, {})],
      ]),
    );
    await connectConfluence({ baseUrl: 'https://acme.atlassian.net/wiki', email: 'a@b.c', apiToken: 's-1', auth: 'scoped', cloudId: 'c-7' }, { transport });
    assert.ok(transport.requests.every((r) => new URL(r.url).host === 'api.atlassian.com'), transport.requests.map((r) => r.url).join(' '));
    transport.requests.length = 0;
    let err: ConfluenceError = await connectConfluence({ baseUrl: 'https://wiki.example.com', email: 'a@b.c', apiToken: 's-1', auth: 'scoped' }, { transport }).catch((e) => e);
    assert.equal(err.code, 'INVALID_URL');
    assert.match(err.message, /only with Atlassian Cloud sites/);
    assert.equal(transport.requests.length, 0, 'nothing is sent anywhere');
    err = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 's-1', auth: 'scoped' }, { transport }).catch((e) => e);
    assert.equal(err.code, 'NO_CLOUD_ID');
    assert.match(err.hint, /CONFLUENCE_CLOUD_ID/);
    assert.ok(!transport.requests.some((r) => new URL(r.url).host === 'api.atlassian.com'));
  });

  it('auth pat sends only the PAT (Bearer) to Data Center paths; auth basic never falls back to a PAT', async () => {
    const transport = new FakeTransport(routes([['GET ^/rest/api/user/current$', () => json(200, { type: 'known', username: 'demo', displayName: 'Demo' })]]));
    await connectConfluence({ baseUrl: 'https://wiki.example.com', email: 'a@b.c', apiToken: 't-1', personalAccessToken: 'pat-1', auth: 'pat' }, { transport });
    assert.deepEqual(transport.requests.map((r) => r.headers.Authorization), ['Bearer pat-1']);
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://wiki.example.com', personalAccessToken: 'pat-1', auth: 'basic' }, { transport }).catch((e) => e);
    assert.equal(err.code, 'NO_CREDENTIALS');
    assert.match(err.message, /needs an e-mail address and an API token/);
  });

  it('accepts an api.atlassian.com/ex/confluence/{cloudId} URL directly', async () => {
    const transport = new FakeTransport(
      routes([
        ['GET /ex/confluence/c-1/wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-1', displayName: 'D' })],
        ['GET /ex/confluence/c-1/wiki/api/v2/spaces', () => json(200, { results: [] })],
      ]),
    );
    const client = await connectConfluence({ baseUrl: 'https://api.atlassian.com/ex/confluence/c-1', email: 'a@b.c', apiToken: 'scoped-1' }, { transport });
    assert.equal(client.capabilities.flavor, 'cloud');
    assert.equal(transport.requests.length, 2);
  });

  it('aborts the probe through the signal', async () => {
    const transport = new FakeTransport(() => json(200, {}));
    const ac = new AbortController();
    ac.abort();
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'tok-1' }, { transport, signal: ac.signal }).catch((e) => e);
    assert.equal(err.code, 'ABORTED');
  });
});
