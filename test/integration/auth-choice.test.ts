/**
 * Issue 16: the sign-in choice over HTTP against the local server. `auth: 'scoped'` goes to the gateway
 * (/ex/confluence/{cloudId}) of an Atlassian Cloud site and never to the site's own API; a refused token without the
 * choice never reaches the gateway; CONFLUENCE_AUTH=pat / scoped from the CLI environment.
 */
import { strict as assert } from 'node:assert';
import { connectConfluence, type ConfluenceError } from '../../src/core/confluence/index';
import { AxiosTransport, type HttpRequest, type HttpResponse, type HttpTransport } from '../../src/core/confluence/transport';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { useCliHarness } from './cli-client-harness';

/** Real HTTP to the local server for the Atlassian host names (as DNS would), recording which host each request was for. */
class AtlassianHostsTransport implements HttpTransport {
  readonly hosts: string[] = [];
  private readonly inner = new AxiosTransport();
  constructor(private readonly server: LocalServer) {}
  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    this.hosts.push(url.hostname);
    const target = new URL(this.server.url);
    url.protocol = target.protocol;
    url.host = target.host;
    return this.inner.send({ ...req, url: url.toString() });
  }
  close(): void {
    this.inner.close();
  }
}

describe('sign-in choice: scoped API tokens through the gateway, never by guess', function () {
  this.timeout(30000);
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer({ cloudId: 'cloud-abc' });
  });
  after(async () => server.close());
  beforeEach(() => server.reset());

  it("auth scoped: the site's tenant_info, then only the gateway; the client works through it", async () => {
    const transport = new AtlassianHostsTransport(server);
    const client = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'demo@example.com', apiToken: 'local-dev-token', auth: 'scoped' }, { transport });
    const space = await client.getSpace('DOCS');
    assert.equal(space.key, 'DOCS');
    assert.deepEqual(transport.hosts.slice(0, 2), ['acme.atlassian.net', 'api.atlassian.com']);
    assert.ok(transport.hosts.slice(1).every((h) => h === 'api.atlassian.com'), transport.hosts.join(' '));
    // The site (acme) was asked only for its cloud id; every API request went to the gateway path.
    const paths = server.requestLog.map((e) => e.path).filter((p) => p !== '/_edge/tenant_info');
    assert.ok(paths.length >= 3 && paths.every((p) => p.startsWith('/ex/confluence/cloud-abc/wiki/')), paths.join(' '));
  });

  it('auth scoped with the cloud id given: nothing is asked of the site', async () => {
    const transport = new AtlassianHostsTransport(server);
    await connectConfluence({ baseUrl: 'https://acme.atlassian.net/wiki', email: 'demo@example.com', apiToken: 'local-dev-token', auth: 'scoped', cloudId: 'cloud-abc' }, { transport });
    assert.deepEqual([...new Set(transport.hosts)], ['api.atlassian.com']);
  });

  it('without the choice, a token the site refuses is a 401 that names scoped sign-in; the gateway sees nothing', async () => {
    const transport = new AtlassianHostsTransport(server);
    const err: ConfluenceError = await connectConfluence({ baseUrl: 'https://acme.atlassian.net', email: 'demo@example.com', apiToken: 'wrong-token-0123456789' }, { transport, hintContext: 'cli' }).catch((e) => e);
    assert.equal(err.status, 401);
    assert.match(err.hint, /CONFLUENCE_AUTH=scoped/);
    assert.deepEqual([...new Set(transport.hosts)], ['acme.atlassian.net']);
    assert.ok(!server.requestLog.some((e) => e.path.startsWith('/ex/') || e.path === '/_edge/tenant_info'));
  });
});

describe('CLI: CONFLUENCE_AUTH against the local server', function () {
  this.timeout(60000);
  const h = useCliHarness();

  it('pat: the PAT is used even with an e-mail and a (wrong) API token in the environment', async () => {
    const r = await h.cli(['plan'], {
      CONFLUENCE_URL: h.server.dataCenterBaseUrl,
      CONFLUENCE_API_TOKEN: 'wrong-token-0123456789',
      CONFLUENCE_PAT: 'local-dev-pat',
      CONFLUENCE_AUTH: 'pat',
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Plan for space DOCS/);
  });

  it('scoped with a site that is not Atlassian Cloud: a clear error, and no request leaves', async () => {
    const r = await h.cli(['plan'], { CONFLUENCE_AUTH: 'scoped' });
    assert.equal(r.code, 1);
    assert.match(r.err, /scoped API tokens work only with Atlassian Cloud sites/);
    assert.deepEqual(h.server.requestLog, []);
    const bad = await h.cli(['plan'], { CONFLUENCE_AUTH: 'token' });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /CONFLUENCE_AUTH must be scoped, basic or pat/);
  });
});
