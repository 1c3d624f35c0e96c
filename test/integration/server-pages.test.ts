/** The local server's page rules over raw HTTP (Cloud v2): titles, parents, versions, XHTML, size, trash, paging, auth. */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server';
import { basic, call, createPage, docsSpace, storage, updatePage } from './server-helpers';

describe('local server: pages (Cloud v2)', () => {
  let srv: LocalServer;
  let space: { id: string; homepageId: string };

  before(async () => {
    srv = await startLocalServer({ spaces: [{ key: 'DOCS', name: 'Documentation' }, { key: 'OTHER', name: 'Other' }] });
  });
  after(() => srv.close());
  beforeEach(async () => {
    srv.reset();
    space = await docsSpace(srv);
  });

  it('looks spaces up by key with id, key, name and homepageId; unknown keys give an empty list', async () => {
    const r = await call(srv, 'GET', '/wiki/api/v2/spaces?keys=DOCS,OTHER');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.results.map((s: { key: string }) => s.key).sort(), ['DOCS', 'OTHER']);
    const docs = r.json.results.find((s: { key: string }) => s.key === 'DOCS');
    assert.equal(docs.name, 'Documentation');
    const home = await call(srv, 'GET', `/wiki/api/v2/pages/${docs.homepageId}`);
    assert.equal(home.status, 200);
    assert.equal(home.json.spaceId, docs.id);
    const none = await call(srv, 'GET', '/wiki/api/v2/spaces?keys=NOPE');
    assert.deepEqual(none.json.results, []);
  });

  it('creates a page with 200, version 1, the homepage as default parent, and reads the storage back', async () => {
    const r = await createPage(srv, space.id, 'Getting started', { value: '<p>Hello <strong>world</strong></p>' });
    assert.equal(r.status, 200);
    assert.equal(r.json.version.number, 1);
    assert.equal(r.json.parentId, space.homepageId);
    assert.match(r.json._links.webui, new RegExp(`^/spaces/DOCS/pages/${r.json.id}/Getting\\+started$`));
    assert.equal(r.json._links.base, `${srv.url}/wiki`);
    const back = await call(srv, 'GET', `/wiki/api/v2/pages/${r.json.id}?body-format=storage`);
    assert.equal(back.json.body.storage.representation, 'storage');
    assert.equal(back.json.body.storage.value, '<p>Hello <strong>world</strong></p>');
    const view = await call(srv, 'GET', `/wiki/api/v2/pages/${r.json.id}?body-format=view`);
    assert.equal(view.json.body.view.representation, 'view');
    assert.match(view.json.body.view.value, /<p>Hello <strong>world<\/strong><\/p>/);
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${r.json.id}?body-format=nonsense`)).status, 400);
    const noBody = await call(srv, 'GET', `/wiki/api/v2/pages/${r.json.id}`);
    assert.deepEqual(noBody.json.body, {});
  });

  it('root-level=true creates a page without parent; an unknown space is 404', async () => {
    const r = await call(srv, 'POST', '/wiki/api/v2/pages?root-level=true', { spaceId: space.id, status: 'current', title: 'Top', body: storage('<p/>') });
    assert.equal(r.status, 200);
    assert.equal(r.json.parentId, undefined);
    const bad = await call(srv, 'POST', '/wiki/api/v2/pages', { spaceId: '999', status: 'current', title: 'X', body: storage('<p/>') });
    assert.equal(bad.status, 404);
    assert.equal(bad.json.errors[0].status, 404);
  });

  it('keeps titles unique per space (trimmed, case-insensitive, archived included) with the exact Confluence message', async () => {
    const first = await createPage(srv, space.id, 'Install');
    assert.equal(first.status, 200);
    for (const title of ['Install', ' Install  ', 'INSTALL']) {
      const dup = await createPage(srv, space.id, title);
      assert.equal(dup.status, 400, title);
      assert.deepEqual(dup.json, {
        errors: [
          {
            status: 400,
            code: 'BAD_REQUEST',
            title: 'A page with this title already exists: A page already exists with the same TITLE in this space',
            detail: null,
          },
        ],
      });
    }
    // Same title in another space is fine.
    const other = (await call(srv, 'GET', '/wiki/api/v2/spaces?keys=OTHER')).json.results[0];
    assert.equal((await createPage(srv, other.id, 'Install')).status, 200);
    // An archived page still holds its title.
    const arch = await createPage(srv, space.id, 'Old');
    assert.equal((await call(srv, 'POST', '/wiki/rest/api/content/archive', { pages: [{ id: arch.json.id }] })).status, 202);
    assert.equal((await createPage(srv, space.id, 'Old')).status, 400);
    // Renaming onto an existing title is refused too.
    const b = await createPage(srv, space.id, 'Other page');
    assert.equal((await updatePage(srv, b.json.id, 'Install', 2)).status, 400);
  });

  it('requires the parent to exist (404) and to be in the same space (400)', async () => {
    const missing = await createPage(srv, space.id, 'Orphan', { parentId: '4242' });
    assert.equal(missing.status, 404);
    const other = (await call(srv, 'GET', '/wiki/api/v2/spaces?keys=OTHER')).json.results[0];
    const elsewhere = await createPage(srv, space.id, 'Cross', { parentId: other.homepageId });
    assert.equal(elsewhere.status, 400);
  });

  it('updates only with version current+1: 409 with the current version otherwise, 400 without version', async () => {
    const p = (await createPage(srv, space.id, 'Versioned')).json;
    const stale = await updatePage(srv, p.id, 'Versioned', 1);
    assert.equal(stale.status, 409);
    assert.equal(stale.json.errors[0].code, 'CONFLICT');
    assert.match(stale.json.errors[0].title, /Current Version: \[1\]/);
    assert.equal((await updatePage(srv, p.id, 'Versioned', 3)).status, 409);
    const noVersion = await call(srv, 'PUT', `/wiki/api/v2/pages/${p.id}`, { id: p.id, status: 'current', title: 'Versioned', body: storage('<p/>') });
    assert.equal(noVersion.status, 400);
    const ok = await updatePage(srv, p.id, 'Versioned', 2, '<p>v2</p>');
    assert.equal(ok.status, 200);
    assert.equal(ok.json.version.number, 2);
    const again = await updatePage(srv, p.id, 'Versioned', 2);
    assert.equal(again.status, 409);
    assert.match(again.json.errors[0].title, /Current Version: \[2\]/);
  });

  it('keeps version history with bodies, messages and authors', async () => {
    const p = (await createPage(srv, space.id, 'History', { value: '<p>one</p>' })).json;
    await call(srv, 'PUT', `/wiki/api/v2/pages/${p.id}`, { id: p.id, status: 'current', title: 'History', body: storage('<p>two</p>'), version: { number: 2, message: 'second' } });
    const versions = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/versions?body-format=storage`);
    assert.equal(versions.status, 200);
    assert.deepEqual(versions.json.results.map((v: { number: number }) => v.number), [2, 1]);
    assert.equal(versions.json.results[0].message, 'second');
    assert.equal(versions.json.results[1].page.body.storage.value, '<p>one</p>');
    const old = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}?version=1&body-format=storage`);
    assert.equal(old.json.body.storage.value, '<p>one</p>');
  });

  it('rejects storage that is not well-formed XHTML with 400 "Error parsing xhtml" and [row,col]', async () => {
    const r = await createPage(srv, space.id, 'Broken', { value: '<p>fine</p>\n<p>line two<br></p>' });
    assert.equal(r.status, 400);
    const title: string = r.json.errors[0].title;
    assert.match(title, /^Error parsing xhtml: Unexpected close tag <\/p>; expected <\/br>\.\n at \[row,col \{unknown-source\}\]: \[2,\d+\]$/);
    const amp = await createPage(srv, space.id, 'Amp', { value: '<p>fish & chips</p>' });
    assert.equal(amp.status, 400);
    assert.match(amp.json.errors[0].title, /\[1,10\]$/);
    const eof = await createPage(srv, space.id, 'Eof', { value: '<p>never closed' });
    assert.match(eof.json.errors[0].title, /Unexpected EOF; was expecting a close tag for element <p>/);
    // Macros, CDATA, the ac:/ri: namespaces and HTML entities are fine.
    const ok = await createPage(srv, space.id, 'Macro', {
      value:
        '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a < b && c]]></ac:plain-text-body></ac:structured-macro>' +
        '<p>&nbsp;&mdash;<ac:link><ri:page ri:content-title="Install" /></ac:link></p>',
    });
    assert.equal(ok.status, 200);
  });

  it('answers 413 for a body over 5 MB', async () => {
    const big = '<p>' + 'x'.repeat(5 * 1024 * 1024) + '</p>';
    const r = await createPage(srv, space.id, 'Huge', { value: big });
    assert.equal(r.status, 413);
  });

  it('trashes on DELETE (204), hides trashed pages, restores with status current, purges only trashed pages', async () => {
    const p = (await createPage(srv, space.id, 'Temp')).json;
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/pages/${p.id}?purge=true`)).status, 400);
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/pages/${p.id}`)).status, 204);
    // By id a trashed page still answers, with status trashed (as Cloud does); a status filter without it is a 404.
    const byId = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}`);
    assert.equal(byId.status, 200);
    assert.equal(byId.json.status, 'trashed');
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}?status=current`)).status, 404);
    const trashed = await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&status=trashed`);
    assert.deepEqual(trashed.json.results.map((x: { id: string }) => x.id), [p.id]);
    // A trashed page does not hold its title.
    const again = await createPage(srv, space.id, 'Temp');
    assert.equal(again.status, 200);
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/pages/${again.json.id}`)).status, 204);
    const restored = await call(srv, 'PUT', `/wiki/api/v2/pages/${p.id}`, { id: p.id, status: 'current', title: 'Temp', version: { number: 2 } });
    assert.equal(restored.status, 200);
    assert.equal(restored.json.status, 'current');
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/pages/${again.json.id}?purge=true`)).status, 204);
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${again.json.id}?status=trashed`)).status, 404);
  });

  it('finds pages by exact title and lists children in position order and ancestors top to bottom', async () => {
    const a = (await createPage(srv, space.id, 'A')).json;
    const b = (await createPage(srv, space.id, 'B', { parentId: a.id })).json;
    const c = (await createPage(srv, space.id, 'C', { parentId: b.id })).json;
    await createPage(srv, space.id, 'B2', { parentId: a.id });
    const byTitle = await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&title=B`);
    assert.deepEqual(byTitle.json.results.map((x: { id: string }) => x.id), [b.id]);
    const kids = await call(srv, 'GET', `/wiki/api/v2/pages/${a.id}/direct-children`);
    assert.deepEqual(kids.json.results.map((x: { title: string }) => x.title), ['B', 'B2']);
    assert.deepEqual(kids.json.results.map((x: { childPosition: number }) => x.childPosition), [0, 1]);
    const anc = await call(srv, 'GET', `/wiki/api/v2/pages/${c.id}/ancestors`);
    assert.deepEqual(anc.json.results, [
      { id: space.homepageId, type: 'page' },
      { id: a.id, type: 'page' },
      { id: b.id, type: 'page' },
    ]);
    const root = await call(srv, 'GET', `/wiki/api/v2/spaces/${space.id}/pages?depth=root`);
    assert.deepEqual(root.json.results.map((x: { id: string }) => x.id), [space.homepageId]);
  });

  it('paginates with an opaque cursor, a Link header and _links.next until the end (limit capped at 250)', async () => {
    for (let i = 0; i < 23; i++) await createPage(srv, space.id, `Page ${i}`);
    const seen: string[] = [];
    let next: string | undefined = `/wiki/api/v2/pages?space-id=${space.id}&limit=5`;
    let calls = 0;
    while (next) {
      const r = await call(srv, 'GET', next);
      assert.equal(r.status, 200);
      calls++;
      seen.push(...r.json.results.map((x: { id: string }) => x.id));
      next = r.json._links.next;
      const link = r.headers.get('link');
      if (next) {
        assert.ok(next.startsWith('/wiki/api/v2/pages?'), next);
        assert.ok(link?.includes(`<${next}>; rel="next"`), String(link));
      } else assert.equal(link, null);
    }
    assert.equal(calls, 5);
    assert.equal(seen.length, 24); // 23 + homepage
    assert.equal(new Set(seen).size, 24);
    const big = await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&limit=1000`);
    assert.equal(big.json.results.length, 24);
    const badCursor = await call(srv, 'GET', `/wiki/api/v2/pages?cursor=garbage`);
    assert.equal(badCursor.status, 400);
  });

  it('a listing sees pages created, renamed or trashed between its requests (no stale list across a change)', async () => {
    for (let i = 0; i < 6; i++) await createPage(srv, space.id, `Page ${i}`);
    const first = await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&limit=4`);
    assert.equal(first.json.results.length, 4);
    const added = await createPage(srv, space.id, 'Created meanwhile');
    const rest = await call(srv, 'GET', first.json._links.next);
    assert.deepEqual(rest.json.results.map((x: { title: string }) => x.title), ['Page 3', 'Page 4', 'Page 5', 'Created meanwhile']);
    // the same query again, after a change: the new title, not the one listed before
    await updatePage(srv, added.json.id, 'Renamed meanwhile', 2);
    const again = await call(srv, 'GET', first.json._links.next);
    assert.equal(again.json.results.at(-1).title, 'Renamed meanwhile');
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/pages/${added.json.id}`)).status, 204);
    const after = await call(srv, 'GET', first.json._links.next);
    assert.deepEqual(after.json.results.map((x: { title: string }) => x.title), ['Page 3', 'Page 4', 'Page 5']);
  });

  it('answers 401 in the v2 and v1 envelopes for missing or wrong credentials', async () => {
    const none = await call(srv, 'GET', '/wiki/api/v2/spaces', undefined, {}, null);
    assert.equal(none.status, 401);
    assert.equal(none.json.errors[0].status, 401);
    assert.equal(none.json.errors[0].code, 'UNAUTHORIZED');
    const wrong = await call(srv, 'GET', '/wiki/rest/api/user/current', undefined, {}, basic('demo@example.com', 'nope'));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.statusCode, 401);
    assert.equal(typeof wrong.json.message, 'string');
    const dc = await call(srv, 'GET', '/confluence/rest/api/user/current', undefined, {}, 'Bearer wrong');
    assert.equal(dc.status, 401);
    assert.equal(dc.json.statusCode, 401);
    const me = await call(srv, 'GET', '/wiki/rest/api/user/current');
    assert.equal(me.status, 200);
    assert.equal(me.json.email, 'demo@example.com');
    assert.equal(me.json.type, 'known');
    assert.ok(me.json.accountId);
  });

  it('a second user editing the page makes the first user\'s stale update conflict', async () => {
    const two = await startLocalServer({ users: [{ email: 'demo@example.com' }, { email: 'alice@example.com', apiToken: 'alice-token' }] });
    try {
      const sp = await docsSpace(two);
      const p = (await createPage(two, sp.id, 'Shared')).json;
      const alice = basic('alice@example.com', 'alice-token');
      const edit = await updatePage(two, p.id, 'Shared', 2, '<p>alice was here</p>', alice);
      assert.equal(edit.status, 200);
      assert.notEqual(edit.json.version.authorId, p.version.authorId);
      assert.equal((await updatePage(two, p.id, 'Shared', 2)).status, 409);
    } finally {
      await two.close();
    }
  });
});
