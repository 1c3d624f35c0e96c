/**
 * The read-side client methods (listDescendants, getPageVersions, getPageAtVersion, findChangedSince,
 * downloadAttachment) against both modes of the local server, on a clean run and under faults: 429 with
 * Retry-After, 5xx, dropped connections while a tree is paged, a search index that lags behind edits (the version
 * check still sees them), and credentials that must never reach the media origin a Cloud download redirects to.
 */
import { strict as assert } from 'node:assert';
import { FLAVORS, useFlavorClient } from './flavor-server';

type Tree = Record<'root' | 'a' | 'a1' | 'a1x' | 'a2' | 'b' | 'b1' | 'c', string>;

for (const flavor of FLAVORS) {
  describe(`read-side client methods, clean and under faults (${flavor})`, function () {
    this.timeout(60000);
    // Small pages force every listing through its cursor / start loop.
    const ctx = useFlavorClient(flavor, { server: { maxPageSize: 2 }, settings: { timeZone: 'UTC', searchIndexLagMs: 0 } });
    let spaceId: string;
    let homepageId: string;
    // Where a tree listing pages: Cloud v2 descendants, Data Center child pages.
    const listingPath = flavor === 'cloud' ? '/descendants$' : '/child/page$';

    beforeEach(async () => {
      const space = await ctx.client.getSpace('DOCS');
      spaceId = space.id;
      homepageId = space.homepageId!;
    });

    async function tree(): Promise<Tree> {
      const mk = async (title: string, parentId: string): Promise<string> => (await ctx.client.createPage({ spaceId, title, body: `<p>${title}</p>`, parentId })).id;
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
    const faultsSeen = (kind: string): number => ctx.server.requestLog.filter((e) => e.fault === kind).length;

    it('a clean run: the tree in order with versions, versions in bulk (an unknown id left out), a historic body, the changed-since search, attachment bytes', async () => {
      const client = ctx.client;
      const root = await client.createPage({ spaceId, title: 'Root', body: '<p>root</p>', parentId: homepageId });
      const a = await client.createPage({ spaceId, title: 'A', body: '<p>a1</p>', parentId: root.id });
      const b = await client.createPage({ spaceId, title: 'B', body: '<p>b</p>', parentId: root.id });
      const a1 = await client.createPage({ spaceId, title: 'A1', body: '<p>deep</p>', parentId: a.id });
      await client.updatePage({ id: a.id, title: 'A', body: '<p>a2</p>', version: 2 });

      const tree = await client.listDescendants(root.id);

      assert.deepEqual(new Set(tree.map((p) => p.title)), new Set(['A', 'B', 'A1']));
      assert.ok(tree.findIndex((p) => p.id === a.id) < tree.findIndex((p) => p.id === a1.id), 'parents before children');
      assert.equal(tree.find((p) => p.id === a.id)?.version, 2);

      const versions = await client.getPageVersions([a.id, b.id, '999999']);
      assert.deepEqual(versions.map((p) => [p.id, p.version]).sort(), [[a.id, 2], [b.id, 1]].sort());

      const old = await client.getPageAtVersion(a.id, 1);
      assert.equal(old?.version, 1);
      assert.match(old?.body ?? '', /a1/);
      assert.equal(await client.getPageAtVersion(a.id, 7), undefined);

      const changed = await client.findChangedSince('DOCS', new Date(Date.now() - 60_000));
      assert.ok(changed.some((p) => p.id === a.id), 'the edited page is found');

      const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
      const att = await client.uploadAttachment({ pageId: b.id, fileName: 'x.bin', data: bytes, mediaType: 'application/octet-stream' });
      const listed = (await client.listAttachments(b.id)).find((x) => x.id === att.id)!;
      assert.deepEqual([...(await client.downloadAttachment(b.id, listed))], [...bytes]);
    });

    it('listDescendants: the whole tree, parents first, siblings in order, through 429, 5xx and a dropped connection', async () => {
      const t = await tree();
      await ctx.client.updatePage({ id: t.b1, title: 'B1', body: '<p>B1 v2</p>', version: 2 });
      const clean = await ctx.client.listDescendants(t.root);
      assert.deepEqual(clean.map((p) => p.title).sort(), ['A', 'A1', 'A1x', 'A2', 'B', 'B1', 'C']);
      const pos = (id: string): number => clean.findIndex((p) => p.id === id);
      assert.ok(pos(t.a) < pos(t.a1) && pos(t.a1) < pos(t.a1x) && pos(t.b) < pos(t.b1), 'parents before children');
      assert.ok(pos(t.a) < pos(t.b) && pos(t.b) < pos(t.c) && pos(t.a1) < pos(t.a2), 'siblings in position order');
      assert.equal(clean.find((p) => p.id === t.b1)?.version, 2);
      assert.equal(clean.find((p) => p.id === t.a1x)?.parentId, t.a1);

      ctx.server.setFaults({ pathPattern: listingPath });
      ctx.server.failNext(1, 'rate-limit');
      ctx.server.failNext(1, 'error');
      ctx.server.failNext(1, 'drop');
      const started = Date.now();
      const again = await ctx.client.listDescendants(t.root);
      assert.deepEqual(again, clean);
      assert.deepEqual([faultsSeen('rate-limit'), faultsSeen('error'), faultsSeen('drop')], [1, 1, 1]);
      assert.ok(Date.now() - started >= 900, 'the 429 Retry-After: 1 was honoured');
    });

    it('listDescendants under random 5xx and drops on every listing page still returns the same tree', async () => {
      const t = await tree();
      const clean = await ctx.client.listDescendants(t.root);
      ctx.server.setFaults({ pathPattern: `${listingPath}|/pages$|/content$|/search$`, errorRate: 0.25, dropRate: 0.1, seed: 11 });
      const faulty = await ctx.client.listDescendants(t.root);
      ctx.server.setFaults({ errorRate: 0, dropRate: 0, pathPattern: undefined });
      assert.deepEqual(faulty, clean);
      assert.ok(faultsSeen('error') + faultsSeen('unavailable') + faultsSeen('drop') > 0, 'faults were injected');
    });

    it('moves and trash show in listDescendants and getPageVersions', async () => {
      const t = await tree();
      await ctx.client.deletePage(t.c);
      const moved = await ctx.client.updatePage({ id: t.a2, title: 'A2', body: '<p>A2</p>', version: 2, parentId: t.b });
      assert.equal(moved.parentId, t.b);
      const list = await ctx.client.listDescendants(t.root);
      assert.ok(!list.some((p) => p.id === t.c), 'trashed page not listed');
      assert.equal(list.find((p) => p.id === t.a2)?.parentId, t.b);
      const versions = await ctx.client.getPageVersions([t.a2, t.c]);
      assert.equal(versions.find((p) => p.id === t.a2)?.parentId, t.b);
      const trashed = versions.find((p) => p.id === t.c);
      assert.ok(trashed === undefined || trashed.status === 'trashed', 'a trashed page is absent or says trashed');
    });

    it('getPageVersions and getPageAtVersion through 5xx and 429; a missing version is undefined', async () => {
      const t = await tree();
      await ctx.client.updatePage({ id: t.a, title: 'A', body: '<p>A two</p>', version: 2 });
      ctx.server.setFaults({ pathPattern: flavor === 'cloud' ? '/pages(/\\d+)?$' : '/content(/\\d+)?$|/search$' });
      ctx.server.failNext(1, 'unavailable');
      ctx.server.failNext(1, 'rate-limit');
      const versions = await ctx.client.getPageVersions(Object.values(t));
      assert.equal(versions.length, Object.values(t).length);
      assert.equal(versions.find((p) => p.id === t.a)?.version, 2);
      ctx.server.failNext(1, 'error');
      const old = await ctx.client.getPageAtVersion(t.a, 1);
      assert.deepEqual([old?.version, old?.title], [1, 'A']);
      assert.match(old?.body ?? '', /<p>A<\/p>/);
      assert.equal(await ctx.client.getPageAtVersion(t.a, 3), undefined);
      assert.ok(faultsSeen('unavailable') + faultsSeen('rate-limit') + faultsSeen('error') === 3);
    });

    it('a lagging search index hides an edit from findChangedSince; the version check still finds it', async () => {
      const p = await ctx.client.createPage({ spaceId, title: 'Edited', body: '<p>v1</p>', parentId: homepageId });
      const publishedAt = new Date();
      ctx.server.setSettings({ searchIndexLagMs: 60_000 });
      await ctx.client.updatePage({ id: p.id, title: 'Edited', body: '<p>v2 from someone</p>', version: 2 });
      const hinted = await ctx.client.findChangedSince('DOCS', publishedAt);
      assert.ok(!hinted.some((x) => x.id === p.id), 'the search alone misses the edit');
      const [now] = await ctx.client.getPageVersions([p.id]);
      assert.equal(now?.version, 2, 'the version check sees the edit');
      const body = await ctx.client.getPageAtVersion(p.id, 2);
      assert.match(body?.body ?? '', /from someone/);
      ctx.server.setSettings({ searchIndexLagMs: 0 });
      assert.ok((await ctx.client.findChangedSince('DOCS', publishedAt)).some((x) => x.id === p.id), 'found once indexed');
    });

    it("findChangedSince finds an edit whatever the user's time zone (CQL minute precision)", async () => {
      for (const timeZone of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        ctx.server.setSettings({ timeZone });
        const since = new Date();
        const p = await ctx.client.createPage({ spaceId, title: `Zone ${timeZone}`, body: '<p>x</p>', parentId: homepageId });
        assert.ok((await ctx.client.findChangedSince('DOCS', since)).some((x) => x.id === p.id), timeZone);
      }
    });

    it('downloadAttachment: the bytes, credentials only to the site (never to the media origin), 429 retried', async () => {
      const page = await ctx.client.createPage({ spaceId, title: 'Files', body: '<p>f</p>', parentId: homepageId });
      const bytes = new Uint8Array([37, 80, 68, 70, 0, 10, 13, 255]);
      await ctx.client.uploadAttachment({ pageId: page.id, fileName: 'spec.pdf', data: bytes, mediaType: 'application/pdf' });
      const att = (await ctx.client.listAttachments(page.id)).find((a) => a.title === 'spec.pdf')!;
      ctx.server.setFaults({ pathPattern: '/download' });
      ctx.server.failNext(1, 'rate-limit');
      assert.deepEqual([...(await ctx.client.downloadAttachment(page.id, att))], [...bytes]);
      assert.equal(faultsSeen('rate-limit'), 1);
      const siteHops = ctx.server.requestLog.filter((e) => /\/download/.test(e.path) && e.status !== 429);
      assert.ok(siteHops.length >= 1 && siteHops.every((e) => e.user === 'demo@example.com'), 'the site got the credentials');
      if (flavor === 'cloud') {
        assert.equal(siteHops.at(-1)?.status, 302);
        assert.deepEqual(
          ctx.server.mediaRequests.map((e) => [e.status, e.authorization, e.cookie]),
          [[200, false, false]],
          'the media origin was reached once, without credentials',
        );
      } else assert.deepEqual(ctx.server.mediaRequests, [], 'Data Center serves the bytes itself');
    });
  });
}
