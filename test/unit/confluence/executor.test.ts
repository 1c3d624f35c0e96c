import { strict as assert } from 'node:assert';
import { RequestExecutor, parseRetryAfter, buildUrl, type RequestSpec } from '../../../src/core/confluence/executor';
import { AdaptiveLimiter } from '../../../src/core/confluence/limiter';
import { ConfluenceError } from '../../../src/core/confluence/errors';
import { TransportError } from '../../../src/core/confluence/transport';
import { FakeTransport, json, delay, type Handler } from './fake-transport';

const TOKEN = 'super-secret-api-token-123';
const AUTH = `Basic ${Buffer.from(`demo@example.com:${TOKEN}`).toString('base64')}`;

function setup(handler: Handler, retry = {}) {
  const transport = new FakeTransport(handler);
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const exec = new RequestExecutor({
    transport,
    limiter: new AdaptiveLimiter({ initial: 4, max: 16 }),
    authorization: AUTH,
    secrets: [TOKEN],
    logger: { trace: log, debug: log, info: log, warn: log, error: log },
    retry: { baseDelayMs: 1, maxDelayMs: 5, ...retry },
    hintContext: 'cli',
    flavor: 'cloud',
  });
  return { transport, exec, logs };
}

const get: RequestSpec = { method: 'GET', url: 'https://x.atlassian.net/wiki/api/v2/pages/1', operation: 'read page 1', kind: 'read', target: { pageId: '1' } };
const post: RequestSpec = { method: 'POST', url: 'https://x.atlassian.net/wiki/api/v2/pages', json: { title: 'A' }, operation: 'create page "A"', kind: 'write' };

describe('RequestExecutor', () => {
  it('sends auth, accept and JSON headers and parses the answer', async () => {
    const { transport, exec } = setup(() => json(200, { id: '1' }));
    const res = await exec.request({ ...post });
    assert.deepEqual(res.data, { id: '1' });
    const h = transport.requests[0].headers;
    assert.equal(h.Authorization, AUTH);
    assert.equal(h['Content-Type'], 'application/json');
    assert.equal(transport.requests[0].body, '{"title":"A"}');
  });

  it('sends X-Atlassian-Token: no-check with multipart bodies', async () => {
    const { transport, exec } = setup(() => json(200, { results: [] }));
    const form = new FormData();
    form.append('file', new Blob(['x']), 'a.png');
    await exec.request({ method: 'PUT', url: 'https://x/wiki/rest/api/content/1/child/attachment', form, operation: 'upload', kind: 'attachment' });
    assert.equal(transport.requests[0].headers['X-Atlassian-Token'], 'no-check');
    assert.equal(transport.requests[0].headers['Content-Type'], undefined);
  });

  it('retries 429 after Retry-After (pausing every request) and counts it', async () => {
    const { transport, exec } = setup((_r, i) => (i === 0 ? json(429, { message: 'slow down' }, { 'retry-after': '0.1' }) : json(200, {})));
    const started = Date.now();
    await exec.request(get);
    assert.ok(Date.now() - started >= 90, 'waited for Retry-After');
    assert.equal(transport.requests.length, 2);
    assert.equal(exec.stats.throttled, 1);
    assert.equal(exec.stats.retries, 1);
  });

  it('retries a POST after 429 (not processed), and 503 with backoff when no Retry-After', async () => {
    const { transport, exec } = setup((_r, i) => (i === 0 ? json(429, {}) : json(200, { ok: true })));
    await exec.request(post);
    assert.equal(transport.requests.length, 2);
    const s2 = setup((_r, i) => (i < 2 ? json(503, {}) : json(200, {})));
    await s2.exec.request(get);
    assert.equal(s2.transport.requests.length, 3);
    assert.equal(s2.exec.stats.unavailable, 2);
  });

  it('gives up on 429 after maxThrottleRetries with a rate-limit hint', async () => {
    const { transport, exec } = setup(() => json(429, {}, { 'retry-after': '0' }), { maxThrottleRetries: 2 });
    const err = await exec.request(get).catch((e) => e);
    assert.ok(err instanceof ConfluenceError);
    assert.equal(err.status, 429);
    assert.equal(err.retries, 2);
    assert.match(err.hint, /rate limiting/);
    assert.equal(transport.requests.length, 3);
  });

  it('fails at once when Retry-After is longer than allowed', async () => {
    const { transport, exec } = setup(() => json(429, {}, { 'retry-after': '3600' }));
    await assert.rejects(exec.request(get), (e: ConfluenceError) => e.status === 429);
    assert.equal(transport.requests.length, 1);
  });

  it('retries idempotent requests on 5xx and dropped connections', async () => {
    const { transport, exec } = setup((_r, i) => {
      if (i === 0) throw new TransportError('ECONNRESET', 'socket hang up');
      if (i === 1) return json(502, {});
      return json(200, { fine: 1 });
    });
    const res = await exec.request(get);
    assert.deepEqual(res.data, { fine: 1 });
    assert.equal(transport.requests.length, 3);
    assert.equal(exec.stats.networkErrors, 1);
    assert.equal(exec.stats.serverErrors, 1);
  });

  it('never re-sends a non-idempotent request without a recover step', async () => {
    const { transport, exec } = setup(() => {
      throw new TransportError('ECONNRESET', 'socket hang up');
    });
    const err = await exec.request(post).catch((e) => e);
    assert.equal(err.code, 'NETWORK');
    assert.match(err.hint, /may or may not have been applied/);
    assert.equal(transport.requests.length, 1);
    const s2 = setup(() => json(500, {}));
    await assert.rejects(s2.exec.request(post), (e: ConfluenceError) => e.status === 500);
    assert.equal(s2.transport.requests.length, 1);
  });

  it('runs recover after a lost answer and returns its result instead of re-sending', async () => {
    const { transport, exec } = setup(() => {
      throw new TransportError('ECONNRESET', 'socket hang up');
    });
    let recovered = 0;
    const res = await exec.request({ ...post, recover: async () => (++recovered, { status: 200, headers: {}, data: { id: 'found' } }) });
    assert.deepEqual(res.data, { id: 'found' });
    assert.equal(recovered, 1);
    assert.equal(transport.requests.length, 1);
  });

  it('re-sends after recover finds nothing', async () => {
    const { transport, exec } = setup((_r, i) => (i === 0 ? json(500, {}) : json(200, { id: 'new' })));
    const res = await exec.request({ ...post, recover: async () => undefined });
    assert.deepEqual(res.data, { id: 'new' });
    assert.equal(transport.requests.length, 2);
  });

  it('builds typed errors with the redacted message, operation, hint and storage position', async () => {
    const { exec } = setup(() =>
      json(400, { statusCode: 400, message: `Error parsing xhtml: bad token ${TOKEN}\n at [row,col {unknown-source}]: [4,12]` }),
    );
    const err: ConfluenceError = await exec.request(post).catch((e) => e);
    assert.equal(err.status, 400);
    assert.equal(err.operation, 'create page "A"');
    assert.equal(err.row, 4);
    assert.equal(err.column, 12);
    assert.ok(!err.message.includes(TOKEN));
    assert.match(err.hint, /row 4, column 12/);
  });

  it('401 errors tell the CLI user which variables to set', async () => {
    const { exec } = setup(() => json(401, { message: 'Unauthorized' }));
    const err: ConfluenceError = await exec.request(get).catch((e) => e);
    assert.equal(err.status, 401);
    assert.match(err.hint, /CONFLUENCE_EMAIL/);
    assert.match(err.hint, /CONFLUENCE_API_TOKEN/);
  });

  it('hands back accepted statuses instead of throwing, even with an HTML body', async () => {
    const { exec } = setup(() => json(404, { message: 'no' }));
    const res = await exec.request({ ...get, accept: [404] });
    assert.equal(res.status, 404);
    assert.deepEqual(res.data, { message: 'no' });
    const s2 = setup(() => ({ status: 404, headers: {}, body: '<html>Not found</html>' }));
    const res2 = await s2.exec.request({ ...get, accept: [404] });
    assert.equal(res2.status, 404);
    assert.equal(res2.data, undefined);
  });

  it('reports redirects and non-JSON answers as errors that say to fix the URL', async () => {
    const { exec } = setup(() => ({ status: 302, headers: { location: 'https://login.example.com/?token=abc' }, body: '' }));
    const err: ConfluenceError = await exec.request(get).catch((e) => e);
    assert.equal(err.code, 'REDIRECT');
    assert.ok(!err.message.includes('token=abc'));
    const s2 = setup(() => ({ status: 200, headers: {}, body: '<html>hi</html>' }));
    const err2: ConfluenceError = await s2.exec.request(get).catch((e) => e);
    assert.equal(err2.code, 'INVALID_RESPONSE');
  });

  it('cancels through AbortSignal: while waiting for a retry, and in flight', async () => {
    const { exec } = setup(() => json(429, {}, { 'retry-after': '30' }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const started = Date.now();
    const err: ConfluenceError = await exec.request({ ...get, signal: ac.signal }).catch((e) => e);
    assert.equal(err.code, 'ABORTED');
    assert.ok(Date.now() - started < 10_000, 'did not wait out the 30 s Retry-After');
    const s2 = setup(async (req) => {
      await new Promise((_res, rej) => req.signal!.addEventListener('abort', () => rej(new TransportError('ABORTED', 'aborted'))));
      return json(200, {});
    });
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 10);
    const err2: ConfluenceError = await s2.exec.request({ ...get, signal: ac2.signal }).catch((e) => e);
    assert.equal(err2.code, 'ABORTED');
  });

  it('never logs the token or the Authorization header', async () => {
    const { exec, logs } = setup((_r, i) => (i === 0 ? (() => { throw new TransportError('ECONNRESET', `reset while sending Authorization: ${AUTH}`); })() : json(200, {})));
    await exec.request({ ...get, url: `${get.url}?x=${TOKEN}` });
    const all = logs.join('\n');
    assert.ok(logs.length >= 2);
    assert.ok(!all.includes(TOKEN));
    assert.ok(!all.includes(AUTH.slice(6)));
  });

  it('counts requests by method and kind, bounded by the limiter', async () => {
    const { transport, exec } = setup(async () => {
      await delay(5);
      return json(200, {});
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => exec.request(i % 2 ? get : { ...post, kind: 'label' })));
    assert.equal(exec.stats.requests, 40);
    assert.equal(exec.stats.byMethod.GET, 20);
    assert.equal(exec.stats.byMethod.POST, 20);
    assert.equal(exec.stats.byKind.read, 20);
    assert.equal(exec.stats.byKind.label, 20);
    assert.ok(transport.peakInFlight <= 16, `peak ${transport.peakInFlight}`);
    assert.ok(transport.peakInFlight > 4, 'the limiter grew past its initial 4 slots');
  });

  it('parses Retry-After seconds and HTTP dates; builds comma-separated list queries', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('0.5'), 500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now), 3000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(buildUrl('https://x/p', { id: ['1', '2'], a: undefined, title: 'A B' }), 'https://x/p?id=1%2C2&title=A+B');
  });
});
