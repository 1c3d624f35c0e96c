/** Fault injection of the local server: 429 + Retry-After, 5xx rate, dropped connections, latency, seeds, admin API. */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server';
import { call } from './server-helpers';

/** Status of one request, or 'drop' when the connection closed without an answer. */
async function outcome(srv: LocalServer, path = '/wiki/api/v2/spaces'): Promise<number | 'drop'> {
  try {
    return (await call(srv, 'GET', path)).status;
  } catch (err) {
    assert.match(String((err as Error & { cause?: unknown }).cause ?? err), /socket|closed|ECONNRESET|terminated/i);
    return 'drop';
  }
}

async function sequence(srv: LocalServer, n: number): Promise<Array<number | 'drop'>> {
  const out: Array<number | 'drop'> = [];
  for (let i = 0; i < n; i++) out.push(await outcome(srv));
  return out;
}

describe('local server: faults', () => {
  const servers: LocalServer[] = [];
  const start = async (...args: Parameters<typeof startLocalServer>): Promise<LocalServer> => {
    const s = await startLocalServer(...args);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('rate-limits with a token bucket: 429, Retry-After in seconds, X-RateLimit headers, v2 envelope', async () => {
    const srv = await start({ faults: { rateLimitPerSecond: 3 } });
    // A burst of 8 at once: the bucket holds 3.
    const replies = await Promise.all(Array.from({ length: 8 }, () => call(srv, 'GET', '/wiki/api/v2/spaces')));
    const statuses = replies.map((r) => r.status);
    assert.ok(statuses.filter((s) => s === 200).length >= 3, statuses.join(','));
    // Answered requests carry the quota: limit, what is left, and NearLimit once under 20 %.
    const answered = replies.filter((r) => r.status === 200);
    assert.ok(answered.every((r) => r.headers.get('x-ratelimit-limit') === '3'));
    assert.ok(answered.some((r) => r.headers.get('x-ratelimit-remaining') === '0' && r.headers.get('x-ratelimit-nearlimit') === 'true'));
    const limited = replies.filter((r) => r.status === 429);
    assert.ok(limited.length >= 3, statuses.join(','));
    const r = limited[0];
    assert.match(r.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.equal(r.headers.get('x-ratelimit-limit'), '3');
    assert.equal(r.headers.get('x-ratelimit-remaining'), '0');
    assert.match(r.headers.get('x-ratelimit-reset') ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    assert.equal(r.json.errors[0].status, 429);
    // v1 routes answer in the v1 envelope.
    const v1 = await call(srv, 'GET', '/wiki/rest/api/user/current');
    if (v1.status === 429) assert.equal(v1.json.statusCode, 429);
    // After waiting Retry-After the bucket has refilled.
    await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after')) * 1000));
    assert.equal((await call(srv, 'GET', '/wiki/api/v2/spaces')).status, 200);
    assert.ok((srv.stats().faults['rate-limit'] ?? 0) >= 2);
  });

  it('answers a share of requests with 5xx (503 carries Retry-After) at errorRate', async () => {
    const srv = await start({ faults: { errorRate: 0.3, seed: 7 } });
    const statuses = await sequence(srv, 200);
    const errors = statuses.filter((s) => typeof s === 'number' && s >= 500);
    assert.ok(errors.length > 30 && errors.length < 90, `errors: ${errors.length}/200`);
    assert.ok(errors.every((s) => [500, 502, 503, 504].includes(s as number)));
    assert.equal(statuses.filter((s) => s === 200).length, 200 - errors.length);
    srv.failNext(1, 'unavailable');
    const r = await call(srv, 'GET', '/wiki/api/v2/spaces');
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '1');
  });

  it('drops connections without an answer at dropRate', async () => {
    const srv = await start({ faults: { dropRate: 1 } });
    assert.equal(await outcome(srv), 'drop');
    srv.setFaults({ dropRate: 0 });
    assert.equal(await outcome(srv), 200);
    assert.equal(srv.requestLog.filter((e) => e.fault === 'drop').length, 1);
  });

  it('delays API requests by latencyMs and marks them in the request log', async () => {
    const srv = await start({ faults: { latencyMs: 250 } });
    const t0 = Date.now();
    assert.equal((await call(srv, 'GET', '/wiki/api/v2/spaces')).status, 200);
    assert.ok(Date.now() - t0 >= 240, `took ${Date.now() - t0} ms`);
    assert.equal(srv.requestLog[0].fault, 'latency');
    assert.ok(srv.requestLog[0].durationMs >= 240);
  });

  it('is reproducible from a seed: same seed, same fault sequence; another seed differs', async () => {
    const faults = { errorRate: 0.25, dropRate: 0.1 };
    const a = await start({ faults, seed: 1234 });
    const b = await start({ faults, seed: 1234 });
    const c = await start({ faults, seed: 99 });
    const sa = await sequence(a, 60);
    const sb = await sequence(b, 60);
    const sc = await sequence(c, 60);
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
    assert.ok(sa.includes('drop') && sa.some((s) => typeof s === 'number' && s >= 500), sa.join(','));
    // Re-seeding at runtime replays the sequence.
    a.setFaults({ seed: 1234 });
    assert.deepEqual(await sequence(a, 60), sa);
  });

  it('scripts the next failures with failNext, then answers normally', async () => {
    const srv = await start();
    srv.failNext(2, 'rate-limit');
    srv.failNext(1, 'error');
    assert.deepEqual(await sequence(srv, 4), [429, 429, 500, 200]);
  });

  it('limits faults to matching paths and methods', async () => {
    const srv = await start({ faults: { errorRate: 1, methods: ['PUT'] } });
    assert.equal(await outcome(srv), 200);
    srv.setFaults({ methods: [], pathPattern: '/pages' });
    assert.equal(await outcome(srv), 200);
    const hit = await outcome(srv, '/wiki/api/v2/pages');
    assert.ok(typeof hit === 'number' && hit >= 500, String(hit));
  });

  it('is controlled over HTTP by the admin endpoints (faults, fail-next, state, requests, reset)', async () => {
    const srv = await start();
    const admin = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(srv.url + path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, json: await r.json() };
    };
    const set = await admin('POST', '/__admin/faults', { errorRate: 1, seed: 5 });
    assert.equal(set.status, 200);
    assert.equal(set.json.errorRate, 1);
    assert.equal((await admin('GET', '/__admin/faults')).json.seed, 5);
    const injected = await outcome(srv);
    assert.ok(typeof injected === 'number' && injected >= 500 && injected <= 504, String(injected));
    await admin('POST', '/__admin/faults', { errorRate: 0 });
    assert.equal((await admin('POST', '/__admin/fail-next', { n: 1, kind: 'drop' })).status, 200);
    assert.equal(await outcome(srv), 'drop');
    assert.equal((await admin('POST', '/__admin/faults', { errorRate: 2 })).status, 400);
    assert.equal((await admin('POST', '/__admin/fail-next', { n: 1, kind: 'explode' })).status, 400);
    const badPattern = await admin('POST', '/__admin/faults', { pathPattern: '([' });
    assert.equal(badPattern.status, 400);
    assert.match(badPattern.json.message, /Invalid fault pathPattern/);
    const state = await admin('GET', '/__admin/state');
    assert.equal(state.json.data.spaces[0].key, 'DOCS');
    assert.equal(state.json.stats.requests, 2);
    assert.deepEqual(state.json.stats.byMethod, {}, 'an injected 5xx or drop is not a handled request');
    assert.equal(await outcome(srv), 200);
    assert.deepEqual((await admin('GET', '/__admin/stats')).json.byMethod, { GET: 1 }, 'handled requests by method (reads vs writes)');
    const log = await admin('GET', '/__admin/requests');
    assert.ok(log.json.some((e: { fault?: string }) => e.fault === 'drop'));
    assert.equal((await admin('POST', '/__admin/reset')).status, 200);
    assert.equal(srv.requestLog.length, 0);
    assert.equal(await outcome(srv), 200);
  });
});
