/** Labels, properties, attachments, restrictions, move, CQL and the Data Center paths, over raw HTTP. */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server';
import { basic, call, createPage, DEMO_BEARER, docsSpace, updatePage, upload } from './server-helpers';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('local server: labels, properties, attachments, restrictions, move, CQL, Data Center', () => {
  let srv: LocalServer;
  let space: { id: string; homepageId: string };
  const alice = basic('alice@example.com', 'alice-token');

  before(async () => {
    srv = await startLocalServer({
      users: [{ email: 'demo@example.com' }, { email: 'alice@example.com', apiToken: 'alice-token' }],
      spaces: [{ key: 'DOCS', name: 'Documentation' }, { key: 'OTHER', name: 'Other' }],
    });
  });
  after(() => srv.close());
  beforeEach(async () => {
    srv.reset();
    space = await docsSpace(srv);
  });

  it('adds labels additively via v1 (array or single object, lowercased), lists them in v2, removes by query and path', async () => {
    const p = (await createPage(srv, space.id, 'Labelled')).json;
    const add = await call(srv, 'POST', `/wiki/rest/api/content/${p.id}/label`, [{ prefix: 'global', name: 'Docs' }, { name: 'api' }]);
    assert.equal(add.status, 200);
    assert.deepEqual(add.json.results.map((l: { name: string }) => l.name), ['docs', 'api']);
    assert.equal((await call(srv, 'POST', `/wiki/rest/api/content/${p.id}/label`, { name: 'extra' })).status, 200);
    assert.equal((await call(srv, 'POST', `/wiki/rest/api/content/${p.id}/label`, [{ name: 'has space' }])).status, 400);
    const v2 = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/labels`);
    assert.deepEqual(v2.json.results.map((l: { name: string; prefix: string }) => `${l.prefix}:${l.name}`), ['global:docs', 'global:api', 'global:extra']);
    assert.ok(v2.json.results.every((l: { id: string }) => /^\d+$/.test(l.id)));
    assert.equal((await call(srv, 'DELETE', `/wiki/rest/api/content/${p.id}/label?name=api`)).status, 204);
    assert.equal((await call(srv, 'DELETE', `/wiki/rest/api/content/${p.id}/label/extra`)).status, 204);
    assert.equal((await call(srv, 'DELETE', `/wiki/rest/api/content/${p.id}/label/extra`)).status, 404);
    const after = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/labels`);
    assert.deepEqual(after.json.results.map((l: { name: string }) => l.name), ['docs']);
  });

  it('manages v2 content properties by numeric id: 409 on duplicate key and stale version, key filter', async () => {
    const p = (await createPage(srv, space.id, 'Props')).json;
    const value = { source: 'docs/a.md', hash: 'abc', tool: 'docs-to-confluence' };
    const created = await call(srv, 'POST', `/wiki/api/v2/pages/${p.id}/properties`, { key: 'docs-to-confluence', value });
    assert.equal(created.status, 200);
    assert.match(created.json.id, /^\d+$/);
    assert.equal(created.json.version.number, 1);
    assert.equal((await call(srv, 'POST', `/wiki/api/v2/pages/${p.id}/properties`, { key: 'docs-to-confluence', value })).status, 409);
    const byKey = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/properties?key=docs-to-confluence`);
    assert.deepEqual(byKey.json.results[0].value, value);
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/properties?key=DOCS-TO-CONFLUENCE`)).json.results.length, 0);
    const url = `/wiki/api/v2/pages/${p.id}/properties/${created.json.id}`;
    assert.equal((await call(srv, 'PUT', url, { key: 'docs-to-confluence', value: { hash: 'def' }, version: { number: 1 } })).status, 409);
    const upd = await call(srv, 'PUT', url, { key: 'docs-to-confluence', value: { hash: 'def' }, version: { number: 2 } });
    assert.equal(upd.status, 200);
    assert.deepEqual((await call(srv, 'GET', url)).json.value, { hash: 'def' });
    assert.equal((await call(srv, 'DELETE', url)).status, 204);
    assert.equal((await call(srv, 'GET', url)).status, 404);
  });

  it('uploads attachments only with X-Atlassian-Token (403 "XSRF check failed" otherwise), lists them and serves the bytes', async () => {
    const p = (await createPage(srv, space.id, 'Pictures')).json;
    const path = `/wiki/rest/api/content/${p.id}/child/attachment`;
    const denied = await call(srv, 'POST', path, upload('a.png', PNG));
    assert.equal(denied.status, 403);
    assert.equal(denied.text, 'XSRF check failed');
    const ok = await call(srv, 'POST', path, upload('a.png', PNG, 'image/png', 'first'), { 'X-Atlassian-Token': 'no-check' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.size, 1);
    const att = ok.json.results[0];
    assert.match(att.id, /^att\d+$/);
    assert.equal(att.type, 'attachment');
    assert.equal(att.extensions.fileSize, PNG.length);
    // POST with an existing name is 400; PUT creates a new version by name.
    assert.equal((await call(srv, 'POST', path, upload('a.png', PNG), { 'X-Atlassian-Token': 'nocheck' })).status, 400);
    const bigger = Buffer.concat([PNG, Buffer.from('more')]);
    const put = await call(srv, 'PUT', path, upload('a.png', bigger), { 'X-Atlassian-Token': 'no-check' });
    assert.equal(put.status, 200);
    assert.equal(put.json.results[0].id, att.id);
    assert.equal(put.json.results[0].version.number, 2);
    const list = await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/attachments?filename=a.png`);
    assert.equal(list.json.results.length, 1);
    const a = list.json.results[0];
    assert.equal(a.fileSize, bigger.length);
    assert.equal(a.mediaType, 'image/png');
    assert.equal(a.version.number, 2);
    // downloadLink is relative to _links.base (…/wiki).
    const bytes = await fetch(`${srv.url}/wiki${a.downloadLink}`);
    assert.equal(bytes.status, 200);
    assert.deepEqual(Buffer.from(await bytes.arrayBuffer()), bigger);
    // New version of a known attachment id (with or without the att prefix).
    const data = await call(srv, 'POST', `${path}/${att.id.slice(3)}/data`, upload('a.png', PNG), { 'X-Atlassian-Token': 'no-check' });
    assert.equal(data.status, 200);
    assert.equal(data.json.version.number, 3);
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/attachments/${att.id}`)).status, 204);
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}/attachments`)).json.results.length, 0);
  });

  it('restrictions: PUT replaces, other users then cannot update (v2 404) or see read-restricted pages; self-lockout is 400', async () => {
    const p = (await createPage(srv, space.id, 'Locked')).json;
    const me = (await call(srv, 'GET', '/wiki/rest/api/user/current')).json.accountId;
    const put = await call(srv, 'PUT', `/wiki/rest/api/content/${p.id}/restriction`, [
      { operation: 'update', restrictions: { user: [{ type: 'known', accountId: me }], group: [] } },
    ]);
    assert.equal(put.status, 200);
    const read = await call(srv, 'GET', `/wiki/rest/api/content/${p.id}/restriction`);
    const update = read.json.results.find((r: { operation: string }) => r.operation === 'update');
    assert.deepEqual(update.restrictions.user.results.map((u: { accountId: string }) => u.accountId), [me]);
    assert.ok(read.json.restrictionsHash);
    // Alice can read but not update.
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}`, undefined, {}, alice)).status, 200);
    assert.equal((await updatePage(srv, p.id, 'Locked', 2, '<p>x</p>', alice)).status, 404);
    assert.equal((await updatePage(srv, p.id, 'Locked', 2)).status, 200);
    const aliceId = (await call(srv, 'GET', '/wiki/rest/api/user/current', undefined, {}, alice)).json.accountId;
    const lockout = await call(srv, 'PUT', `/wiki/rest/api/content/${p.id}/restriction`, [
      { operation: 'update', restrictions: { user: [{ type: 'known', accountId: aliceId }] } },
    ]);
    assert.equal(lockout.status, 400);
    // Per-user and per-group edits of one operation.
    const byUser = `/wiki/rest/api/content/${p.id}/restriction/byOperation/update/user`;
    assert.equal((await call(srv, 'GET', `${byUser}?accountId=${encodeURIComponent(me)}`)).status, 200);
    assert.equal((await call(srv, 'GET', `${byUser}?accountId=${encodeURIComponent(aliceId)}`)).status, 404);
    assert.equal((await call(srv, 'PUT', `${byUser}?accountId=${encodeURIComponent(aliceId)}`)).status, 200);
    assert.equal((await updatePage(srv, p.id, 'Locked', 3, '<p>alice</p>', alice)).status, 200);
    assert.equal((await call(srv, 'DELETE', `${byUser}?accountId=${encodeURIComponent(aliceId)}`)).status, 200);
    assert.equal((await updatePage(srv, p.id, 'Locked', 4, '<p>x</p>', alice)).status, 404);
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${p.id}/restriction/byOperation/update/byGroupId/confluence-users`)).status, 200);
    assert.equal((await updatePage(srv, p.id, 'Locked', 4, '<p>group</p>', alice)).status, 200);
    await call(srv, 'PUT', `/wiki/rest/api/content/${p.id}/restriction`, [{ operation: 'read', restrictions: { user: [{ accountId: me }] } }]);
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}`, undefined, {}, alice)).status, 404);
    assert.equal((await call(srv, 'DELETE', `/wiki/rest/api/content/${p.id}/restriction`)).status, 200);
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}`, undefined, {}, alice)).status, 200);
  });

  it('moves pages (append/before/after), refuses loops (400) and missing targets (404)', async () => {
    const a = (await createPage(srv, space.id, 'A')).json;
    const b = (await createPage(srv, space.id, 'B')).json;
    const c = (await createPage(srv, space.id, 'C', { parentId: a.id })).json;
    const mv = await call(srv, 'PUT', `/wiki/rest/api/content/${b.id}/move/append/${a.id}`);
    assert.equal(mv.status, 200);
    assert.deepEqual(mv.json, { pageId: b.id });
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${b.id}`)).json.parentId, a.id);
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${b.id}/move/before/${c.id}`)).status, 200);
    const kids = await call(srv, 'GET', `/wiki/api/v2/pages/${a.id}/direct-children`);
    assert.deepEqual(kids.json.results.map((x: { title: string }) => x.title), ['B', 'C']);
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${a.id}/move/append/${c.id}`)).status, 400);
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${a.id}/move/append/999999`)).status, 404);
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${a.id}/move/sideways/${b.id}`)).status, 400);
    // Moving into another space takes the subtree along; a title clash there (also of a descendant) is 400.
    const other = (await call(srv, 'GET', '/wiki/api/v2/spaces?keys=OTHER')).json.results[0];
    const clash = (await createPage(srv, other.id, 'C')).json;
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${a.id}/move/append/${other.homepageId}`)).status, 400);
    assert.equal((await call(srv, 'DELETE', `/wiki/api/v2/pages/${clash.id}`)).status, 204);
    assert.equal((await call(srv, 'PUT', `/wiki/rest/api/content/${a.id}/move/append/${other.homepageId}`)).status, 200);
    const moved = await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${other.id}&title=C`);
    assert.equal(moved.json.results[0].id, c.id);
  });

  it('searches with CQL (space, type, title, label, ancestor, and/or/not, order by) and answers 400 to bad CQL', async () => {
    const a = (await createPage(srv, space.id, 'Alpha guide', { value: '<p>kubernetes setup</p>' })).json;
    const b = (await createPage(srv, space.id, 'Beta guide', { parentId: a.id })).json;
    await createPage(srv, space.id, 'Gamma');
    await call(srv, 'POST', `/wiki/rest/api/content/${b.id}/label`, [{ name: 'docs-to-confluence' }]);
    const q = async (cql: string, path = '/wiki/rest/api/search'): Promise<string[]> => {
      const r = await call(srv, 'GET', `${path}?cql=${encodeURIComponent(cql)}`);
      assert.equal(r.status, 200, `${cql}: ${r.text}`);
      return r.json.results.map((x: { title: string }) => x.title);
    };
    assert.deepEqual(await q('space = DOCS and type = page and title ~ "guide" order by title desc'), ['Beta guide', 'Alpha guide']);
    assert.deepEqual(await q('label = "docs-to-confluence"'), ['Beta guide']);
    assert.deepEqual(await q(`ancestor = ${a.id}`), ['Beta guide']);
    assert.deepEqual(await q('space = "DOCS" and (title = "Gamma" or text ~ kubernetes)'), ['Alpha guide', 'Gamma']);
    assert.deepEqual(await q('space in (DOCS) and not title ~ guide and type = page order by title', '/wiki/rest/api/content/search'), ['Documentation Home', 'Gamma']);
    assert.deepEqual(await q('space = DOCS and lastmodified >= "2000-01-01" and title = "Alpha guide"'), ['Alpha guide']);
    const bad = await call(srv, 'GET', `/wiki/rest/api/search?cql=${encodeURIComponent('space = = DOCS')}`);
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /Could not parse cql/);
    const paged = await call(srv, 'GET', `/wiki/rest/api/search?cql=${encodeURIComponent('space = DOCS')}&limit=2`);
    assert.equal(paged.json.results.length, 2);
    assert.equal(paged.json.totalSize, 4);
    assert.ok(paged.json._links.next.startsWith('/rest/api/search?'));
    assert.match(paged.json._links.next, /[?&]cursor=/);
    const rest = await call(srv, 'GET', `/wiki${paged.json._links.next}`);
    assert.equal(rest.json.results.length, 2);
    assert.equal(rest.json._links.next, undefined);
  });

  it('serves the Data Center API under the context path with PAT auth (content create/update/get, properties by key)', async () => {
    const dc = '/confluence/rest/api';
    const create = await call(srv, 'POST', `${dc}/content`, {
      type: 'page',
      title: 'DC page',
      space: { key: 'DOCS' },
      ancestors: [{ id: space.homepageId }],
      body: { storage: { value: '<p>dc</p>', representation: 'storage' } },
    }, {}, DEMO_BEARER);
    assert.equal(create.status, 200);
    assert.equal(create.json.version.number, 1);
    assert.equal(create.json._links.base, `${srv.url}/confluence`);
    const id = create.json.id;
    const found = await call(srv, 'GET', `${dc}/content?spaceKey=DOCS&title=${encodeURIComponent('DC page')}&expand=version,ancestors,body.storage`, undefined, {}, DEMO_BEARER);
    assert.equal(found.json.size, 1);
    assert.equal(found.json.results[0].body.storage.value, '<p>dc</p>');
    assert.equal(found.json.results[0].ancestors[0].id, space.homepageId);
    const stale = await call(srv, 'PUT', `${dc}/content/${id}`, { type: 'page', title: 'DC page', version: { number: 1 }, body: { storage: { value: '<p/>', representation: 'storage' } } }, {}, DEMO_BEARER);
    assert.equal(stale.status, 409);
    assert.match(stale.json.message, /Version must be incremented on update. Current version is: 1/);
    const badXml = await call(srv, 'PUT', `${dc}/content/${id}`, { type: 'page', title: 'DC page', version: { number: 2 }, body: { storage: { value: '<p>', representation: 'storage' } } }, {}, DEMO_BEARER);
    assert.equal(badXml.status, 400);
    assert.match(badXml.json.message, /Error parsing xhtml: .*\n at \[row,col \{unknown-source\}\]: \[1,4\]/);
    const upd = await call(srv, 'PUT', `${dc}/content/${id}`, { type: 'page', title: 'DC page', version: { number: 2 }, body: { storage: { value: '<p>two</p>', representation: 'storage' } } }, {}, DEMO_BEARER);
    assert.equal(upd.status, 200);
    assert.equal(upd.json.version.number, 2);
    const prop = await call(srv, 'POST', `${dc}/content/${id}/property`, { key: 'docs-to-confluence', value: { hash: '1' } }, {}, DEMO_BEARER);
    assert.equal(prop.status, 200);
    assert.equal((await call(srv, 'POST', `${dc}/content/${id}/property`, { key: 'docs-to-confluence', value: {} }, {}, DEMO_BEARER)).status, 400);
    assert.equal((await call(srv, 'PUT', `${dc}/content/${id}/property/docs-to-confluence`, { key: 'docs-to-confluence', value: { hash: '2' }, version: { number: 1 } }, {}, DEMO_BEARER)).status, 409);
    const propUpd = await call(srv, 'PUT', `${dc}/content/${id}/property/docs-to-confluence`, { key: 'docs-to-confluence', value: { hash: '2' }, version: { number: 2 } }, {}, DEMO_BEARER);
    assert.equal(propUpd.status, 200);
    assert.deepEqual((await call(srv, 'GET', `${dc}/content/${id}/property/docs-to-confluence`, undefined, {}, DEMO_BEARER)).json.value, { hash: '2' });
    // Data Center has no PUT create-or-update for attachments.
    assert.equal((await call(srv, 'PUT', `${dc}/content/${id}/child/attachment`, upload('x.png', PNG), { 'X-Atlassian-Token': 'no-check' }, DEMO_BEARER)).status, 405);
    const att = await call(srv, 'POST', `${dc}/content/${id}/child/attachment`, upload('x.png', PNG), { 'X-Atlassian-Token': 'no-check' }, DEMO_BEARER);
    assert.equal(att.status, 200);
    const attList = await call(srv, 'GET', `${dc}/content/${id}/child/attachment?filename=x.png`, undefined, {}, DEMO_BEARER);
    assert.equal(attList.json.results[0].id, att.json.results[0].id);
    assert.equal((await call(srv, 'DELETE', `${dc}/content/${id}`, undefined, {}, DEMO_BEARER)).status, 204);
    assert.equal((await call(srv, 'GET', `${dc}/content/${id}`, undefined, {}, DEMO_BEARER)).status, 404);
  });

  it('answers 410 Gone for v1 endpoints removed from Cloud, in the v1 envelope', async () => {
    const r = await call(srv, 'GET', '/wiki/rest/api/content?spaceKey=DOCS&title=x');
    assert.equal(r.status, 410);
    assert.equal(r.json.statusCode, 410);
    assert.equal((await call(srv, 'GET', `/wiki/rest/api/content/${space.homepageId}/property`)).status, 410);
  });

  it('honours a configurable context path, including the empty one', async () => {
    const root = await startLocalServer({ dataCenterContextPath: '' });
    try {
      const r = await call(root, 'GET', '/rest/api/space/DOCS', undefined, {}, DEMO_BEARER);
      assert.equal(r.status, 200);
      assert.equal(r.json.key, 'DOCS');
      assert.equal((await call(root, 'GET', '/confluence/rest/api/space/DOCS', undefined, {}, DEMO_BEARER)).status, 404);
    } finally {
      await root.close();
    }
  });
});
