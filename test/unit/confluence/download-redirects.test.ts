/**
 * Attachment downloads follow redirects (Cloud answers with one to its media store) and never send the site's
 * credentials to another origin; every other request still treats a redirect as a wrong site URL.
 */
import { strict as assert } from 'node:assert';
import { connectConfluence } from '../../../src/core/confluence/connect';
import { ConfluenceError } from '../../../src/core/confluence/errors';
import type { HttpResponse } from '../../../src/core/confluence/transport';
import { FakeTransport, json, routes, type Handler } from './fake-transport';

const SITE = 'https://acme.atlassian.net';
const MEDIA = 'https://media.example-cdn.net';
const probe: Array<[string, Handler]> = [
  ['GET /wiki/rest/api/user/current$', () => json(200, { type: 'known', accountId: 'acc-1', displayName: 'Demo' })],
  ['GET /wiki/api/v2/spaces\\?limit=1$', () => json(200, { results: [], _links: { base: `${SITE}/wiki` } })],
];
const bytes = new Uint8Array([0, 255, 1, 254]);
const attachment = { id: 'att7', title: 'diagram.png', version: 1 };

async function connectWith(handler: Handler) {
  const probeRoutes = routes(probe);
  const isProbe = (url: string) => /\/user\/current$|\/spaces\?limit=1$/.test(url);
  const transport = new FakeTransport((req, i) => (isProbe(req.url) ? probeRoutes(req, i) : handler(req, i)));
  const client = await connectConfluence({ baseUrl: SITE, email: 'demo@example.com', apiToken: 'tok' }, { transport, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  transport.requests.length = 0;
  return { client, transport };
}

describe('attachment downloads and redirects', () => {
  it('follows a redirect to another origin without the Authorization header and returns the bytes', async () => {
    const { client, transport } = await connectWith((req): HttpResponse => {
      if (new URL(req.url).origin === SITE) return { status: 302, headers: { location: `${MEDIA}/file/abc?token=signed` }, body: '' };
      return { status: 200, headers: { 'content-type': 'image/png' }, body: '', bytes };
    });
    const got = await client.downloadAttachment('9', attachment);
    assert.deepEqual([...got], [...bytes]);
    assert.equal(transport.requests.length, 2);
    assert.match(transport.requests[0].url, /\/wiki\/rest\/api\/content\/9\/child\/attachment\/att7\/download$/);
    assert.ok(transport.requests[0].headers.Authorization, 'the site gets the credentials');
    assert.equal(transport.requests[1].url, `${MEDIA}/file/abc?token=signed`);
    assert.equal(transport.requests[1].headers.Authorization, undefined, 'the media host never sees them');
    assert.equal(transport.requests[1].binary, true);
  });

  it('keeps the credentials on a redirect within the site, and stops after five hops', async () => {
    let hops = 0;
    const { client, transport } = await connectWith(() => ({ status: 302, headers: { location: `${SITE}/wiki/download/again-${++hops}` }, body: '' }));
    await assert.rejects(client.downloadAttachment('9', attachment), (err: unknown) => err instanceof ConfluenceError && err.code === 'REDIRECT');
    assert.equal(transport.requests.length, 6);
    assert.ok(transport.requests.every((r) => r.headers.Authorization));
  });

  it('does not follow a redirect to a non-http scheme', async () => {
    const { client } = await connectWith(() => ({ status: 302, headers: { location: 'file:///etc/passwd' }, body: '' }));
    await assert.rejects(client.downloadAttachment('9', attachment), (err: unknown) => err instanceof ConfluenceError && err.code === 'REDIRECT');
  });

  it('other requests still refuse redirects (a wrong site URL), naming where they lead', async () => {
    const transport = new FakeTransport(routes([...probe, ['GET /wiki/api/v2/pages/5', () => ({ status: 301, headers: { location: `${MEDIA}/elsewhere` }, body: '' })]]));
    const client = await connectConfluence({ baseUrl: SITE, email: 'demo@example.com', apiToken: 'tok' }, { transport, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    transport.requests.length = 0;
    await assert.rejects(client.getPage('5'), (err: unknown) => err instanceof ConfluenceError && err.code === 'REDIRECT' && /elsewhere/.test(err.message));
    assert.equal(transport.requests.length, 1);
  });
});
