/**
 * The keep-alive pool never hands out a socket the server has already closed (issue 13): the local server closes idle
 * sockets after 5 s. The server runs in its own process, so while this process is busy (a synchronous stretch of local
 * work, as a large conversion is) the server's close is not yet seen here; the next request must still not meet
 * ECONNRESET (which the executor would retry, logging a warning).
 */
import { strict as assert } from 'node:assert';
import { startServerProcess, type ServerProcess } from '../../bench/scaleProcess';
import { AdaptiveLimiter } from '../../src/core/confluence/limiter';
import { RequestExecutor } from '../../src/core/confluence/executor';
import { AxiosTransport } from '../../src/core/confluence/transport';

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* local work that does not yield */
  }
}

describe('keep-alive sockets after an idle stretch (server in its own process)', function () {
  this.timeout(60000);
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ latencyMs: 0 });
  });
  after(async () => {
    await server.close();
  });

  it('a request after 6 s idle (the last 2.5 s without yielding) reuses no closed socket: no ECONNRESET, no retry', async () => {
    const warnings: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
    const executor = new RequestExecutor({
      transport: new AxiosTransport(),
      limiter: new AdaptiveLimiter(),
      authorization: `Basic ${Buffer.from('demo@example.com:local-dev-token').toString('base64')}`,
      secrets: [],
      logger,
    });
    const get = () => executor.request({ method: 'GET', url: `${server.cloudBaseUrl}/api/v2/spaces`, operation: 'list spaces', kind: 'read' });
    try {
      await Promise.all([get(), get(), get()]); // three sockets in the pool
      await new Promise((r) => setTimeout(r, 3500));
      busy(2500); // the server closes its idle sockets at 5 s, while this process is not looking
      const res = await get();
      assert.equal(res.status, 200);
      assert.equal(executor.stats.networkErrors, 0, `no dropped connection: ${warnings.join(' | ')}`);
      assert.equal(executor.stats.retries, 0);
      assert.deepEqual(warnings.filter((w) => /ECONNRESET|socket hang up|EPIPE/i.test(w)), []);
    } finally {
      executor.close();
    }
  });
});
