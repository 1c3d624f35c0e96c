/**
 * "The request landed but the answer was lost": a proxy in front of the embedded server forwards a write, lets the
 * server apply it, then cuts the client's connection instead of relaying the answer. The client must not create a
 * duplicate page (it looks the title up first) and must recognise its own applied update after a 409.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';

/** Proxies to `target`; answers to requests matching `cut` (once each arm) are swallowed and the socket destroyed. */
async function startCuttingProxy(target: string): Promise<{ url: string; cutNext(method: string, path: RegExp): void; close(): Promise<void> }> {
  const armed: Array<{ method: string; path: RegExp }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const i = armed.findIndex((a) => a.method === req.method && a.path.test(req.url ?? ''));
      const cut = i >= 0 ? armed.splice(i, 1)[0] : undefined;
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          if (cut) return void req.socket.destroy(); // applied upstream, answer lost
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(body));
        });
      });
      upstream.on('error', () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cutNext: (method, path) => armed.push({ method, path }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`client: lost answers after the server applied the write (${flavor})`, () => {
    let server: LocalServer;
    let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
    let client: ConfluenceClient;

    before(async () => {
      server = await startLocalServer();
      proxy = await startCuttingProxy(server.url);
      client = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: `${proxy.url}/wiki`, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: `${proxy.url}/confluence`, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5 } },
      );
    });
    after(async () => {
      client.close();
      await proxy.close();
      await server.close();
    });

    it('createPage returns the page its lost request created, without creating a second one', async () => {
      const space = await client.getSpace('DOCS');
      proxy.cutNext('POST', flavor === 'cloud' ? /\/wiki\/api\/v2\/pages(\?|$)/ : /\/confluence\/rest\/api\/content(\?|$)/);
      const before = server.requestLog.length;
      const page = await client.createPage({ spaceId: space.id, title: 'Landed once', parentId: space.homepageId, body: '<p>x</p>' });
      const posts = server.requestLog.slice(before).filter((e) => e.method === 'POST');
      assert.equal(posts.length, 1, 'the create reached the server once and was not sent again');
      const all = await client.listPages(space.id);
      assert.deepEqual(all.filter((p) => p.title === 'Landed once').map((p) => p.id), [page.id]);
    });

    it('updatePage recognises its own applied update when the retry meets 409', async () => {
      const space = await client.getSpace('DOCS');
      const page = await client.createPage({ spaceId: space.id, title: 'Updated once', body: '<p>1</p>' });
      proxy.cutNext('PUT', new RegExp(`/${page.id}(\\?|$)`));
      const updated = await client.updatePage({ id: page.id, title: 'Updated once', body: '<p>2</p>', version: 2 });
      assert.equal(updated.version, 2);
      const read = await client.getPage(page.id, { body: true });
      assert.equal(read?.version, 2);
      assert.match(read!.body!, /2/);
    });

    it('setProperty survives a lost create answer', async () => {
      const space = await client.getSpace('DOCS');
      const page = await client.createPage({ spaceId: space.id, title: 'Property once', body: '<p/>' });
      proxy.cutNext('POST', /\/propert(y|ies)(\?|$)/);
      await client.setProperty(page.id, 'docs-to-confluence', { hash: 'h1' });
      assert.deepEqual(await client.getProperty(page.id, 'docs-to-confluence'), { value: { hash: 'h1' }, version: 1 });
    });
  });
}
