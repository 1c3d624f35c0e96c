/**
 * What the read side (import, pull) needs from the local server, over raw HTTP, checked against Atlassian's documents:
 * tree listings (Cloud v2 descendants / direct-children / pages by id / space pages, Data Center child pages and CQL
 * ancestor), page history (historic bodies, version lists, 404 for a missing version), trashed pages and moves.
 * Search dates, index lag and attachment downloads: server-read-side-search.test.ts.
 */
import { strict as assert } from 'node:assert';
import type { LocalServer } from '../../src/server';
import { useLocalServer } from './flavor-server';
import { call, createPage, DEMO_BEARER, docsSpace, updatePage } from './server-helpers';

const V2 = '/wiki/api/v2';
const DC = '/confluence/rest/api';
const dc = (srv: LocalServer, method: string, path: string, body?: unknown) => call(srv, method, path, body, {}, DEMO_BEARER);
const ids = (r: { json: { results: Array<{ id: string }> } }): string[] => r.json.results.map((x) => x.id);

/** root → A (A1, A2 → A2x), B; created in that order so childPosition follows it. */
async function tree(srv: LocalServer, spaceId: string): Promise<Record<'root' | 'a' | 'a1' | 'a2' | 'a2x' | 'b', string>> {
  const mk = async (title: string, parentId?: string): Promise<string> => (await createPage(srv, spaceId, title, { parentId })).json.id;
  const root = await mk('Root');
  const a = await mk('A', root);
  const a1 = await mk('A1', a);
  const a2 = await mk('A2', a);
  const a2x = await mk('A2x', a2);
  const b = await mk('B', root);
  return { root, a, a1, a2, a2x, b };
}

describe('local server: read side — trees, history, trash', () => {
  const ctx = useLocalServer();
  let space: { id: string; homepageId: string };

  beforeEach(async () => {
    space = await docsSpace(ctx.server);
  });

  describe('Cloud v2 tree listings', () => {
    it('descendants: top to bottom, siblings by childPosition, minimal items, depth default 2 and at most 10', async () => {
      const t = await tree(ctx.server, space.id);
      const r = await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants`);
      assert.equal(r.status, 200);
      // Every depth-1 item before any depth-2 one; A2x (depth 3) is beyond the default depth of 2.
      assert.deepEqual(ids(r), [t.a, t.b, t.a1, t.a2]);
      assert.deepEqual(Object.keys(r.json.results[0]).sort(), ['childPosition', 'depth', 'id', 'parentId', 'status', 'title', 'type']);
      assert.deepEqual(r.json.results[2], { id: t.a1, status: 'current', title: 'A1', type: 'page', parentId: t.a, depth: 2, childPosition: 0 });
      assert.equal(r.json._links.base, `${ctx.server.url}/wiki`);
      const deep = await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants?depth=3`);
      assert.deepEqual(ids(deep), [t.a, t.b, t.a1, t.a2, t.a2x]);
      assert.equal(deep.json.results[4].depth, 3);
      // depth above 10 is capped, not refused; 0 is invalid.
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants?depth=50`)).status, 200);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants?depth=0`)).status, 400);
    });

    it('descendants page with an opaque cursor in Link and _links.next (host-relative), limit capped at 250', async () => {
      const t = await tree(ctx.server, space.id);
      const seen: string[] = [];
      let next: string | undefined = `${V2}/pages/${t.root}/descendants?depth=5&limit=2`;
      let pages = 0;
      while (next) {
        const r = await call(ctx.server, 'GET', next);
        assert.equal(r.status, 200);
        seen.push(...ids(r));
        pages++;
        next = r.json._links.next;
        if (next) {
          assert.match(next, /^\/wiki\/api\/v2\/pages\/\d+\/descendants\?.*cursor=/);
          assert.equal(r.headers.get('link'), `<${next}>; rel="next", <${ctx.server.url}/wiki>; rel="base"`);
        } else assert.equal(r.headers.get('link'), null);
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, [t.a, t.b, t.a1, t.a2, t.a2x]);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants?limit=1000`)).status, 200);
    });

    it('direct-children: by childPosition by default, sort=-child-position and title; moves and trash show', async () => {
      const t = await tree(ctx.server, space.id);
      const kids = await call(ctx.server, 'GET', `${V2}/pages/${t.root}/direct-children`);
      assert.deepEqual(ids(kids), [t.a, t.b]);
      assert.deepEqual(Object.keys(kids.json.results[0]).sort(), ['childPosition', 'id', 'spaceId', 'status', 'title', 'type']);
      assert.deepEqual(ids(await call(ctx.server, 'GET', `${V2}/pages/${t.root}/direct-children?sort=-child-position`)), [t.b, t.a]);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${t.root}/direct-children?sort=bogus`)).status, 400);
      // v1 move: B before A reorders; v2 PUT parentId reparents A2 under the root (last position).
      assert.equal((await call(ctx.server, 'PUT', `/wiki/rest/api/content/${t.b}/move/before/${t.a}`)).status, 200);
      assert.deepEqual(ids(await call(ctx.server, 'GET', `${V2}/pages/${t.root}/direct-children`)), [t.b, t.a]);
      const moved = await call(ctx.server, 'PUT', `${V2}/pages/${t.a2}`, { id: t.a2, status: 'current', title: 'A2', parentId: t.root, body: { representation: 'storage', value: '<p>A2</p>' }, version: { number: 2 } });
      assert.equal(moved.status, 200);
      const after = await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants?depth=3`);
      assert.deepEqual(ids(after), [t.b, t.a, t.a2, t.a1, t.a2x]);
      assert.equal(after.json.results.find((x: { id: string }) => x.id === t.a2).parentId, t.root);
      // Trashing A hides it from the listings; its children move up to its parent.
      assert.equal((await call(ctx.server, 'DELETE', `${V2}/pages/${t.a}`)).status, 204);
      const afterTrash = await call(ctx.server, 'GET', `${V2}/pages/${t.root}/descendants`);
      assert.ok(!ids(afterTrash).includes(t.a));
      assert.ok(ids(afterTrash).includes(t.a1));
    });

    it('GET /pages?id= answers up to 250 ids with versions; trashed only when asked; bad lists are 400', async () => {
      const t = await tree(ctx.server, space.id);
      await updatePage(ctx.server, t.a, 'A', 2);
      const r = await call(ctx.server, 'GET', `${V2}/pages?id=${t.a},${t.b},999999&limit=250`);
      assert.deepEqual(ids(r).sort(), [t.a, t.b].sort());
      assert.equal(r.json.results.find((x: { id: string }) => x.id === t.a).version.number, 2);
      assert.equal(r.json.results[0].parentId, t.root);
      assert.equal((await call(ctx.server, 'DELETE', `${V2}/pages/${t.b}`)).status, 204);
      assert.deepEqual(ids(await call(ctx.server, 'GET', `${V2}/pages?id=${t.a},${t.b}`)), [t.a]);
      const withTrash = await call(ctx.server, 'GET', `${V2}/pages?id=${t.a},${t.b}&status=current,trashed`);
      assert.deepEqual(withTrash.json.results.map((x: { status: string }) => x.status).sort(), ['current', 'trashed']);
      const many = Array.from({ length: 251 }, (_, i) => String(100000 + i)).join(',');
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages?id=${many}`)).status, 400);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages?id=12,abc`)).status, 400);
    });

    it('GET /spaces/{id}/pages lists the whole space (depth=all) or its root pages; trashed pages are left out', async () => {
      const t = await tree(ctx.server, space.id);
      await call(ctx.server, 'DELETE', `${V2}/pages/${t.b}`);
      const all = await call(ctx.server, 'GET', `${V2}/spaces/${space.id}/pages?limit=250`);
      assert.deepEqual(ids(all).sort(), [space.homepageId, t.root, t.a, t.a1, t.a2, t.a2x].sort());
      assert.ok(all.json.results.every((p: { version: { number: number } }) => p.version.number >= 1));
      assert.deepEqual(ids(await call(ctx.server, 'GET', `${V2}/spaces/${space.id}/pages?depth=root`)), [space.homepageId]);
    });
  });

  describe('Data Center tree listings', () => {
    it('child/page pages with start/limit in position order, expand=version; CQL ancestor finds the subtree', async () => {
      const t = await tree(ctx.server, space.id);
      await updatePage(ctx.server, t.b, 'B', 2);
      const first = await dc(ctx.server, 'GET', `${DC}/content/${t.root}/child/page?limit=1&expand=version`);
      assert.deepEqual([ids(first), first.json.start, first.json.limit, first.json.size], [[t.a], 0, 1, 1]);
      assert.equal(first.json.results[0].version.number, 1);
      assert.match(first.json._links.next, new RegExp(`^/rest/api/content/${t.root}/child/page\\?.*start=1`));
      const second = await dc(ctx.server, 'GET', `${DC}/content/${t.root}/child/page?limit=1&start=1&expand=version`);
      assert.deepEqual(ids(second), [t.b]);
      assert.equal(second.json.results[0].version.number, 2);
      assert.equal(second.json._links.next, undefined);
      const anc = await dc(ctx.server, 'GET', `${DC}/content/search?cql=${encodeURIComponent(`ancestor = ${t.root} and type = page`)}&expand=version,ancestors&limit=100`);
      assert.deepEqual(ids(anc).sort(), [t.a, t.a1, t.a2, t.a2x, t.b].sort());
      assert.equal(anc.json.results.find((x: { id: string }) => x.id === t.a2x).ancestors.at(-1).id, t.a2);
      // Trashed pages are not children and not found by ancestor.
      assert.equal((await dc(ctx.server, 'DELETE', `${DC}/content/${t.a2x}`)).status, 204);
      const anc2 = await dc(ctx.server, 'GET', `${DC}/content/search?cql=${encodeURIComponent(`ancestor = ${t.root}`)}&limit=100`);
      assert.ok(!ids(anc2).includes(t.a2x));
      assert.deepEqual(ids(await dc(ctx.server, 'GET', `${DC}/content/${t.a2}/child/page`)), []);
    });
  });

  describe('page history', () => {
    it('Cloud: a historic body by ?version=N&body-format=storage, the version list newest first, 404 for a missing version', async () => {
      const p = (await createPage(ctx.server, space.id, 'Hist', { value: '<p>one</p>' })).json;
      await updatePage(ctx.server, p.id, 'Hist renamed', 2, '<p>two</p>');
      const v1 = await call(ctx.server, 'GET', `${V2}/pages/${p.id}?version=1&body-format=storage`);
      assert.equal(v1.status, 200);
      assert.deepEqual([v1.json.version.number, v1.json.title, v1.json.body.storage.value], [1, 'Hist', '<p>one</p>']);
      const cur = await call(ctx.server, 'GET', `${V2}/pages/${p.id}?body-format=storage`);
      assert.deepEqual([cur.json.version.number, cur.json.body.storage.value], [2, '<p>two</p>']);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${p.id}?version=3&body-format=storage`)).status, 404);
      const list = await call(ctx.server, 'GET', `${V2}/pages/${p.id}/versions`);
      assert.deepEqual(list.json.results.map((v: { number: number }) => v.number), [2, 1]);
      assert.deepEqual(Object.keys(list.json.results[0]).sort(), ['authorId', 'createdAt', 'message', 'minorEdit', 'number', 'page']);
      const meta = await call(ctx.server, 'GET', `${V2}/pages/${p.id}/versions/1`);
      assert.equal(meta.json.number, 1);
      assert.equal(meta.json.body, undefined, 'the version endpoint has metadata only');
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${p.id}/versions/5`)).status, 404);
    });

    it('Data Center: ?version=N&expand=body.storage,version answers the old version as historical; experimental version list', async () => {
      const p = (await createPage(ctx.server, space.id, 'Hist', { value: '<p>one</p>' })).json;
      await updatePage(ctx.server, p.id, 'Hist', 2, '<p>two</p>');
      const old = await dc(ctx.server, 'GET', `${DC}/content/${p.id}?version=1&expand=body.storage,version`);
      assert.equal(old.status, 200);
      assert.deepEqual([old.json.id, old.json.status, old.json.version.number, old.json.body.storage.value], [p.id, 'historical', 1, '<p>one</p>']);
      const hist = await dc(ctx.server, 'GET', `${DC}/content/${p.id}?status=historical&version=1&expand=body.storage`);
      assert.equal(hist.json.body.storage.value, '<p>one</p>');
      const latest = await dc(ctx.server, 'GET', `${DC}/content/${p.id}?version=2&expand=body.storage`);
      assert.equal(latest.json.status, 'current');
      assert.equal((await dc(ctx.server, 'GET', `${DC}/content/${p.id}?version=9&expand=body.storage`)).status, 404);
      // No GET version list in /rest/api (the 10.0.3 document has none); the experimental API has it.
      assert.equal((await dc(ctx.server, 'GET', `${DC}/content/${p.id}/version`)).status, 404);
      const list = await dc(ctx.server, 'GET', `/confluence/rest/experimental/content/${p.id}/version`);
      assert.deepEqual(list.json.results.map((v: { number: number }) => v.number), [2, 1]);
      assert.equal(list.json.results[1]._links.self, `${ctx.server.url}/confluence/rest/experimental/content/${p.id}/version/1`);
      const one = await dc(ctx.server, 'GET', `/confluence/rest/experimental/content/${p.id}/version/1?expand=content.body.storage`);
      assert.equal(one.json.content.body.storage.value, '<p>one</p>');
      assert.equal((await dc(ctx.server, 'GET', `/confluence/rest/experimental/content/${p.id}/version/4`)).status, 404);
    });
  });

  describe('trashed pages', () => {
    it('Cloud v2 still answers a trashed page by id (status trashed); a status filter without trashed is 404; restore works', async () => {
      const p = (await createPage(ctx.server, space.id, 'Gone')).json;
      assert.equal((await call(ctx.server, 'DELETE', `${V2}/pages/${p.id}`)).status, 204);
      const byId = await call(ctx.server, 'GET', `${V2}/pages/${p.id}`);
      assert.deepEqual([byId.status, byId.json.status], [200, 'trashed']);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${p.id}?status=current`)).status, 404);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${p.id}?status=trashed`)).status, 200);
      assert.ok(!ids(await call(ctx.server, 'GET', `${V2}/pages/${space.homepageId}/direct-children`)).includes(p.id));
      assert.ok(!ids(await call(ctx.server, 'GET', `${V2}/pages?space-id=${space.id}`)).includes(p.id));
      assert.equal((await call(ctx.server, 'PUT', `${V2}/pages/${p.id}`, { id: p.id, status: 'current', title: 'Gone', version: { number: 2 } })).status, 200);
      assert.equal((await call(ctx.server, 'DELETE', `${V2}/pages/${p.id}`)).status, 204);
      assert.equal((await call(ctx.server, 'DELETE', `${V2}/pages/${p.id}?purge=true`)).status, 204);
      assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${p.id}`)).status, 404);
    });

    it('Data Center answers a trashed page only with status=trashed or any; CQL finds it only by status', async () => {
      const p = (await createPage(ctx.server, space.id, 'Gone')).json;
      assert.equal((await dc(ctx.server, 'DELETE', `${DC}/content/${p.id}`)).status, 204);
      assert.equal((await dc(ctx.server, 'GET', `${DC}/content/${p.id}`)).status, 404);
      assert.equal((await dc(ctx.server, 'GET', `${DC}/content/${p.id}?status=trashed`)).json.status, 'trashed');
      assert.equal((await dc(ctx.server, 'GET', `${DC}/content/${p.id}?status=any`)).json.status, 'trashed');
      assert.deepEqual(ids(await dc(ctx.server, 'GET', `${DC}/content/search?cql=${encodeURIComponent(`id = ${p.id}`)}`)), []);
      assert.deepEqual(ids(await dc(ctx.server, 'GET', `${DC}/content/search?cql=${encodeURIComponent(`id = ${p.id} and status = trashed`)}`)), [p.id]);
    });
  });
});
