/** DNS and certificate failures are not retried; the scoped-token gateway is only tried for *.atlassian.net sites. */
import { strict as assert } from 'node:assert';
import { classifyTransportFailure } from '../../../src/core/confluence/transport-failures';
import { RequestExecutor } from '../../../src/core/confluence/executor';
import { AdaptiveLimiter } from '../../../src/core/confluence/limiter';
import { connectConfluence } from '../../../src/core/confluence/connect';
import type { ConfluenceError } from '../../../src/core/confluence/errors';
import { TransportError } from '../../../src/core/confluence/transport';
import { FakeTransport, json, routes } from './fake-transport';

describe('transport failure classification', () => {
  it('DNS failures and TLS name/trust errors are permanent; dropped connections and timeouts are transient', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) assert.equal(classifyTransportFailure(code), 'dns', code);
    for (const code of ['ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']) {
      assert.equal(classifyTransportFailure(code), 'tls', code);
    }
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENETWORK', 'ERR_BAD_RESPONSE']) assert.equal(classifyTransportFailure(code), 'transient', code);
  });

  const executor = (transport: FakeTransport, logs: string[]) =>
    new RequestExecutor({
      transport,
      limiter: new AdaptiveLimiter({ initial: 2, max: 2 }),
      authorization: 'Bearer pat-0123456789',
      secrets: ['pat-0123456789'],
      logger: { trace: () => {}, debug: () => {}, info: () => {}, warn: (m) => logs.push(m), error: () => {} },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      hintContext: 'cli',
    });

  for (const [code, hint] of [
    ['ENOTFOUND', /host name confluence\.example\.com could not be resolved \(ENOTFOUND\).*Check the Confluence URL/],
    ['EAI_AGAIN', /could not be resolved \(EAI_AGAIN\)/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /TLS connection to confluence\.example\.com was refused \(ERR_TLS_CERT_ALTNAME_INVALID\): the certificate was issued for another host name/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /not signed by a trusted authority.*NODE_EXTRA_CA_CERTS/],
    ['CERT_HAS_EXPIRED', /outside its validity dates/],
  ] as const) {
    it(`${code} fails on the first attempt with a hint naming the host, no retry lines`, async () => {
      const logs: string[] = [];
      const transport = new FakeTransport(() => {
        throw new TransportError(code, `getaddrinfo/tls ${code} confluence.example.com`);
      });
      const err: ConfluenceError = await executor(transport, logs)
        .request({ method: 'GET', url: 'https://confluence.example.com/rest/api/space', operation: 'list spaces', kind: 'read' })
        .catch((e) => e);
      assert.equal(transport.requests.length, 1);
      assert.deepEqual(logs, []);
      assert.equal(err.retries, 0);
      assert.match(err.hint, hint);
    });
  }

  it('a refused connection is still retried', async () => {
    const logs: string[] = [];
    const transport = new FakeTransport((_r, i) => {
      if (i === 0) throw new TransportError('ECONNRESET', 'socket hang up');
      return json(200, {});
    });
    await executor(transport, logs).request({ method: 'GET', url: 'https://confluence.example.com/rest/api/space', operation: 'list spaces', kind: 'read' });
    assert.equal(transport.requests.length, 2);
    assert.equal(logs.length, 1);
  });
});

describe('scoped-token gateway: only for *.atlassian.net', () => {
  const refusingSite = () =>
    new FakeTransport(
      routes([
        ['GET /rest/api/user/current$', () => json(401, { message: 'Unauthorized' })],
        ['GET /_edge/tenant_info$', () => json(200, { cloudId: 'c-123' })],
        ['GET /ex/confluence/c-123/wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-9', displayName: 'Scoped' })],
      ]),
    );

  for (const baseUrl of ['http://127.0.0.1:8090', 'http://localhost:8090/wiki', 'https://confluence.example.com', 'https://wiki.corp.example.org/confluence', 'https://evil.atlassian.net.example.com']) {
    it(`a refused token on ${baseUrl} is the site's 401: no tenant look-up, nothing sent to the gateway`, async () => {
      const transport = refusingSite();
      const err: ConfluenceError = await connectConfluence({ baseUrl, email: 'a@b.c', apiToken: 'wrong-token-123' }, { transport, gatewayUrl: 'https://gateway.test' }).catch((e) => e);
      assert.equal(err.status, 401);
      const hosts = transport.requests.map((r) => new URL(r.url).host);
      assert.ok(hosts.every((h) => h === new URL(baseUrl).host), hosts.join(', '));
      assert.ok(!transport.lines.some((l) => /tenant_info|\/ex\/confluence/.test(l)), transport.lines.join('\n'));
    });
  }

  it('an *.atlassian.net site goes to the gateway only when scoped sign-in was chosen (issue 16: never by guess)', async () => {
    const transport = refusingSite();
    transport.handler = routes([
      ['GET ^/wiki/rest/api/user/current$', () => json(401, { message: 'Unauthorized' })],
      ['GET /_edge/tenant_info$', () => json(200, { cloudId: 'c-123' })],
      ['GET /ex/confluence/c-123/wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-9', displayName: 'Scoped' })],
      ['GET /ex/confluence/c-123/wiki/api/v2/spaces', () => json(200, { results: [] })],
    ]);
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'scoped-1' }, { transport, gatewayUrl: 'https://gateway.test' }).catch((e) => e);
    assert.equal(err.status, 401);
    assert.ok(!transport.requests.some((r) => new URL(r.url).host === 'gateway.test'));
    const client = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'scoped-1', auth: 'scoped' }, { transport, gatewayUrl: 'https://gateway.test' });
    assert.equal(client.user.accountId, 'acc-9');
    assert.ok(transport.requests.some((r) => new URL(r.url).host === 'gateway.test'));
  });
});
