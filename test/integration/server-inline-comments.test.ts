/** The local server's inline comments (Cloud v2), over raw HTTP: markers go into the current body, no new version. */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { call } from './server-helpers';

describe('local server: inline comments (v2)', function () {
  this.timeout(30000);
  let srv: LocalServer;
  let pageId: string;
  before(async () => {
    srv = await startLocalServer();
  });
  after(async () => srv.close());
  beforeEach(async () => {
    srv.reset();
    const space = (await call(srv, 'GET', '/wiki/api/v2/spaces?keys=DOCS')).json.results[0];
    const body = { representation: 'storage', value: '<p>Deploy on <strong>Fridays</strong> only. Deploy twice.</p><p>Other</p>' };
    pageId = (await call(srv, 'POST', '/wiki/api/v2/pages', { spaceId: space.id, status: 'current', title: 'Commented', body })).json.id;
  });
  const create = (props: Record<string, unknown>) =>
    call(srv, 'POST', '/wiki/api/v2/inline-comments', { pageId, body: { representation: 'storage', value: '<p>Hm?</p>' }, inlineCommentProperties: props });

  it('POST /inline-comments wraps the selected occurrence in a marker without a new page version', async () => {
    const r = await create({ textSelection: 'Deploy', textSelectionMatchCount: 2, textSelectionMatchIndex: 1 });
    assert.equal(r.status, 201, r.text);
    const ref = r.json.properties.inlineMarkerRef;
    assert.equal(r.json.properties.inlineOriginalSelection, 'Deploy');
    assert.equal(r.json.resolutionStatus, 'open');
    const page = (await call(srv, 'GET', `/wiki/api/v2/pages/${pageId}?body-format=storage`)).json;
    assert.equal(page.version.number, 1);
    assert.equal(page.body.storage.value, `<p>Deploy on <strong>Fridays</strong> only. <ac:inline-comment-marker ac:ref="${ref}">Deploy</ac:inline-comment-marker> twice.</p><p>Other</p>`);
    const across = await create({ textSelection: 'on Fridays' });
    assert.equal(across.status, 201, across.text);
    assert.match((await call(srv, 'GET', `/wiki/api/v2/pages/${pageId}?body-format=storage`)).json.body.storage.value, /Deploy <ac:inline-comment-marker ac:ref="[^"]+">on <strong>Fridays<\/strong><\/ac:inline-comment-marker> only/);

    const list = await call(srv, 'GET', `/wiki/api/v2/pages/${pageId}/inline-comments?body-format=storage`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.results.map((c: { properties: { inlineOriginalSelection: string } }) => c.properties.inlineOriginalSelection), ['Deploy', 'on Fridays']);
    assert.equal(list.json.results[0].body.storage.value, '<p>Hm?</p>');
    const one = await call(srv, 'GET', `/wiki/api/v2/inline-comments/${r.json.id}`);
    assert.equal(one.json.properties.inlineMarkerRef, ref);
  });

  it('400 for a selection that is not on the page, a wrong match count, or one that spans paragraphs; dangling once the marker is gone', async () => {
    assert.equal((await create({ textSelection: 'nowhere' })).status, 400);
    assert.equal((await create({ textSelection: 'Deploy', textSelectionMatchCount: 3, textSelectionMatchIndex: 0 })).status, 400);
    assert.equal((await create({ textSelection: 'twice.Other' })).status, 400);
    assert.equal((await create({})).status, 400);
    const ok = await create({ textSelection: 'Other' });
    assert.equal(ok.status, 201);
    await call(srv, 'PUT', `/wiki/api/v2/pages/${pageId}`, { id: pageId, status: 'current', title: 'Commented', body: { representation: 'storage', value: '<p>new</p>' }, version: { number: 2 } });
    const list = await call(srv, 'GET', `/wiki/api/v2/pages/${pageId}/inline-comments`);
    assert.equal(list.json.results[0].resolutionStatus, 'dangling');
    const open = await call(srv, 'GET', `/wiki/api/v2/pages/${pageId}/inline-comments?resolution-status=open`);
    assert.equal(open.json.results.length, 0);
  });
});
