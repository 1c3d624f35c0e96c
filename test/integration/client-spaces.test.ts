/**
 * `listSpaces` (the space quick pick of Confluence: Create Configuration…) against the embedded server, both
 * flavors: every space the user can see, across pages of results, with key, name and home page.
 */
import { strict as assert } from 'node:assert';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';

const SPACES = [
  { key: 'DOCS', name: 'Documentation' },
  { key: 'ENG', name: 'Engineering' },
  { key: 'OPS', name: 'Operations Handbook' },
  { key: 'HR', name: 'People' },
  { key: 'SALES', name: 'Sales Playbook' },
];

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`listSpaces (${flavor})`, function () {
    let server: LocalServer;
    let client: ConfluenceClient;

    before(async () => {
      server = await startLocalServer({ spaces: SPACES, maxPageSize: 2 });
      client = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      );
    });
    after(async () => {
      client?.close();
      await server.close();
    });

    it('lists every space across pages of results, with name and home page', async () => {
      const before = server.requestLog.length;
      const spaces = await client.listSpaces();
      assert.deepEqual(spaces.map((s) => [s.key, s.name]).sort(), SPACES.map((s) => [s.key, s.name]).sort());
      for (const s of spaces) assert.ok(s.id, `${s.key} has an id`);
      const docs = spaces.find((s) => s.key === 'DOCS')!;
      assert.equal(docs.id, (await client.getSpace('DOCS')).id);
      const listCalls = server.requestLog.slice(before).filter((r) => /\/spaces?(\?|$)/.test(r.path));
      assert.ok(listCalls.length >= 3, `followed the pages of results (${listCalls.length} requests)`);
    });
  });
}
