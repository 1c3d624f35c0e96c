/**
 * The read-side client methods (listDescendants, getPageVersions, getPageAtVersion, findChangedSince,
 * downloadAttachment) against both modes of the local server under faults: 429 with Retry-After, 5xx, dropped
 * connections while a tree is paged, a search index that lags behind edits (the version check still sees them),
 * and credentials that must never reach the media origin a Cloud download redirects to.
 */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';

type Tree = Record<'root' | 'a' | 'a1' | 'a1x' | 'a2' | 'b' | 'b1' | 'c', string>;

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`read-side client methods under faults (${flavor})`, function () {
    this.timeout(60000);
    let server: LocalServer;
    let client: ConfluenceClient;
    let spaceId: string;
    let homepageId: string;
    // Where a tree listing pages: Cloud v2 descendants, Data Center child pages.
    const listingPath = flavor === 'cloud' ? '/descendants$' : '/child/page$';

    before(async () => {
      // Small pages force every listing through its cursor / start loop.
      server = await startLocalServer({ maxPageSize: 2 });
    });
    after(async () => {
      client?.close();
      await server.close();
    });
    beforeEach(async () => {
      server.reset();
      server.setSettings({ timeZone: 'UTC', searchIndexLagMs: 0 });
      client?.close();
      client = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      );
      const space = await client.getSpace('DOCS');
      spaceId = space.id;
      homepageId = space.homepageId!;
    });

    async function tree(): Promise<Tree> {
      const mk = async (title: string, parentId: string): Promise<string> => (await client.createPage({ spaceId, title, body: `<p>${title}</p>`, parentId })).id;
      const root = await mk('Root', homepageId);
      const a = await mk('A', root);
      const a1 = await mk('A1', a);
      const a1x = await mk('A1x', a1);
      const a2 = await mk('A2', a);
      const b = await mk('B', root);
      const b1 = await mk('B1', b);
      const c = await mk('C', root);
      return { root, a, a1, a1x, a2, b, b1, c };
    }
    const faultsSeen = (kind: string): number => server.requestLog.filter((e) => e.fault === kind).length;

    it('listDescendants: the whole tree, parents first, siblings in order, through 429, 5xx and a dropped connection', async () => {
      const t = await tree();
      await client.updatePage({ id: t.b1, title: 'B1', body: '<p>B1 v2</p>', version: 2 });
      const clean = await client.listDescendants(t.root);
      assert.deepEqual(clean.map((p) => p.title).sort(), ['A', 'A1', 'A1x', 'A2', 'B', 'B1', 'C']);
      const pos = (id: string): number => clean.findIndex((p) => p.id === id);
      assert.ok(pos(t.a) < pos(t.a1) && pos(t.a1) < pos(t.a1x) && pos(t.b) < pos(t.b1), 'parents before children');
      assert.ok(pos(t.a) < pos(t.b) && pos(t.b) < pos(t.c) && pos(t.a1) < pos(t.a2), 'siblings in position order');
      assert.equal(clean.find((p) => p.id === t.b1)?.version, 2);
      assert.equal(clean.find((p) => p.id === t.a1x)?.parentId, t.a1);

      server.setFaults({ pathPattern: listingPath });
      server.failNext(1, 'rate-limit');
      server.failNext(1, 'error');
      server.failNext(1, 'drop');
      const started = Date.now();
      const again = await client.listDescendants(t.root);
      assert.deepEqual(again, clean);
      assert.deepEqual([faultsSeen('rate-limit'), faultsSeen('error'), faultsSeen('drop')], [1, 1, 1]);
      assert.ok(Date.now() - started >= 900, 'the 429 Retry-After: 1 was honoured');
    });

    it('listDescendants under random 5xx and drops on every listing page still returns the same tree', async () => {
      const t = await tree();
      const clean = await client.listDescendants(t.root);
      server.setFaults({ pathPattern: `${listingPath}|/pages$|/content$|/search$`, errorRate: 0.25, dropRate: 0.1, seed: 11 });
      const faulty = await client.listDescendants(t.root);
      server.setFaults({ errorRate: 0, dropRate: 0, pathPattern: undefined });
      assert.deepEqual(faulty, clean);
      assert.ok(faultsSeen('error') + faultsSeen('unavailable') + faultsSeen('drop') > 0, 'faults were injected');
    });

    it('moves and trash show in listDescendants and getPageVersions', async () => {
      const t = await tree();
      await client.deletePage(t.c);
      const moved = await client.updatePage({ id: t.a2, title: 'A2', body: '<p>A2</p>', version: 2, parentId: t.b });
      assert.equal(moved.parentId, t.b);
      const list = await client.listDescendants(t.root);
      assert.ok(!list.some((p) => p.id === t.c), 'trashed page not listed');
      assert.equal(list.find((p) => p.id === t.a2)?.parentId, t.b);
      const versions = await client.getPageVersions([t.a2, t.c]);
      assert.equal(versions.find((p) => p.id === t.a2)?.parentId, t.b);
      const trashed = versions.find((p) => p.id === t.c);
      assert.ok(trashed === undefined || trashed.status === 'trashed', 'a trashed page is absent or says trashed');
    });

    it('getPageVersions and getPageAtVersion through 5xx and 429; a missing version is undefined', async () => {
      const t = await tree();
      await client.updatePage({ id: t.a, title: 'A', body: '<p>A two</p>', version: 2 });
      server.setFaults({ pathPattern: flavor === 'cloud' ? '/pages(/\\d+)?$' : '/content(/\\d+)?$|/search$' });
      server.failNext(1, 'unavailable');
      server.failNext(1, 'rate-limit');
      const versions = await client.getPageVersions(Object.values(t));
      assert.equal(versions.length, Object.values(t).length);
      assert.equal(versions.find((p) => p.id === t.a)?.version, 2);
      server.failNext(1, 'error');
      const old = await client.getPageAtVersion(t.a, 1);
      assert.deepEqual([old?.version, old?.title], [1, 'A']);
      assert.match(old?.body ?? '', /<p>A<\/p>/);
      assert.equal(await client.getPageAtVersion(t.a, 3), undefined);
      assert.ok(faultsSeen('unavailable') + faultsSeen('rate-limit') + faultsSeen('error') === 3);
    });

    it('a lagging search index hides an edit from findChangedSince; the version check still finds it', async () => {
      const p = await client.createPage({ spaceId, title: 'Edited', body: '<p>v1</p>', parentId: homepageId });
      const publishedAt = new Date();
      server.setSettings({ searchIndexLagMs: 60_000 });
      await client.updatePage({ id: p.id, title: 'Edited', body: '<p>v2 from someone</p>', version: 2 });
      const hinted = await client.findChangedSince('DOCS', publishedAt);
      assert.ok(!hinted.some((x) => x.id === p.id), 'the search alone misses the edit');
      const [now] = await client.getPageVersions([p.id]);
      assert.equal(now?.version, 2, 'the version check sees the edit');
      const body = await client.getPageAtVersion(p.id, 2);
      assert.match(body?.body ?? '', /from someone/);
      server.setSettings({ searchIndexLagMs: 0 });
      assert.ok((await client.findChangedSince('DOCS', publishedAt)).some((x) => x.id === p.id), 'found once indexed');
    });

    it("findChangedSince finds an edit whatever the user's time zone (CQL minute precision)", async () => {
      for (const timeZone of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        server.setSettings({ timeZone });
        const since = new Date();
        const p = await client.createPage({ spaceId, title: `Zone ${timeZone}`, body: '<p>x</p>', parentId: homepageId });
        assert.ok((await client.findChangedSince('DOCS', since)).some((x) => x.id === p.id), timeZone);
      }
    });

    it('downloadAttachment: the bytes, credentials only to the site (never to the media origin), 429 retried', async () => {
      const page = await client.createPage({ spaceId, title: 'Files', body: '<p>f</p>', parentId: homepageId });
      const bytes = new Uint8Array([37, 80, 68, 70, 0, 10, 13, 255]);
      await client.uploadAttachment({ pageId: page.id, fileName: 'spec.pdf', data: bytes, mediaType: 'application/pdf' });
      const att = (await client.listAttachments(page.id)).find((a) => a.title === 'spec.pdf')!;
      server.setFaults({ pathPattern: '/download' });
      server.failNext(1, 'rate-limit');
      assert.deepEqual([...(await client.downloadAttachment(page.id, att))], [...bytes]);
      assert.equal(faultsSeen('rate-limit'), 1);
      const siteHops = server.requestLog.filter((e) => /\/download/.test(e.path) && e.status !== 429);
      assert.ok(siteHops.length >= 1 && siteHops.every((e) => e.user === 'demo@example.com'), 'the site got the credentials');
      if (flavor === 'cloud') {
        assert.equal(siteHops.at(-1)?.status, 302);
        assert.deepEqual(
          server.mediaRequests.map((e) => [e.status, e.authorization, e.cookie]),
          [[200, false, false]],
          'the media origin was reached once, without credentials',
        );
      } else assert.deepEqual(server.mediaRequests, [], 'Data Center serves the bytes itself');
    });
  });
}
