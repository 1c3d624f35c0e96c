import { strict as assert } from 'node:assert';
import { connectConfluence } from '../../../src/core/confluence/connect';
import { ConfluenceError } from '../../../src/core/confluence/errors';
import { TransportError } from '../../../src/core/confluence/transport';
import type { ConfluenceClient } from '../../../src/core/confluence/client';
import { FakeTransport, json, routes, type Handler } from './fake-transport';

const BASE = 'https://wiki.example.com/confluence';

function content(id: string, title: string, version = 1, parent = '1') {
  return { id, type: 'page', status: 'current', title, space: { id: 100, key: 'DOCS' }, version: { number: version, by: { userKey: 'k1' } }, ancestors: [{ id: '1' }, { id: parent }], _links: { webui: `/display/DOCS/${id}`, base: BASE } };
}

async function connect(table: Array<[string, Handler]>): Promise<{ client: ConfluenceClient; transport: FakeTransport }> {
  const transport = new FakeTransport(
    routes([
      ['GET /confluence/rest/api/user/current$', () => json(200, { type: 'known', username: 'demo', userKey: 'k1', displayName: 'Demo' })],
      ['GET /confluence/rest/api/space/DOCS\\?expand=homepage$', () => json(200, { id: 100, key: 'DOCS', name: 'Docs', homepage: { id: 1 } })],
      ...table,
    ]),
  );
  const client = await connectConfluence({ baseUrl: BASE, personalAccessToken: 'local-dev-pat' }, { transport, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  await client.getSpace('DOCS');
  transport.requests.length = 0;
  return { client, transport };
}

describe('DataCenterClient (fake transport)', () => {
  it('reads the space by key and maps ids', async () => {
    const { client } = await connect([]);
    assert.deepEqual(await client.getSpace('DOCS'), { id: '100', key: 'DOCS', name: 'Docs', homepageId: '1' });
  });

  it('lists a space via /rest/api/content with start/limit paging through _links.next', async () => {
    const all = Array.from({ length: 450 }, (_, i) => content(String(1000 + i), `P${i}`));
    const { client, transport } = await connect([
      [
        'GET /confluence/rest/api/content\\?',
        (req) => {
          const u = new URL(req.url);
          const start = Number(u.searchParams.get('start') ?? 0);
          const limit = Math.min(200, Number(u.searchParams.get('limit'))); // DC caps the limit
          const next = start + limit < all.length ? `/rest/api/content?spaceKey=DOCS&type=page&limit=${limit}&start=${start + limit}&expand=version,ancestors,body.storage` : undefined;
          return json(200, { results: all.slice(start, start + limit), start, limit, size: Math.min(limit, all.length - start), _links: { base: BASE, context: '/confluence', ...(next ? { next } : {}) } });
        },
      ],
    ]);
    const pages = await client.listPages('100', { body: true });
    assert.equal(pages.length, 450);
    assert.equal(transport.requests.length, 3);
    assert.equal(transport.lines[0], 'GET /confluence/rest/api/content?spaceKey=DOCS&type=page&limit=250&expand=version,ancestors,body.storage');
    assert.match(transport.lines[1], /^GET \/confluence\/rest\/api\/content\?spaceKey=DOCS&type=page&limit=200&start=200/);
    assert.equal(pages[0].spaceId, '100');
    assert.equal(pages[0].parentId, '1');
  });

  it('creates with space key and ancestors; updates with version; moves by update', async () => {
    const { client, transport } = await connect([
      ['POST /confluence/rest/api/content\\?', () => json(200, content('20', 'New'))],
      ['GET /confluence/rest/api/content/20\\?expand=version,ancestors,space,body.storage', () => json(200, { ...content('20', 'New', 2), body: { storage: { value: '<p>b</p>', representation: 'storage' } } })],
      ['PUT /confluence/rest/api/content/20$', (req) => json(200, content('20', 'New', JSON.parse(req.body as string).version.number, '7'))],
    ]);
    await client.createPage({ spaceId: '100', title: 'New', parentId: '1', body: '<p>a</p>' });
    assert.deepEqual(JSON.parse(transport.requests[0].body as string), {
      type: 'page',
      title: 'New',
      space: { key: 'DOCS' },
      ancestors: [{ id: '1' }],
      body: { storage: { value: '<p>a</p>', representation: 'storage' } },
    });
    const updated = await client.updatePage({ id: '20', title: 'New', body: '<p>b</p>', version: 2 });
    assert.equal(updated.version, 2);
    await client.movePage('20', '7');
    const moveBody = JSON.parse(transport.requests.at(-1)!.body as string);
    assert.deepEqual(moveBody.ancestors, [{ id: '7' }]);
    assert.equal(moveBody.version.number, 3);
    assert.equal(moveBody.body.storage.value, '<p>b</p>');
  });

  it('createPage after a dropped connection finds the page by title instead of posting again', async () => {
    let posts = 0;
    const { client } = await connect([
      ['POST /confluence/rest/api/content\\?', () => (posts++, (() => { throw new TransportError('EPIPE', 'broken pipe'); })())],
      ['GET /confluence/rest/api/content\\?spaceKey=DOCS&title=New', () => json(200, { results: [content('21', 'New')] })],
    ]);
    const p = await client.createPage({ spaceId: '100', title: 'New', parentId: '1', body: '<p/>' });
    assert.equal(p.id, '21');
    assert.equal(posts, 1);
  });

  it('properties by key: POST to create, PUT with version+1 to update', async () => {
    let stored: { key: string; value: unknown; version: { number: number } } | undefined;
    const { client, transport } = await connect([
      ['GET /confluence/rest/api/content/9/property/docs-to-confluence$', () => (stored ? json(200, stored) : json(404, { statusCode: 404, message: 'not found' }))],
      ['POST /confluence/rest/api/content/9/property$', (req) => ((stored = { ...JSON.parse(req.body as string), version: { number: 1 } }), json(200, stored))],
      ['PUT /confluence/rest/api/content/9/property/docs-to-confluence$', (req) => ((stored = JSON.parse(req.body as string)), json(200, stored))],
    ]);
    await client.setProperty('9', 'docs-to-confluence', { hash: 'a' });
    await client.setProperty('9', 'docs-to-confluence', { hash: 'b' });
    assert.deepEqual(await client.getProperty('9', 'docs-to-confluence'), { value: { hash: 'b' }, version: 2 });
    assert.deepEqual(transport.lines.filter((l) => !l.startsWith('GET')), ['POST /confluence/rest/api/content/9/property', 'PUT /confluence/rest/api/content/9/property/docs-to-confluence']);
  });

  it('uploads: POST, and on "already exists" 400 a new version through /data', async () => {
    const att = { id: 'att5', type: 'attachment', title: 'a.png', version: { number: 2 }, metadata: { mediaType: 'image/png', comment: 'c' }, extensions: { fileSize: 1 } };
    const { client, transport } = await connect([
      ['POST /confluence/rest/api/content/9/child/attachment$', () => json(400, { statusCode: 400, message: 'Cannot add a new attachment with same file name as an existing attachment: a.png' })],
      ['GET /confluence/rest/api/content/9/child/attachment\\?', () => json(200, { results: [att], _links: {} })],
      ['POST /confluence/rest/api/content/9/child/attachment/att5/data$', () => json(200, att)],
    ]);
    const a = await client.uploadAttachment({ pageId: '9', fileName: 'a.png', data: new Uint8Array([1]), mediaType: 'image/png', comment: 'c' });
    assert.equal(a.id, 'att5');
    assert.equal(a.comment, 'c');
    assert.deepEqual(transport.lines.map((l) => l.split('?')[0]), [
      'POST /confluence/rest/api/content/9/child/attachment',
      'GET /confluence/rest/api/content/9/child/attachment',
      'POST /confluence/rest/api/content/9/child/attachment/att5/data',
    ]);
  });

  it('restricts editing by username; archive is reported unsupported', async () => {
    const { client, transport } = await connect([['PUT /confluence/rest/api/content/9/restriction$', () => json(200, [])]]);
    await client.restrictEditingTo('9', client.user);
    assert.deepEqual(JSON.parse(transport.requests[0].body as string), [{ operation: 'update', restrictions: { user: [{ type: 'known', username: 'demo' }], group: [] } }]);
    const err: ConfluenceError = await client.archivePage('9').catch((e) => e);
    assert.equal(err.code, 'UNSUPPORTED');
  });

  it('looks an unknown space id up once through /rest/api/space?spaceId=', async () => {
    const { client, transport } = await connect([
      ['GET /confluence/rest/api/space\\?spaceId=200', () => json(200, { results: [{ id: 200, key: 'OTHER', name: 'Other' }] })],
      ['GET /confluence/rest/api/content\\?spaceKey=OTHER&title=X', () => json(200, { results: [] })],
    ]);
    assert.equal(await client.findPageByTitle('200', 'X'), undefined);
    assert.equal(await client.findPageByTitle('200', 'X'), undefined);
    assert.equal(transport.lines.filter((l) => l.includes('/space?')).length, 1);
  });
});
