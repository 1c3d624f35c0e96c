/**
 * What other Confluence clients (atlassian-python-api, md2conf, mark, confluence.js) rely on beyond what our own client
 * uses: removed Cloud v1 endpoints when served, web links under the Data Center context path, DC content lists by id
 * and `status=any`, attachments as content, cursor paging of Cloud content search, rendered bodies, unsupported
 * representations, users, children/descendants maps, and the small shape details.
 */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../src/server';
import { connectConfluence } from '../../src/core/confluence/index';
import { call, createPage, DEMO_BEARER, docsSpace, upload } from './server-helpers';

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

  describe('Data Center content lists and attachments as content', () => {
    it('GET /content honours ids (pages and attachments) and status=any (current and trashed), also on GET /content/{id}', async () => {
      const srv = await start();
      const mk = async (title: string) =>
        (await call(srv, 'POST', `${DC}/content`, { type: 'page', title, space: { key: 'DOCS' }, body: { storage: { value: '<p/>', representation: 'storage' } } }, {}, DEMO_BEARER)).json;
      const a = await mk('Alpha');
      const b = await mk('Beta');
      await mk('Gamma');
      const byIds = await call(srv, 'GET', `${DC}/content?ids=${b.id},${a.id}`, undefined, {}, DEMO_BEARER);
      assert.equal(byIds.status, 200);
      assert.deepEqual(byIds.json.results.map((x: { id: string }) => x.id).sort(), [a.id, b.id].sort());
      assert.equal((await call(srv, 'DELETE', `${DC}/content/${b.id}`, undefined, {}, DEMO_BEARER)).status, 204);
      // Default status is current: the trashed page drops out; status=any brings it back with the current ones.
      assert.deepEqual((await call(srv, 'GET', `${DC}/content?ids=${a.id},${b.id}`, undefined, {}, DEMO_BEARER)).json.results.map((x: { id: string }) => x.id), [a.id]);
      const any = await call(srv, 'GET', `${DC}/content?spaceKey=DOCS&title=Beta&status=any`, undefined, {}, DEMO_BEARER);
      assert.deepEqual(any.json.results.map((x: { id: string; status: string }) => [x.id, x.status]), [[b.id, 'trashed']]);
      const anyAll = await call(srv, 'GET', `${DC}/content?spaceKey=DOCS&status=any&limit=100`, undefined, {}, DEMO_BEARER);
      assert.deepEqual(new Set(anyAll.json.results.map((x: { status: string }) => x.status)), new Set(['current', 'trashed']));
      assert.equal((await call(srv, 'GET', `${DC}/content/${b.id}`, undefined, {}, DEMO_BEARER)).status, 404);
      const one = await call(srv, 'GET', `${DC}/content/${b.id}?status=any`, undefined, {}, DEMO_BEARER);
      assert.equal(one.status, 200);
      assert.equal(one.json.status, 'trashed');
      assert.equal((await call(srv, 'GET', `${DC}/content/${a.id}?status=any`, undefined, {}, DEMO_BEARER)).json.status, 'current');
      // ids also finds attachments (all types are returned when fetching by ids).
      const att = (await call(srv, 'POST', `${DC}/content/${a.id}/child/attachment`, upload('f.txt', 'hi', 'text/plain'), XSRF, DEMO_BEARER)).json.results[0];
      const mixed = await call(srv, 'GET', `${DC}/content?ids=${a.id},${att.id}`, undefined, {}, DEMO_BEARER);
      assert.deepEqual(mixed.json.results.map((x: { type: string }) => x.type), ['page', 'attachment']);
    });

    it('attachment ids are numeric on Data Center (att-prefixed on Cloud); DELETE …/child/attachment/{id} and GET/DELETE /content/{id} work on them', async () => {
      const srv = await start();
      const space = await docsSpace(srv);
      const page = (await call(srv, 'POST', `${DC}/content`, { type: 'page', title: 'Files', space: { key: 'DOCS' }, body: { storage: { value: '<p/>', representation: 'storage' } } }, {}, DEMO_BEARER)).json;
      const up = await call(srv, 'POST', `${DC}/content/${page.id}/child/attachment`, upload('one.png', 'ONE'), XSRF, DEMO_BEARER);
      const att = up.json.results[0];
      assert.match(att.id, /^\d+$/);
      assert.ok(att._links.self.endsWith(`/confluence/rest/api/content/${att.id}`));
      assert.equal((await call(srv, 'GET', `${DC}/content/${page.id}/child/attachment`, undefined, {}, DEMO_BEARER)).json.results[0].id, att.id);
      // The same attachment through the Cloud APIs keeps its att prefix.
      const cloudList = await call(srv, 'GET', `/wiki/api/v2/pages/${page.id}/attachments`);
      assert.equal(cloudList.json.results[0].id, `att${att.id}`);

      const asContent = await call(srv, 'GET', `${DC}/content/${att.id}`, undefined, {}, DEMO_BEARER);
      assert.equal(asContent.status, 200);
      assert.equal(asContent.json.type, 'attachment');
      assert.equal(asContent.json.title, 'one.png');
      assert.equal(asContent.json.container.id, page.id);
      assert.equal((await call(srv, 'GET', `${DC}/content/${att.id}/child/attachment`, undefined, {}, DEMO_BEARER)).status, 404);

      // DELETE …/child/attachment/{attachmentId} → 204; it is gone from the list and from GET /content/{id}.
      assert.equal((await call(srv, 'DELETE', `${DC}/content/${page.id}/child/attachment/${att.id}`, undefined, {}, DEMO_BEARER)).status, 204);
      assert.equal((await call(srv, 'GET', `${DC}/content/${page.id}/child/attachment`, undefined, {}, DEMO_BEARER)).json.results.length, 0);
      assert.equal((await call(srv, 'GET', `${DC}/content/${att.id}`, undefined, {}, DEMO_BEARER)).status, 404);
      assert.equal((await call(srv, 'GET', `${DC}/content/${att.id}?status=trashed`, undefined, {}, DEMO_BEARER)).json.status, 'trashed');
      assert.equal((await call(srv, 'DELETE', `${DC}/content/${page.id}/child/attachment/${att.id}`, undefined, {}, DEMO_BEARER)).status, 404);
      // Purge from the trash through DELETE /content/{id}?status=trashed.
      assert.equal((await call(srv, 'DELETE', `${DC}/content/${att.id}?status=trashed`, undefined, {}, DEMO_BEARER)).status, 204);
      assert.equal((await call(srv, 'GET', `${DC}/content/${att.id}?status=any`, undefined, {}, DEMO_BEARER)).status, 404);

      // DELETE /content/{attachmentId} trashes an attachment; the page itself is untouched.
      const two = (await call(srv, 'POST', `${DC}/content/${page.id}/child/attachment`, upload('two.png', 'TWO'), XSRF, DEMO_BEARER)).json.results[0];
      assert.equal((await call(srv, 'DELETE', `${DC}/content/${two.id}`, undefined, {}, DEMO_BEARER)).status, 204);
      assert.equal((await call(srv, 'GET', `${DC}/content/${page.id}/child/attachment`, undefined, {}, DEMO_BEARER)).json.results.length, 0);
      assert.equal((await call(srv, 'GET', `${DC}/content/${page.id}`, undefined, {}, DEMO_BEARER)).json.status, 'current');

      // New versions by numeric id (POST …/{attachmentId}/data), as DC clients do.
      const three = (await call(srv, 'POST', `${DC}/content/${page.id}/child/attachment`, upload('three.png', 'v1'), XSRF, DEMO_BEARER)).json.results[0];
      const v2 = await call(srv, 'POST', `${DC}/content/${page.id}/child/attachment/${three.id}/data`, upload('three.png', 'v2'), XSRF, DEMO_BEARER);
      assert.equal(v2.json.id, three.id);
      assert.equal(v2.json.version.number, 2);

      // Cloud v1 ids stay att-prefixed, and Cloud has no DELETE on …/child/attachment/{id}.
      const cloudUp = await call(srv, 'POST', `${W}/content/${space.homepageId}/child/attachment`, upload('c.png', 'C'), XSRF);
      assert.match(cloudUp.json.results[0].id, /^att\d+$/);
      assert.equal((await call(srv, 'DELETE', `${W}/content/${space.homepageId}/child/attachment/${cloudUp.json.results[0].id}`)).status, 405);
    });
  });

  it('Cloud v1 GET /content/search pages with a cursor in _links.next (Data Center with start)', async () => {
    const srv = await start();
    const space = await docsSpace(srv);
    for (const t of ['S1', 'S2', 'S3']) assert.equal((await createPage(srv, space.id, t)).status, 200);
    const cql = encodeURIComponent('space = DOCS and type = page order by id');
    const seen: string[] = [];
    let next: string | undefined = `${W}/content/search?cql=${cql}&limit=2`;
    let pages = 0;
    while (next) {
      const r = await call(srv, 'GET', next);
      assert.equal(r.status, 200);
      seen.push(...r.json.results.map((x: { title: string }) => x.title));
      const link: string | undefined = r.json._links.next;
      if (link) {
        // Relative to _links.base (…/wiki), carrying a cursor and no start.
        const u = new URL(link, 'http://x');
        assert.ok(u.searchParams.get('cursor'), link);
        assert.equal(u.searchParams.get('start'), null);
        assert.ok(link.startsWith('/rest/api/content/search?'), link);
        next = new URL(r.json._links.base).pathname + link;
      } else next = undefined;
      pages++;
    }
    assert.equal(pages, 2);
    assert.deepEqual(seen, ['Documentation Home', 'S1', 'S2', 'S3']);
    const dc = await call(srv, 'GET', `${DC}/content/search?cql=${cql}&limit=2`, undefined, {}, DEMO_BEARER);
    assert.match(dc.json._links.next, /[?&]start=2/);
  });

  describe('bodies', () => {
    const STORAGE =
      '<p>See <ac:link><ri:page ri:content-title="Target" /><ac:plain-text-link-body><![CDATA[the target]]></ac:plain-text-link-body></ac:link> and <strong>bold</strong>.</p>' +
      '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>Note</p></ac:rich-text-body></ac:structured-macro>';

    it('v1 expand=body.view / body.export_view return rendered HTML with links resolved (Cloud served and Data Center)', async () => {
      const srv = await start({ removedCloudV1: 'serve' });
      const space = await docsSpace(srv);
      const target = (await createPage(srv, space.id, 'Target')).json;
      const page = (await createPage(srv, space.id, 'Rendered', { value: STORAGE })).json;
      for (const [api, auth, site] of [
        [W, undefined, '/wiki'],
        [DC, DEMO_BEARER, '/confluence'],
      ] as const) {
        const r = await call(srv, 'GET', `${api}/content/${page.id}?expand=body.view,body.export_view,body.storage`, undefined, {}, auth);
        assert.equal(r.status, 200);
        assert.equal(r.json.body.storage.value, STORAGE);
        for (const f of ['view', 'export_view']) {
          const b = r.json.body[f];
          assert.equal(b.representation, f);
          assert.match(b.value, /<strong>bold<\/strong>/);
          assert.doesNotMatch(b.value, /ac:structured-macro|ri:page/);
          assert.ok(b.value.includes(`href="${site}/spaces/DOCS/pages/${target.id}/Target"`), b.value);
          assert.match(b.value, /the target/);
          assert.match(b.value, /Note/);
        }
        // Without a body expansion there is no body.
        assert.equal((await call(srv, 'GET', `${api}/content/${page.id}`, undefined, {}, auth)).json.body, undefined);
      }
      // Lists and search expand it too.
      const list = await call(srv, 'GET', `${DC}/content?spaceKey=DOCS&title=Rendered&expand=body.view`, undefined, {}, DEMO_BEARER);
      assert.match(list.json.results[0].body.view.value, /<strong>bold<\/strong>/);
      // The v2 rendered body resolves the same link.
      const v2 = await call(srv, 'GET', `/wiki/api/v2/pages/${page.id}?body-format=export_view`);
      assert.ok(v2.json.body.export_view.value.includes(`/wiki/spaces/DOCS/pages/${target.id}/Target`));
    });

    it('ADF is refused with a clear 400 instead of an empty document; wiki and ADF writes are 400 naming the representation', async () => {
      const srv = await start({ removedCloudV1: 'serve' });
      const space = await docsSpace(srv);
      const page = (await createPage(srv, space.id, 'Plain')).json;
      for (const path of [`/wiki/api/v2/pages/${page.id}?body-format=atlas_doc_format`, `/wiki/api/v2/pages?space-id=${space.id}&body-format=atlas_doc_format`]) {
        const r = await call(srv, 'GET', path);
        assert.equal(r.status, 400, path);
        assert.equal(r.json.errors[0].code, 'INVALID_REQUEST_PARAMETER');
        assert.match(r.json.errors[0].title, /'atlas_doc_format' is not supported by this local Confluence server/);
      }
      const v1adf = await call(srv, 'GET', `${W}/content/${page.id}?expand=body.atlas_doc_format`);
      assert.equal(v1adf.status, 400);
      assert.match(v1adf.json.message, /atlas_doc_format/);

      const adfDoc = JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }] });
      for (const [representation, value] of [
        ['wiki', 'h1. Title'],
        ['atlas_doc_format', adfDoc],
      ]) {
        const create = await call(srv, 'POST', '/wiki/api/v2/pages', { spaceId: space.id, status: 'current', title: `New ${representation}`, body: { representation, value } });
        assert.equal(create.status, 400, representation);
        assert.match(create.json.errors[0].title, new RegExp(`'${representation}' is not supported by this local Confluence server`));
        const upd = await call(srv, 'PUT', `/wiki/api/v2/pages/${page.id}`, { id: page.id, status: 'current', title: 'Plain', version: { number: 2 }, body: { representation, value } });
        assert.equal(upd.status, 400);
        assert.match(upd.json.errors[0].title, /not supported by this local Confluence server/);
      }
      // Nothing was created or changed.
      assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&title=New%20wiki`)).json.results.length, 0);
      assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${page.id}`)).json.version.number, 1);

      // Data Center / v1: body.wiki (and a storage key carrying representation wiki) → 400 naming it.
      for (const body of [{ wiki: { value: 'h1. x', representation: 'wiki' } }, { storage: { value: 'h1. x', representation: 'wiki' } }]) {
        const r = await call(srv, 'POST', `${DC}/content`, { type: 'page', title: 'DC wiki', space: { key: 'DOCS' }, body }, {}, DEMO_BEARER);
        assert.equal(r.status, 400);
        assert.equal(r.json.statusCode, 400);
        assert.match(r.json.message, /Body representation 'wiki' is not supported by this local Confluence server/);
      }
      const cloudV1 = await call(srv, 'POST', `${W}/content`, { type: 'page', title: 'ADF v1', space: { key: 'DOCS' }, body: { atlas_doc_format: { value: adfDoc, representation: 'atlas_doc_format' } } });
      assert.equal(cloudV1.status, 400);
      assert.match(cloudV1.json.message, /'atlas_doc_format' is not supported/);
    });
  });

  describe('users', () => {
    it('Cloud users carry accountId, accountType, email, publicName, displayName (no username/userKey); GET /user?accountId= and _links.self resolve', async () => {
      const srv = await start({ users: [{ email: 'demo@example.com' }, { email: 'alice@example.com', apiToken: 'a' }] });
      const me = await call(srv, 'GET', `${W}/user/current`);
      assert.equal(me.json.type, 'known');
      assert.equal(me.json.accountType, 'atlassian');
      assert.equal(me.json.email, 'demo@example.com');
      assert.equal(me.json.publicName, 'Demo User');
      assert.equal(me.json.displayName, 'Demo User');
      assert.ok(!('username' in me.json) && !('userKey' in me.json));
      const self = await fetch(me.json._links.self, { headers: { Authorization: 'Basic ' + Buffer.from('demo@example.com:local-dev-token').toString('base64') } });
      assert.equal(self.status, 200);
      assert.equal(((await self.json()) as { accountId: string }).accountId, me.json.accountId);
      const alice = srv.users[1];
      const byId = await call(srv, 'GET', `${W}/user?accountId=${encodeURIComponent(alice.accountId)}`);
      assert.equal(byId.status, 200);
      assert.equal(byId.json.email, 'alice@example.com');
      assert.equal((await call(srv, 'GET', `${W}/user?accountId=nobody`)).status, 404);
      assert.equal((await call(srv, 'GET', `${W}/user?username=alice`)).status, 400);
      assert.equal((await call(srv, 'GET', `${W}/user`)).status, 400);
    });

    it('Data Center users carry username, an opaque hex userKey, displayName, type known (no accountId/e-mail); GET /user?username=|key= and _links.self resolve', async () => {
      const srv = await start({ users: [{ email: 'demo@example.com' }, { email: 'alice@example.com' }] });
      const me = await call(srv, 'GET', `${DC}/user/current`, undefined, {}, DEMO_BEARER);
      assert.equal(me.json.type, 'known');
      assert.equal(me.json.username, 'demo');
      assert.match(me.json.userKey, /^[0-9a-f]{32}$/);
      assert.equal(me.json.displayName, 'Demo User');
      for (const k of ['accountId', 'accountType', 'email', 'publicName']) assert.ok(!(k in me.json), k);
      const self = await fetch(me.json._links.self, { headers: { Authorization: DEMO_BEARER } });
      assert.equal(self.status, 200);
      assert.equal(((await self.json()) as { username: string }).username, 'demo');
      const byName = await call(srv, 'GET', `${DC}/user?username=alice`, undefined, {}, DEMO_BEARER);
      assert.equal(byName.json.displayName, 'Alice');
      assert.notEqual(byName.json.userKey, me.json.userKey);
      assert.equal((await call(srv, 'GET', `${DC}/user?key=${byName.json.userKey}`, undefined, {}, DEMO_BEARER)).json.username, 'alice');
      assert.equal((await call(srv, 'GET', `${DC}/user?username=nobody`, undefined, {}, DEMO_BEARER)).status, 404);
      assert.equal((await call(srv, 'GET', `${DC}/user`, undefined, {}, DEMO_BEARER)).status, 400);
      // Version authors and restrictions use the same shape, and restrictions accept a userKey.
      const page = (await call(srv, 'POST', `${DC}/content`, { type: 'page', title: 'Keyed', space: { key: 'DOCS' }, body: { storage: { value: '<p/>', representation: 'storage' } } }, {}, DEMO_BEARER)).json;
      assert.equal(page.version.by.userKey, me.json.userKey);
      const put = await call(srv, 'PUT', `${DC}/content/${page.id}/restriction`, [{ operation: 'update', restrictions: { user: [{ type: 'known', userKey: me.json.userKey }], group: [] } }], {}, DEMO_BEARER);
      assert.equal(put.status, 200);
      const upd = await call(srv, 'GET', `${DC}/content/${page.id}/restriction/byOperation/update`, undefined, {}, DEMO_BEARER);
      assert.deepEqual(upd.json.restrictions.user.results.map((u: { username: string }) => u.username), ['demo']);
    });
  });

  describe('children, descendants and space content', () => {
    async function tree(srv: LocalServer): Promise<{ home: string; a: string; a1: string; a11: string; b: string }> {
      const space = await docsSpace(srv);
      const a = (await createPage(srv, space.id, 'A')).json.id;
      const a1 = (await createPage(srv, space.id, 'A1', { parentId: a })).json.id;
      const a11 = (await createPage(srv, space.id, 'A11', { parentId: a1 })).json.id;
      const b = (await createPage(srv, space.id, 'B')).json.id;
      await call(srv, 'POST', `${W}/content/${a}/child/attachment`, upload('a.txt', 'A', 'text/plain'), XSRF);
      await call(srv, 'POST', `${W}/content/${a11}/child/attachment`, upload('deep.txt', 'D', 'text/plain'), XSRF);
      return { home: space.homepageId, a, a1, a11, b };
    }
    const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id);

    it('DC GET /content/{id}/child is a map of child collections (expanded on request, else _expandable)', async () => {
      const srv = await start();
      const t = await tree(srv);
      const bare = await call(srv, 'GET', `${DC}/content/${t.a}/child`, undefined, {}, DEMO_BEARER);
      assert.equal(bare.status, 200);
      assert.equal(bare.json.page, undefined);
      assert.deepEqual(Object.keys(bare.json._expandable).sort(), ['attachment', 'comment', 'page']);
      assert.equal(bare.json._expandable.page, `/rest/api/content/${t.a}/child/page`);
      const full = await call(srv, 'GET', `${DC}/content/${t.a}/child?expand=page.version,attachment,comment`, undefined, {}, DEMO_BEARER);
      assert.deepEqual(ids(full.json.page.results), [t.a1]);
      assert.equal(full.json.page.results[0].version.number, 1);
      assert.equal(full.json.page.size, 1);
      assert.deepEqual(full.json.attachment.results.map((x: { title: string }) => x.title), ['a.txt']);
      assert.deepEqual(full.json.comment.results, []);
      assert.deepEqual((await call(srv, 'GET', `${DC}/content/${t.a}/child/comment`, undefined, {}, DEMO_BEARER)).json.results, []);
      assert.equal((await call(srv, 'GET', `${DC}/content/999999/child`, undefined, {}, DEMO_BEARER)).status, 404);
    });

    for (const [label, api, auth] of [
      ['Cloud', W, undefined],
      ['Data Center', DC, DEMO_BEARER],
    ] as const) {
      it(`${label} GET /content/{id}/descendant[/page|attachment] lists every level (depth=root for one)`, async () => {
        const srv = await start();
        const t = await tree(srv);
        const map = await call(srv, 'GET', `${api}/content/${t.a}/descendant?expand=page,attachment`, undefined, {}, auth);
        assert.equal(map.status, 200);
        assert.deepEqual(ids(map.json.page.results), [t.a1, t.a11]);
        assert.deepEqual(map.json.attachment.results.map((x: { title: string }) => x.title).sort(), ['a.txt', 'deep.txt']);
        const pages = await call(srv, 'GET', `${api}/content/${t.home}/descendant/page?limit=2`, undefined, {}, auth);
        assert.deepEqual(ids(pages.json.results), [t.a, t.a1]);
        assert.ok(pages.json._links.next);
        const all = await call(srv, 'GET', `${api}/content/${t.home}/descendant/page?limit=50`, undefined, {}, auth);
        assert.deepEqual(ids(all.json.results), [t.a, t.a1, t.a11, t.b]);
        const root = await call(srv, 'GET', `${api}/content/${t.home}/descendant/page?depth=root`, undefined, {}, auth);
        assert.deepEqual(ids(root.json.results), [t.a, t.b]);
        assert.equal((await call(srv, 'GET', `${api}/content/${t.a}/descendant/nonsense`, undefined, {}, auth)).status, 400);
      });
    }

    it('DC GET /space/{key}/content[/page] lists the space content (depth=all|root); Cloud keeps answering 410 for it', async () => {
      const srv = await start();
      const t = await tree(srv);
      const map = await call(srv, 'GET', `${DC}/space/DOCS/content?limit=50`, undefined, {}, DEMO_BEARER);
      assert.equal(map.status, 200);
      assert.deepEqual(ids(map.json.page.results), [t.home, t.a, t.a1, t.a11, t.b]);
      assert.deepEqual(map.json.blogpost.results, []);
      const root = await call(srv, 'GET', `${DC}/space/DOCS/content/page?depth=root&expand=version`, undefined, {}, DEMO_BEARER);
      assert.deepEqual(ids(root.json.results), [t.home]);
      assert.equal(root.json.results[0].version.number, 1);
      const paged = await call(srv, 'GET', `${DC}/space/DOCS/content/page?limit=2`, undefined, {}, DEMO_BEARER);
      assert.equal(paged.json.size, 2);
      assert.match(paged.json._links.next, /start=2/);
      assert.equal((await call(srv, 'GET', `${DC}/space/NOPE/content`, undefined, {}, DEMO_BEARER)).status, 404);
      assert.equal((await call(srv, 'GET', `${W}/space/DOCS/content`)).status, 410);
    });
  });

  describe('small shape details', () => {
    it('v2 path ids must be int64: /pages/abc, /spaces/x, /pages/{id}/properties/k, /attachments/zz → 400 INVALID_REQUEST_PARAMETER', async () => {
      const srv = await start();
      const space = await docsSpace(srv);
      for (const path of ['/pages/abc', '/pages/12abc/children', `/pages/${space.homepageId}/properties/key`, '/spaces/DOCS', `/pages/${space.homepageId}/versions/latest`, '/attachments/zz']) {
        const r = await call(srv, 'GET', `/wiki/api/v2${path}`);
        assert.equal(r.status, 400, path);
        assert.equal(r.json.errors[0].code, 'INVALID_REQUEST_PARAMETER');
        assert.match(r.json.errors[0].title, /is not the correct type/);
      }
      assert.equal((await call(srv, 'DELETE', '/wiki/api/v2/pages/abc')).status, 400);
      // Well-formed ids that do not exist are still 404; att-prefixed attachment ids are fine.
      assert.equal((await call(srv, 'GET', '/wiki/api/v2/pages/999999999')).status, 404);
      assert.equal((await call(srv, 'GET', '/wiki/api/v2/attachments/att999999')).status, 404);
      assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${space.homepageId}`)).status, 200);
    });

    it("v1 _expandable lists container, descendants, operations (+ childTypes on Cloud); DC versions carry hidden: false", async () => {
      const srv = await start({ removedCloudV1: 'serve' });
      const space = await docsSpace(srv);
      const cloud = await call(srv, 'GET', `${W}/content/${space.homepageId}`);
      for (const k of ['container', 'descendants', 'operations', 'childTypes', 'children', 'metadata', 'restrictions']) assert.ok(k in cloud.json._expandable, `cloud ${k}`);
      assert.equal(cloud.json._expandable.descendants, `/rest/api/content/${space.homepageId}/descendant`);
      assert.equal(cloud.json._expandable.container, '/rest/api/space/DOCS');
      assert.ok(!('hidden' in cloud.json.version));
      const dc = await call(srv, 'GET', `${DC}/content/${space.homepageId}`, undefined, {}, DEMO_BEARER);
      for (const k of ['container', 'descendants', 'operations']) assert.ok(k in dc.json._expandable, `dc ${k}`);
      assert.ok(!('childTypes' in dc.json._expandable));
      assert.equal(dc.json.version.hidden, false);
      // An expanded field leaves _expandable.
      const expanded = await call(srv, 'GET', `${DC}/content/${space.homepageId}?expand=container,body.storage`, undefined, {}, DEMO_BEARER);
      assert.equal(expanded.json.container.key, 'DOCS');
      assert.ok(!('container' in expanded.json._expandable) && !('body' in expanded.json._expandable));
      const versions = await call(srv, 'GET', `/confluence/rest/experimental/content/${space.homepageId}/version`, undefined, {}, DEMO_BEARER);
      assert.equal(versions.json.results[0].hidden, false);
    });
  });
});
