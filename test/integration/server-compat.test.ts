/**
 * What other Confluence clients (atlassian-python-api, md2conf, mark, confluence.js) rely on beyond what our own client
 * uses: removed Cloud v1 endpoints when served, web links under the Data Center context path, DC content lists by id
 * and `status=any`, attachments as content, cursor paging of Cloud content search, rendered bodies, unsupported
 * representations, users, children/descendants maps, and the small shape details.
 */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../src/server';
import { connectConfluence } from '../../src/core/confluence/index';
import { call, DEMO_BEARER, docsSpace, upload } from './server-helpers';

const DC = '/confluence/rest/api';
const W = '/wiki/rest/api';
const XSRF = { 'X-Atlassian-Token': 'no-check' };
const silent = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('local server: compatibility with other Confluence clients', () => {
  const servers: LocalServer[] = [];
  const start = async (o: LocalServerOptions = {}): Promise<LocalServer> => {
    const s = await startLocalServer(o);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    while (servers.length) await servers.pop()!.close();
  });

  describe("removed Cloud v1 endpoints with removedCloudV1: 'serve'", () => {
    it('creates, reads, updates pages, spaces, properties and attachment lists over /wiki/rest/api', async () => {
      const srv = await start({ removedCloudV1: 'serve' });
      const space = await docsSpace(srv);
      const created = await call(srv, 'POST', `${W}/content`, {
        type: 'page',
        title: 'V1 page',
        space: { key: 'DOCS' },
        ancestors: [{ id: space.homepageId }],
        body: { storage: { value: '<p>a</p>', representation: 'storage' } },
      });
      assert.equal(created.status, 200);
      assert.equal(created.json.version.number, 1);
      const id = created.json.id;
      const found = await call(srv, 'GET', `${W}/content?spaceKey=DOCS&title=V1%20page&expand=version,body.storage`);
      assert.equal(found.json.results[0].body.storage.value, '<p>a</p>');
      const upd = await call(srv, 'PUT', `${W}/content/${id}`, { id, type: 'page', title: 'V1 page', version: { number: 2 }, body: { storage: { value: '<p>b</p>', representation: 'storage' } } });
      assert.equal(upd.status, 200);
      assert.equal(upd.json.version.number, 2);
      assert.equal((await call(srv, 'GET', `${W}/space/DOCS`)).json.key, 'DOCS');
      assert.equal((await call(srv, 'POST', `${W}/content/${id}/property`, { key: 'k', value: { a: 1 } })).status, 200);
      assert.deepEqual((await call(srv, 'GET', `${W}/content/${id}/property/k`)).json.value, { a: 1 });
      await call(srv, 'POST', `${W}/content/${id}/child/attachment`, upload('a.png', 'PNG'), XSRF);
      const atts = await call(srv, 'GET', `${W}/content/${id}/child/attachment?filename=a.png`);
      assert.equal(atts.status, 200);
      assert.match(atts.json.results[0].id, /^att\d+$/);
    });

    for (const flavor of ['cloud', 'datacenter'] as const) {
      it(`our own client still publishes when the removed endpoints are served (${flavor})`, async () => {
        const srv = await start({ removedCloudV1: 'serve' });
        const client = await connectConfluence(
          flavor === 'cloud'
            ? { baseUrl: srv.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
            : { baseUrl: srv.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
          { logger: silent, retry: { baseDelayMs: 5, maxDelayMs: 50 }, hintContext: 'cli' },
        );
        try {
          assert.equal(client.capabilities.flavor, flavor);
          const space = await client.getSpace('DOCS');
          const page = await client.createPage({ spaceId: space.id, title: 'Served', parentId: space.homepageId, body: '<p>one</p>' });
          assert.equal((await client.updatePage({ id: page.id, title: 'Served', body: '<p>two</p>', version: 2 })).version, 2);
          await client.setProperty(page.id, 'docs-to-confluence', { hash: 'h' });
          assert.deepEqual((await client.getProperty<{ hash: string }>(page.id, 'docs-to-confluence'))?.value, { hash: 'h' });
          const att = await client.uploadAttachment({ pageId: page.id, fileName: 'd.png', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' });
          assert.equal((await client.listAttachments(page.id))[0].id, att.id);
          await client.restrictEditingTo(page.id, client.user);
          assert.deepEqual((await client.searchCql('title = "Served"')).map((p) => p.id), [page.id]);
        } finally {
          client.close();
        }
      });
    }
  });

  describe('Data Center web links', () => {
    const follow = async (url: string): Promise<{ status: number; location: string | null; text: string }> => {
      const res = await fetch(url, { redirect: 'manual' });
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    };

    for (const contextPath of ['/confluence', '']) {
      it(`webui, tinyui, edit, space and attachment links resolve under the context path '${contextPath}'`, async () => {
        const srv = await start({ dataCenterContextPath: contextPath });
        const api = `${contextPath}/rest/api`;
        const created = await call(srv, 'POST', `${api}/content`, { type: 'page', title: 'DC Web Page', space: { key: 'DOCS' }, body: { storage: { value: '<p>hello dc</p>', representation: 'storage' } } }, {}, DEMO_BEARER);
        assert.equal(created.status, 200);
        const links = created.json._links;
        assert.equal(links.base, `${srv.url}${contextPath}`);
        const webui = await follow(links.base + links.webui);
        assert.equal(webui.status, 200);
        assert.match(webui.text, /<h1 id="title-text">DC Web Page/);
        assert.match(webui.text, /hello dc/);
        // Links inside the DC view stay under the context path.
        assert.ok(webui.text.includes(`href="${contextPath}/spaces/DOCS/overview"`));
        for (const rel of ['tinyui', 'edit']) {
          const r = await follow(links.base + links[rel]);
          assert.equal(r.status, 302, rel);
          assert.equal(r.location, `${contextPath}${links.webui}`);
        }
        const display = await follow(`${links.base}/display/DOCS/DC+Web+Page`);
        assert.equal(display.location, `${contextPath}${links.webui}`);
        const space = await call(srv, 'GET', `${api}/space/DOCS`, undefined, {}, DEMO_BEARER);
        assert.equal((await follow(links.base + space.json._links.webui)).status, 200);
        const att = await call(srv, 'POST', `${api}/content/${created.json.id}/child/attachment`, upload('x.png', 'PNG'), XSRF, DEMO_BEARER);
        const attLinks = att.json.results[0]._links;
        assert.equal((await follow(links.base + attLinks.webui)).status, 302);
        const dl = await follow(links.base + attLinks.download);
        assert.equal(dl.status, 200);
        assert.equal(dl.text, 'PNG');
        assert.equal((await follow(`${links.base}/spaces/DOCS/pages/999999/Nope`)).status, 404);
      });
    }
  });
});
