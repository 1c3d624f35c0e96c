/**
 * Issue 10 case 6: a wrong token against a loopback site that answers /_edge/tenant_info (the local server does) is
 * one clear 401, quickly, and the credentials go to no other host: the api.atlassian.com gateway is only for
 * *.atlassian.net sites.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/context';
import { runCli } from '../../src/cli/program';
import { connectConfluence, type ConfluenceError } from '../../src/core/confluence/index';
import { AxiosTransport, TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from '../../src/core/confluence/transport';
import { startLocalServer, type LocalServer } from '../../src/server/index';

/** The real transport, recording every host; any host but this machine fails like an offline DNS would. */
class RecordingTransport implements HttpTransport {
  readonly hosts: string[] = [];
  private readonly inner = new AxiosTransport();
  async send(req: HttpRequest): Promise<HttpResponse> {
    const host = new URL(req.url).hostname;
    this.hosts.push(host);
    if (host !== '127.0.0.1' && host !== 'localhost') throw new TransportError('ENOTFOUND', `getaddrinfo ENOTFOUND ${host}`);
    return this.inner.send(req);
  }
  close(): void {
    this.inner.close();
  }
}

describe('scoped-token gateway is never used for a loopback site', function () {
  this.timeout(30000);
  let server: LocalServer;
  let gateway: LocalServer;

  before(async () => {
    server = await startLocalServer();
    gateway = await startLocalServer();
  });
  after(async () => {
    await server.close();
    await gateway.close();
  });
  beforeEach(() => {
    server.reset();
    gateway.reset();
  });

  it('a wrong token is one 401 from the site; no request reaches api.atlassian.com', async () => {
    const transport = new RecordingTransport();
    const started = Date.now();
    const err: ConfluenceError = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'wrong-token-0123456789' }, { transport }).catch((e) => e);
    assert.equal(err.status, 401, err.message);
    assert.deepEqual([...new Set(transport.hosts)], ['127.0.0.1']);
    assert.ok(!server.requestLog.some((r) => r.path === '/_edge/tenant_info'), 'the tenant look-up is only for *.atlassian.net');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('a configured gateway (test seam) is never called for a loopback site', async () => {
    const err: ConfluenceError = await connectConfluence(
      { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'wrong-token-0123456789' },
      { gatewayUrl: gateway.url },
    ).catch((e) => e);
    assert.equal(err.status, 401);
    assert.deepEqual(gateway.requestLog, []);
  });

  it('the CLI reports one clear 401 without retry lines, quickly', async () => {
    const root = mkdtempSync(join(tmpdir(), 'd2c-gw-'));
    try {
      cpSync(join(__dirname, '../../samples/docs'), join(root, 'docs'), { recursive: true });
      let out = '';
      let errText = '';
      const io: CliIO = {
        cwd: root,
        env: { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'wrong-token-0123456789', CONFLUENCE_SPACE: 'DOCS' },
        stdout: (t) => (out += t),
        stderr: (t) => (errText += t),
        isTTY: false,
      };
      const started = Date.now();
      const code = await runCli(['plan'], io);
      assert.equal(code, 1);
      assert.match(errText, /HTTP 401/);
      assert.match(errText, /CONFLUENCE_API_TOKEN/);
      assert.doesNotMatch(errText, /retry|api\.atlassian\.com|gateway/i, errText);
      assert.equal(errText.match(/^error:/gm)?.length, 1, errText);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.ok(!server.requestLog.some((r) => r.path === '/_edge/tenant_info'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
