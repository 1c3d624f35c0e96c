import { strict as assert } from 'node:assert';
import { connectConfluence } from '../../../src/core/confluence/connect';
import { ConfluenceError } from '../../../src/core/confluence/errors';
import { TransportError } from '../../../src/core/confluence/transport';
import type { ConfluenceClient } from '../../../src/core/confluence/client';
import { FakeTransport, json, routes, type Handler } from './fake-transport';

const SITE = 'https://acme.atlassian.net';
const creds = { baseUrl: SITE, email: 'demo@example.com', apiToken: 'local-dev-token' };
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

function page(id: string, title: string, extra: Record<string, unknown> = {}) {
  return { id, title, status: 'current', spaceId: '100', parentId: '1', version: { number: 1, authorId: 'acc-1' }, _links: { webui: `/spaces/DOCS/pages/${id}`, base: `${SITE}/wiki` }, ...extra };
}

const probe: Array<[string, Handler]> = [
  ['GET /wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-1', displayName: 'Demo' })],
  ['GET /wiki/api/v2/spaces\\?limit=1$', () => json(200, { results: [], _links: { base: `${SITE}/wiki` } })],
];

async function connect(table: Array<[string, Handler]>): Promise<{ client: ConfluenceClient; transport: FakeTransport }> {
  const transport = new FakeTransport(routes([...probe, ...table]));
  const client = await connectConfluence(creds, { transport, retry: fast });
  transport.requests.length = 0;
  return { client, transport };
}

describe('CloudClient (fake transport)', () => {
  it('connects as Cloud with v2 and knows the current user', async () => {
    const { client } = await connect([]);
    assert.equal(client.capabilities.flavor, 'cloud');
    assert.equal(client.capabilities.v2, true);
    assert.equal(client.user.accountId, 'acc-1');
    assert.equal(client.pageUrl('42'), `${SITE}/wiki/pages/viewpage.action?pageId=42`);
  });

  it('resolves a space key through v2 /spaces?keys=', async () => {
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/spaces\\?keys=DOCS', () => json(200, { results: [{ id: '100', key: 'DOCS', name: 'Docs', homepageId: '1' }] })],
    ]);
    assert.deepEqual(await client.getSpace('DOCS'), { id: '100', key: 'DOCS', name: 'Docs', homepageId: '1' });
    assert.deepEqual(transport.lines, ['GET /wiki/api/v2/spaces?keys=DOCS&limit=1']);
  });

  it('throws a 404 ConfluenceError naming CONFLUENCE_SPACE for an unknown space', async () => {
    const { client } = await connect([['GET /wiki/api/v2/spaces\\?keys=', () => json(200, { results: [] })]]);
    const err: ConfluenceError = await client.getSpace('NOPE').catch((e) => e);
    assert.equal(err.status, 404);
    assert.match(err.hint, /CONFLUENCE_SPACE/);
  });

  it('lists a space with limit=250 from both ends, following the relative Link header until they meet', async () => {
    const all = Array.from({ length: 600 }, (_, i) => page(String(1000 + i), `P${i}`));
    const { client, transport } = await connect([
      [
        'GET /wiki/api/v2/pages\\?',
        (req) => {
          const u = new URL(req.url);
          const start = Number(u.searchParams.get('cursor') ?? 0);
          const limit = Number(u.searchParams.get('limit'));
          const sort = u.searchParams.get('sort') ?? 'id';
          const chunk = (sort === '-id' ? [...all].reverse() : all).slice(start, start + limit);
          const next = start + limit < all.length ? `/wiki/api/v2/pages?space-id=100&limit=${limit}&sort=${sort}&cursor=${start + limit}` : undefined;
          return json(200, { results: chunk, _links: next ? { next } : {} }, next ? { link: `<${next}>; rel="next", <${SITE}/wiki>; rel="base"` } : {});
        },
      ],
    ]);
    const pages = await client.listPages('100', { body: true });
    assert.equal(pages.length, 600);
    assert.equal(new Set(pages.map((p) => p.id)).size, 600);
    // 3 pages of results: at most one request more per side where they meet (which side answers first decides)
    assert.ok(transport.requests.length >= 3 && transport.requests.length <= 5, transport.lines.join('\n'));
    assert.equal(transport.lines[0], 'GET /wiki/api/v2/pages?space-id=100&status=current&limit=250&body-format=storage&sort=id');
    assert.ok(transport.lines.includes('GET /wiki/api/v2/pages?space-id=100&limit=250&sort=id&cursor=250'));
    assert.ok(transport.lines.includes('GET /wiki/api/v2/pages?space-id=100&status=current&limit=250&body-format=storage&sort=-id'));
    assert.equal(pages[599].title, 'P599');
    assert.equal(pages[0].webUrl, `${SITE}/wiki/spaces/DOCS/pages/1000`);
  });

  it('follows _links.next when there is no Link header', async () => {
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/pages/5/labels\\?limit=250$', () => json(200, { results: [{ name: 'a' }], _links: { next: '/wiki/api/v2/pages/5/labels?cursor=x' } })],
      ['GET /wiki/api/v2/pages/5/labels\\?cursor=x$', () => json(200, { results: [{ name: 'b' }], _links: {} })],
    ]);
    assert.deepEqual(await client.getLabels('5'), ['a', 'b']);
    assert.equal(transport.requests.length, 2);
  });

  it('finds a page by exact title, preferring current over archived', async () => {
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/pages\\?space-id=100&title=', () => json(200, { results: [page('7', 'Install', { status: 'archived' }), page('8', 'Install')] })],
    ]);
    const found = await client.findPageByTitle('100', 'Install');
    assert.equal(found?.id, '8');
    assert.equal(transport.lines[0], 'GET /wiki/api/v2/pages?space-id=100&title=Install&status=current,archived&limit=25');
  });

  it('getPage returns undefined on 404, the storage body when asked', async () => {
    const { client } = await connect([
      ['GET /wiki/api/v2/pages/404', () => json(404, { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not found' }] })],
      ['GET /wiki/api/v2/pages/9\\?body-format=storage', () => json(200, page('9', 'Nine', { body: { storage: { representation: 'storage', value: '<p>x</p>' } } }))],
    ]);
    assert.equal(await client.getPage('404'), undefined);
    const p = await client.getPage('9', { body: true });
    assert.equal(p?.body, '<p>x</p>');
    assert.equal(p?.version, 1);
    assert.equal(p?.lastModifiedBy, 'acc-1');
  });

  it('creates a page with the v2 body shape', async () => {
    const { client, transport } = await connect([['POST /wiki/api/v2/pages$', () => json(200, page('20', 'New'))]]);
    const p = await client.createPage({ spaceId: '100', title: 'New', parentId: '1', body: '<p>hi</p>' });
    assert.equal(p.id, '20');
    assert.deepEqual(JSON.parse(transport.requests[0].body as string), {
      spaceId: '100',
      status: 'current',
      title: 'New',
      parentId: '1',
      body: { representation: 'storage', value: '<p>hi</p>' },
    });
  });

  it('createPage: after a dropped connection it looks the page up and returns it without posting again', async () => {
    let posts = 0;
    const { client, transport } = await connect([
      ['POST /wiki/api/v2/pages$', () => (posts++, (() => { throw new TransportError('ECONNRESET', 'socket hang up'); })())],
      ['GET /wiki/api/v2/pages\\?space-id=100&title=New', () => json(200, { results: [page('21', 'New')] })],
    ]);
    const p = await client.createPage({ spaceId: '100', title: 'New', parentId: '1', body: '<p>hi</p>' });
    assert.equal(p.id, '21');
    assert.equal(posts, 1);
    assert.deepEqual(transport.lines.map((l) => l.split('?')[0]), ['POST /wiki/api/v2/pages', 'GET /wiki/api/v2/pages']);
  });

  it('createPage: after a 500 and an empty look-up it posts again', async () => {
    let posts = 0;
    const { client, transport } = await connect([
      ['POST /wiki/api/v2/pages$', () => (++posts === 1 ? json(500, {}) : json(200, page('22', 'New')))],
      ['GET /wiki/api/v2/pages\\?space-id=100&title=New', () => json(200, { results: [] })],
    ]);
    const p = await client.createPage({ spaceId: '100', title: 'New', body: '<p/>' });
    assert.equal(p.id, '22');
    assert.equal(posts, 2);
    assert.deepEqual(transport.lines.map((l) => l.split('?')[0]), ['POST /wiki/api/v2/pages', 'GET /wiki/api/v2/pages', 'POST /wiki/api/v2/pages']);
  });

  it('updatePage sends the version and maps a 409 to a version-conflict error', async () => {
    const { client, transport } = await connect([
      ['PUT /wiki/api/v2/pages/9$', () => json(409, { errors: [{ status: 409, code: 'CONFLICT', title: 'Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]' }] })],
    ]);
    const err: ConfluenceError = await client.updatePage({ id: '9', title: 'Nine', body: '<p/>', version: 5, versionMessage: 'sync' }).catch((e) => e);
    assert.equal(err.status, 409);
    assert.equal(err.code, 'CONFLICT');
    assert.match(err.hint, /version conflict/);
    const sent = JSON.parse(transport.requests[0].body as string);
    assert.deepEqual(sent.version, { number: 5, message: 'sync' });
    assert.equal(sent.status, 'current');
    assert.equal(sent.id, '9');
  });

  it('updatePage: a retry that hits 409 because the lost first attempt landed returns the page', async () => {
    let puts = 0;
    const { client } = await connect([
      ['PUT /wiki/api/v2/pages/9$', () => (++puts === 1 ? (() => { throw new TransportError('ECONNRESET', 'reset'); })() : json(409, { errors: [{ code: 'CONFLICT', title: 'Version must be incremented' }] }))],
      ['GET /wiki/api/v2/pages/9$', () => json(200, page('9', 'Nine', { version: { number: 5 } }))],
    ]);
    const p = await client.updatePage({ id: '9', title: 'Nine', body: '<p/>', version: 5 });
    assert.equal(p.version, 5);
    assert.equal(puts, 2);
  });

  it('uses v1 for labels write, move, restrictions, archive and CQL search', async () => {
    const { client, transport } = await connect([
      ['POST /wiki/rest/api/content/9/label$', () => json(200, { results: [] })],
      ['PUT /wiki/rest/api/content/9/move/append/3$', () => json(200, { pageId: '9' })],
      ['PUT /wiki/rest/api/content/9/restriction$', () => json(200, { results: [] })],
      ['POST /wiki/rest/api/content/archive$', () => json(202, { id: 'task' })],
      ['GET /wiki/rest/api/search\\?cql=', () => json(200, { results: [{ content: { id: '9', type: 'page', title: 'Nine', status: 'current', space: { id: 100, key: 'DOCS' }, version: { number: 3 }, ancestors: [{ id: '1' }] } }, { space: { key: 'DOCS' } }], _links: {} })],
    ]);
    await client.addLabels('9', ['docs', 'api']);
    await client.movePage('9', '3');
    await client.restrictEditingTo('9', client.user);
    await client.archivePage('9');
    const found = await client.searchCql('space = "DOCS" and type = page');
    assert.deepEqual(found, [{ id: '9', title: 'Nine', spaceId: '100', parentId: '1', version: 3, status: 'current' }]);
    const bodies = transport.requests.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : undefined));
    assert.deepEqual(bodies[0], [{ prefix: 'global', name: 'docs' }, { prefix: 'global', name: 'api' }]);
    assert.deepEqual(bodies[2], [{ operation: 'update', restrictions: { user: [{ type: 'known', accountId: 'acc-1' }] } }]);
    assert.deepEqual(bodies[3], { pages: [{ id: 9 }] });
    // The body-less move must pass Confluence's XSRF check too.
    assert.equal(transport.requests[1].headers['X-Atlassian-Token'], 'no-check');
    assert.equal(transport.requests[1].body, undefined);
    assert.equal(client.stats.byKind.label, 1);
  });

  it('removes a label through v1 by name; a label that is already gone is not an error', async () => {
    const { client, transport } = await connect([
      ['DELETE /wiki/rest/api/content/9/label\\?name=old/one$', () => json(204, undefined)],
      ['DELETE /wiki/rest/api/content/9/label\\?name=gone$', () => json(404, { statusCode: 404, message: 'label not found' })],
    ]);
    await client.removeLabel('9', 'old/one');
    await client.removeLabel('9', 'gone');
    assert.deepEqual(transport.lines.map((l) => l.split(' ')[0]), ['DELETE', 'DELETE']);
  });

  it('setProperty creates, then updates with version+1 by property id', async () => {
    let stored: { id: string; key: string; value: unknown; version: { number: number } } | undefined;
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/pages/9/properties\\?key=docs-to-confluence$', () => json(200, { results: stored ? [stored] : [] })],
      ['POST /wiki/api/v2/pages/9/properties$', (req) => { const b = JSON.parse(req.body as string); stored = { id: '55', key: b.key, value: b.value, version: { number: 1 } }; return json(200, stored); }],
      ['PUT /wiki/api/v2/pages/9/properties/55$', (req) => { const b = JSON.parse(req.body as string); assert.equal(b.version.number, stored!.version.number + 1); stored = { ...stored!, value: b.value, version: b.version }; return json(200, stored); }],
    ]);
    assert.equal(await client.getProperty('9', 'docs-to-confluence'), undefined);
    await client.setProperty('9', 'docs-to-confluence', { hash: 'a' });
    await client.setProperty('9', 'docs-to-confluence', { hash: 'b' });
    assert.deepEqual(await client.getProperty('9', 'docs-to-confluence'), { value: { hash: 'b' }, version: 2 });
    assert.deepEqual(transport.lines.map((l) => l.split('?')[0]), [
      'GET /wiki/api/v2/pages/9/properties',
      'GET /wiki/api/v2/pages/9/properties',
      'POST /wiki/api/v2/pages/9/properties',
      'GET /wiki/api/v2/pages/9/properties',
      'PUT /wiki/api/v2/pages/9/properties/55',
      'GET /wiki/api/v2/pages/9/properties',
    ]);
  });

  it('setProperty on a page created a moment ago writes without reading first, and recovers from 409 by re-reading', async () => {
    let stored: { id: string; key: string; value: unknown; version: { number: number } } | undefined = { id: '56', key: 'docs-to-confluence', value: { hash: 'x' }, version: { number: 1 } };
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/pages/9/properties\\?key=docs-to-confluence$', () => json(200, { results: stored ? [stored] : [] })],
      ['POST /wiki/api/v2/pages/9/properties$', () => json(409, { errors: [{ status: 409, code: 'CONFLICT', title: 'Property key already exists' }] })],
      ['PUT /wiki/api/v2/pages/9/properties/56$', (req) => { const b = JSON.parse(req.body as string); stored = { ...stored!, value: b.value, version: b.version }; return json(200, stored); }],
    ]);
    await client.setProperty('9', 'docs-to-confluence', { hash: 'new' }, { isNew: true });
    assert.deepEqual(transport.lines.map((l) => l.split('?')[0]), [
      'POST /wiki/api/v2/pages/9/properties',
      'GET /wiki/api/v2/pages/9/properties',
      'PUT /wiki/api/v2/pages/9/properties/56',
    ]);
    assert.deepEqual(stored!.value, { hash: 'new' });
    assert.equal(stored!.version.number, 2);
  });

  it('setProperty on the version just read (expectedVersion) writes without reading again; a stale version is re-read and retried', async () => {
    let stored = { id: '57', key: 'docs-to-confluence', value: { hash: 'x' } as unknown, version: { number: 3 } };
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/pages/9/properties\\?key=docs-to-confluence$', () => json(200, { results: [stored] })],
      ['PUT /wiki/api/v2/pages/9/properties/57$', (req) => {
        const b = JSON.parse(req.body as string);
        if (b.version.number !== stored.version.number + 1) return json(409, { errors: [{ status: 409, code: 'CONFLICT', title: 'Version conflict' }] });
        stored = { ...stored, value: b.value, version: b.version };
        return json(200, stored);
      }],
    ]);
    const read = (await client.getProperty('9', 'docs-to-confluence'))!;
    await client.setProperty('9', 'docs-to-confluence', { hash: 'y' }, { expectedVersion: read.version });
    assert.deepEqual(stored.value, { hash: 'y' });
    assert.deepEqual(transport.lines.map((l) => l.split('?')[0]), ['GET /wiki/api/v2/pages/9/properties', 'PUT /wiki/api/v2/pages/9/properties/57']);

    stored = { ...stored, version: { number: 6 } }; // someone wrote meanwhile
    const sent = transport.lines.length;
    await client.setProperty('9', 'docs-to-confluence', { hash: 'z' }, { expectedVersion: 4 });
    assert.deepEqual([stored.value, stored.version.number], [{ hash: 'z' }, 7]);
    assert.deepEqual(transport.lines.slice(sent).map((l) => l.split('?')[0]), [
      'PUT /wiki/api/v2/pages/9/properties/57',
      'GET /wiki/api/v2/pages/9/properties',
      'PUT /wiki/api/v2/pages/9/properties/57',
    ]);
  });

  it('uploads attachments through v1 multipart (PUT create-or-update, POST /data for a known id)', async () => {
    const att = { id: 'att77', type: 'attachment', title: 'a.png', version: { number: 2 }, extensions: { mediaType: 'image/png', fileSize: 3, comment: 'sha:1' } };
    const { client, transport } = await connect([
      ['PUT /wiki/rest/api/content/9/child/attachment$', () => json(200, { results: [att], size: 1 })],
      ['POST /wiki/rest/api/content/9/child/attachment/att77/data$', () => json(200, att)],
      ['GET /wiki/api/v2/pages/9/attachments', () => json(200, { results: [{ id: 'att77', title: 'a.png', mediaType: 'image/png', fileSize: 3, comment: 'sha:1', version: { number: 2 } }] })],
    ]);
    const input = { pageId: '9', fileName: 'a.png', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png', comment: 'sha:1' };
    assert.deepEqual(await client.uploadAttachment(input), { id: 'att77', title: 'a.png', mediaType: 'image/png', fileSize: 3, comment: 'sha:1', version: 2 });
    await client.uploadAttachment({ ...input, existingId: 'att77' });
    const list = await client.listAttachments('9');
    assert.equal(list[0].comment, 'sha:1');
    const form = transport.requests[0].body as FormData;
    assert.ok(form instanceof FormData);
    assert.equal(form.get('minorEdit'), 'true');
    assert.equal(form.get('comment'), 'sha:1');
    assert.equal((form.get('file') as File).name, 'a.png');
    assert.equal(transport.requests[0].headers['X-Atlassian-Token'], 'no-check');
  });

  it('getChildren lists direct children then reads their versions in bulk', async () => {
    const { client, transport } = await connect([
      ['GET /wiki/api/v2/pages/1/direct-children', () => json(200, { results: [{ id: '3', type: 'page', title: 'B' }, { id: '4', type: 'folder', title: 'F' }, { id: '2', type: 'page', title: 'A' }] })],
      ['GET /wiki/api/v2/pages\\?id=3,2', () => json(200, { results: [page('2', 'A'), page('3', 'B', { version: { number: 7 } })] })],
    ]);
    const children = await client.getChildren('1');
    assert.deepEqual(children.map((c) => [c.id, c.version]), [['3', 7], ['2', 1]]);
    assert.equal(transport.requests.length, 2);
  });
});

describe('CloudClient pagination guard', () => {
  it('stops when a server repeats the same next link', async () => {
    const transport = new FakeTransport(
      routes([
        ...probe,
        ['GET /wiki/api/v2/pages/5/labels', () => json(200, { results: [{ name: 'a' }], _links: { next: '/wiki/api/v2/pages/5/labels?cursor=same' } })],
      ]),
    );
    const client = await connectConfluence(creds, { transport, retry: fast });
    const labels = await client.getLabels('5');
    assert.deepEqual(labels, ['a', 'a']);
  });
});

describe('CloudClient capabilities learnt late', () => {
  it('turns a 405 on restrictions into UNSUPPORTED and records the limitation', async () => {
    const transport = new FakeTransport(routes([...probe, ['PUT /wiki/rest/api/content/9/restriction$', () => json(405, { message: 'Method Not Allowed' })]]));
    const client = await connectConfluence(creds, { transport, retry: fast });
    const err: ConfluenceError = await client.restrictEditingTo('9', client.user).catch((e) => e);
    assert.equal(err.code, 'UNSUPPORTED');
    assert.equal(client.capabilities.restrictions, false);
    assert.ok(client.capabilities.limitations.some((l) => /restrictions/.test(l)));
    const again: ConfluenceError = await client.restrictEditingTo('9', client.user).catch((e) => e);
    assert.equal(again.code, 'UNSUPPORTED');
    assert.equal(transport.requests.filter((r) => r.method === 'PUT').length, 1, 'no second request');
  });
});
