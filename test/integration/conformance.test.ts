/**
 * Every request the client sends, on Cloud and on Data Center, is checked against Atlassian's OpenAPI documents
 * (test/support/openapi.ts): a path, method, query parameter or body field the documents do not define fails.
 */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { connectConfluence, AxiosTransport, type ConfluenceClient, type HttpRequest, type HttpResponse, type HttpTransport } from '../../src/core/confluence/index';
import { OpenApiCatalog, type CheckedRequest } from '../support/openapi';

function formFields(form: FormData): string[] {
  const names = new Set<string>();
  form.forEach((_value, name) => names.add(name));
  return [...names];
}

/** The real transport, recording what goes on the wire. */
class RecordingTransport implements HttpTransport {
  readonly sent: CheckedRequest[] = [];
  private readonly inner = new AxiosTransport();
  send(req: HttpRequest): Promise<HttpResponse> {
    this.sent.push({
      method: req.method,
      url: req.url,
      json: typeof req.body === 'string' ? JSON.parse(req.body) : undefined,
      formFields: req.body instanceof FormData ? formFields(req.body) : undefined,
    });
    return this.inner.send(req);
  }
  close(): void {
    this.inner.close();
  }
}

/** Every operation of the ConfluenceApi, including the recovery paths (duplicate upload, 409 re-read). */
async function exercise(client: ConfluenceClient, server: LocalServer): Promise<void> {
  await client.getCurrentUser();
  const space = await client.getSpace('DOCS');
  const parent = await client.createPage({ spaceId: space.id, title: 'Conformance', parentId: space.homepageId, body: '<p>a</p>' });
  const child = await client.createPage({ spaceId: space.id, title: 'Conformance child', parentId: parent.id, body: '<p>b</p>' });
  await client.getPage(parent.id, { body: true });
  await client.getPage(parent.id);
  await client.findPageByTitle(space.id, 'Conformance', { body: true });
  await client.listPages(space.id, { body: true });
  await client.listPages(space.id);
  await client.getChildren(parent.id);
  await client.updatePage({ id: parent.id, title: 'Conformance', body: '<p>a2</p>', version: 2, versionMessage: 'm', parentId: space.homepageId });
  await client.updatePage({ id: parent.id, title: 'Conformance', body: '<p>stale</p>', version: 2 }).catch(() => undefined);
  await client.addLabels(parent.id, ['one', 'two']);
  await client.removeLabel(parent.id, 'two');
  await client.getLabels(parent.id);
  await client.getProperty(parent.id, 'docs-to-confluence');
  await client.setProperty(parent.id, 'docs-to-confluence', { source: 'a.md', hash: '1', tool: 't' });
  await client.setProperty(parent.id, 'docs-to-confluence', { source: 'a.md', hash: '2', tool: 't' });
  const input = { pageId: parent.id, fileName: 'x.png', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png', comment: 'sha:1' };
  const att = await client.uploadAttachment(input);
  await client.uploadAttachment(input); // same name again: create-or-update / duplicate recovery
  await client.uploadAttachment({ ...input, existingId: att.id });
  await client.listAttachments(parent.id);
  const other = await client.createPage({ spaceId: space.id, title: 'Conformance other', body: '<p>o</p>' });
  await client.movePage(child.id, other.id);
  await client.searchCql('space = "DOCS" and type = page');
  await client.restrictEditingTo(other.id, client.user);
  if (client.capabilities.archive) await client.archivePage(other.id);
  // Recovery path: a dropped create is looked up before it is sent again.
  server.failNext(1, 'drop');
  await client.createPage({ spaceId: space.id, title: 'Conformance dropped', body: '<p/>' });
  await client.deletePage(child.id);
}

describe('conformance: every request matches the Atlassian OpenAPI documents', function () {
  this.timeout(60_000);
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer();
  });
  after(() => server.close());

  for (const flavor of ['cloud', 'datacenter'] as const) {
    it(`${flavor}: all requests are documented operations with valid bodies`, async () => {
      server.reset();
      const transport = new RecordingTransport();
      const client = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { transport, retry: { baseDelayMs: 5 } },
      );
      try {
        await exercise(client, server);
      } finally {
        client.close();
      }
      const catalog = new OpenApiCatalog('/confluence');
      const problems = transport.sent.flatMap((r) => catalog.check(r));
      const operations = new Set(transport.sent.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/\/\d+|\/att\d+/g, '/{id}')}`));
      assert.ok(operations.size >= 15, `exercised ${operations.size} distinct operations`);
      assert.deepEqual(problems, []);
    });
  }

  it('the checker rejects undocumented paths, methods, parameters and bodies', () => {
    const catalog = new OpenApiCatalog('/confluence');
    const base = 'http://127.0.0.1:1';
    assert.match(catalog.check({ method: 'GET', url: `${base}/wiki/rest/api/content?spaceKey=DOCS` })[0], /no GET operation|no such path/);
    assert.match(catalog.check({ method: 'GET', url: `${base}/wiki/api/v2/nope` })[0], /no such path/);
    assert.match(catalog.check({ method: 'PATCH', url: `${base}/wiki/api/v2/pages/1` })[0], /no PATCH operation/);
    assert.match(catalog.check({ method: 'GET', url: `${base}/wiki/api/v2/pages?bogus=1` })[0], /"bogus" is not defined/);
    assert.ok(catalog.check({ method: 'POST', url: `${base}/wiki/api/v2/pages`, json: { title: 'x' } }).some((p) => /spaceId is required/.test(p)));
    assert.ok(catalog.check({ method: 'PUT', url: `${base}/wiki/api/v2/pages/1`, json: { id: '1', status: 'current', title: 't', body: {}, version: { number: 2 }, extra: 1 } }).some((p) => /extra is not defined/.test(p)));
    assert.ok(catalog.check({ method: 'POST', url: `${base}/wiki/rest/api/content/1/child/attachment`, formFields: ['comment'] }).some((p) => /"file" missing/.test(p)));
    assert.deepEqual(catalog.check({ method: 'GET', url: `${base}/confluence/rest/api/content?spaceKey=DOCS&type=page&limit=250&expand=version` }), []);
    assert.match(catalog.check({ method: 'GET', url: `${base}/elsewhere/api` })[0], /not under any documented API base/);
  });
});
