/**
 * The read-side client methods (import, pull) against the embedded server, both flavors: the tree under a page in
 * order with versions, versions in bulk, a historic body, the changed-since search and attachment bytes.
 */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`read-side client methods (${flavor})`, function () {
    let server: LocalServer;
    let client: ConfluenceClient;

    before(async () => {
      server = await startLocalServer();
    });
    after(async () => {
      client?.close();
      await server.close();
    });
    beforeEach(async () => {
      server.reset();
      client?.close();
      client = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      );
    });

    it('lists a tree in order, reads versions in bulk and a historic body, finds changes, downloads bytes', async () => {
      const space = await client.getSpace('DOCS');
      const root = await client.createPage({ spaceId: space.id, title: 'Root', body: '<p>root</p>', parentId: space.homepageId });
      const a = await client.createPage({ spaceId: space.id, title: 'A', body: '<p>a1</p>', parentId: root.id });
      const b = await client.createPage({ spaceId: space.id, title: 'B', body: '<p>b</p>', parentId: root.id });
      const a1 = await client.createPage({ spaceId: space.id, title: 'A1', body: '<p>deep</p>', parentId: a.id });
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
  });
}
