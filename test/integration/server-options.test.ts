/** The local server's optional behaviours: each toggle changes what a raw HTTP client sees. */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server';
import { call, createPage, docsSpace } from './server-helpers';

describe('local server: options', () => {
  const servers: LocalServer[] = [];
  const start = async (...args: Parameters<typeof startLocalServer>): Promise<LocalServer> => {
    const s = await startLocalServer(...args);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('dataCenterAnonymousAccess: a wrong PAT runs as anonymous (reads work, writes 403, user/current is anonymous)', async () => {
    const srv = await start({ dataCenterAnonymousAccess: true });
    const me = await call(srv, 'GET', '/confluence/rest/api/user/current', undefined, {}, 'Bearer wrong-pat');
    assert.equal(me.status, 200);
    assert.equal(me.json.type, 'anonymous');
    assert.equal((await call(srv, 'GET', '/confluence/rest/api/space/DOCS', undefined, {}, 'Bearer wrong-pat')).status, 200);
    const write = await call(srv, 'POST', '/confluence/rest/api/content', { type: 'page', title: 'X', space: { key: 'DOCS' } }, {}, 'Bearer wrong-pat');
    assert.equal(write.status, 403);
    // Cloud routes still refuse bad credentials.
    assert.equal((await call(srv, 'GET', '/wiki/rest/api/user/current', undefined, {}, 'Bearer wrong-pat')).status, 401);
    // Without the option a wrong PAT is 401.
    const strict = await start();
    assert.equal((await call(strict, 'GET', '/confluence/rest/api/user/current', undefined, {}, 'Bearer wrong-pat')).status, 401);
  });

  it('eventualConsistencyMs: a new page is 404 on direct reads for a while, then 200', async () => {
    const srv = await start({ eventualConsistencyMs: 1500 });
    const space = await docsSpace(srv);
    const p = (await createPage(srv, space.id, 'Fresh')).json;
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}`)).status, 404);
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal((await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}`)).status, 200);
  });

  it('normalizeStorage: read-back storage differs from what was sent (macro ids, schema version, strong/em), CDATA untouched', async () => {
    const srv = await start({ normalizeStorage: true });
    const space = await docsSpace(srv);
    const sent =
      '<p><b>bold</b> <i>it</i></p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[<b>keep</b>]]></ac:plain-text-body></ac:structured-macro>';
    const p = (await createPage(srv, space.id, 'Normalised', { value: sent })).json;
    const back = (await call(srv, 'GET', `/wiki/api/v2/pages/${p.id}?body-format=storage`)).json.body.storage.value as string;
    assert.notEqual(back, sent);
    assert.match(back, /^<p><strong>bold<\/strong> <em>it<\/em><\/p>/);
    assert.match(back, /<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="[0-9a-f-]{36}">/);
    assert.ok(back.includes('<![CDATA[<b>keep</b>]]>'));
  });

  it('autoAppearanceProperty: content-appearance-published exists after create, so POSTing it is 409', async () => {
    const srv = await start({ autoAppearanceProperty: true });
    const space = await docsSpace(srv);
    const p = (await createPage(srv, space.id, 'Wide')).json;
    const r = await call(srv, 'POST', `/wiki/api/v2/pages/${p.id}/properties`, { key: 'content-appearance-published', value: 'full-width' });
    assert.equal(r.status, 409);
  });

  it('XSRF: form-encoded and text/plain writes need X-Atlassian-Token; JSON does not', async () => {
    const srv = await start();
    const space = await docsSpace(srv);
    const p = (await createPage(srv, space.id, 'Forms')).json;
    const form = await call(srv, 'POST', `/wiki/rest/api/content/${p.id}/label`, 'name=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 403);
    assert.equal(form.text, 'XSRF check failed');
    const text = await call(srv, 'POST', `/wiki/rest/api/content/${p.id}/label`, JSON.stringify([{ name: 'x' }]), { 'Content-Type': 'text/plain' });
    assert.equal(text.status, 403);
    assert.equal((await call(srv, 'POST', `/wiki/rest/api/content/${p.id}/label`, [{ name: 'x' }])).status, 200);
  });

  it('strictEntities rejects &nbsp; (Undeclared general entity) while numeric references pass', async () => {
    const srv = await start({ strictEntities: true });
    const space = await docsSpace(srv);
    const bad = await createPage(srv, space.id, 'Nbsp', { value: '<p>a&nbsp;b</p>' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.errors[0].title, /Undeclared general entity "nbsp"/);
    assert.equal((await createPage(srv, space.id, 'Numeric', { value: '<p>a&#160;b &amp; c</p>' })).status, 200);
  });

  it('maxPageSize caps every list page; titleCaseSensitive lets titles differ only in case', async () => {
    const srv = await start({ maxPageSize: 2, titleCaseSensitive: true });
    const space = await docsSpace(srv);
    assert.equal((await createPage(srv, space.id, 'Case')).status, 200);
    assert.equal((await createPage(srv, space.id, 'CASE')).status, 200);
    const r = await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&limit=100`);
    assert.equal(r.json.results.length, 2);
    assert.ok(r.json._links.next);
    const search = await call(srv, 'GET', `/wiki/rest/api/search?cql=${encodeURIComponent('space = DOCS')}&limit=50`);
    assert.equal(search.json.results.length, 2);
    assert.equal(search.json.limit, 2);
  });

  it("removedCloudV1: 'serve' answers the old Cloud v1 content endpoints", async () => {
    const srv = await start({ removedCloudV1: 'serve' });
    const r = await call(srv, 'GET', '/wiki/rest/api/content?spaceKey=DOCS&expand=version');
    assert.equal(r.status, 200);
    assert.equal(r.json.results[0].title, 'Documentation Home');
    const gone = await start({ removedCloudV1: 404 });
    assert.equal((await call(gone, 'GET', '/wiki/rest/api/content?spaceKey=DOCS')).status, 404);
  });

  it('scoped-token gateway paths: /_edge/tenant_info gives the cloudId; /ex/confluence/{cloudId}/wiki/… serves v2 and v1 with classic links', async () => {
    const srv = await start({ maxPageSize: 1 });
    const tenant = await call(srv, 'GET', '/_edge/tenant_info', undefined, {}, null);
    assert.equal(tenant.status, 200);
    assert.equal(tenant.json.cloudId, srv.cloudId);
    const base = `/ex/confluence/${srv.cloudId}/wiki`;
    assert.equal(srv.scopedBaseUrl, `${srv.url}${base}`);
    const space = (await call(srv, 'GET', `${base}/api/v2/spaces?keys=DOCS`)).json.results[0];
    assert.equal((await createPage(srv, space.id, 'Via gateway')).status, 200);
    const pages = await call(srv, 'GET', `${base}/api/v2/pages?space-id=${space.id}`);
    assert.equal(pages.status, 200);
    assert.equal(pages.json._links.base, `${srv.url}/wiki`);
    assert.ok(pages.json._links.next.startsWith('/wiki/api/v2/pages?'), pages.json._links.next);
    assert.equal((await call(srv, 'GET', `${base}/rest/api/user/current`)).json.email, 'demo@example.com');
    assert.equal((await call(srv, 'GET', `/ex/confluence/not-this-site/wiki/api/v2/spaces`)).status, 404);
    assert.equal((await call(srv, 'GET', `${base}/api/v2/spaces`, undefined, {}, null)).status, 401);
  });
});
