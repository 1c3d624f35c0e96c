/**
 * The floor (issue 13): one write per page that changes, counted in the local server's request log, on Cloud and
 * Data Center. First publish of N documents = N + folders + root creates + O(1) (the manifest); one edit = 1 write;
 * a move = 1 write; unchanged = 0. `mapping rebuild` works from the manifest and our version messages alone, and an
 * attachment whose upload answer was lost (the server stored it) is not uploaded again.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '../../bench/sync';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { MANIFEST_KEY } from '../../src/core/sync/manifest';
import { loadWorkspaceConfig, PROPERTY_KEY, rebuildMapping, SyncEngine, type WorkspaceConfig } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import type { RequestLogEntry } from '../../src/server/types';

const DOCS = 24;
const FOLDERS = 3;
const PAGES = DOCS + FOLDERS + 1; // + the root page
const fastRetry = { baseDelayMs: 5, maxDelayMs: 50 };

const isWrite = (e: RequestLogEntry) => e.method !== 'GET' && e.method !== 'HEAD';
const pageCreate = (e: RequestLogEntry) => e.method === 'POST' && (/\/api\/v2\/pages$/.test(e.path) || /\/rest\/api\/content$/.test(e.path));
const propertyWrite = (e: RequestLogEntry) => isWrite(e) && /\/propert(y|ies)/.test(e.path);

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`the write floor: one write per changed page (${flavor})`, function () {
    this.timeout(120000);
    let server: LocalServer;
    let api: ConfluenceClient;
    let root: string;
    let config: WorkspaceConfig;
    const mappingPath = () => join(root, 'docs/.confluence-mapping.json');
    const mapping = () => JSON.parse(readFileSync(mappingPath(), 'utf8')) as Record<string, { page_id: string; version: number; hash: string; attachments?: Record<string, string> }>;
    const publish = async () => {
      const e = new SyncEngine({ root, config, api });
      return e.apply(await e.plan());
    };
    /** Runs `fn` and returns the writes it sent (the request log, faults left out). */
    const writesOf = async (fn: () => Promise<unknown>) => {
      server.requestLog.length = 0;
      await fn();
      return server.requestLog.filter((e) => isWrite(e) && e.status > 0);
    };

    before(async () => {
      server = await startLocalServer();
    });
    after(async () => {
      api?.close();
      await server.close();
    });
    beforeEach(async () => {
      server.reset();
      root = mkdtempSync(join(tmpdir(), 'd2c-floor-'));
      generateTree(root, DOCS, FOLDERS);
      config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      api = await connectConfluence(
        flavor === 'cloud' ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' } : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: fastRetry },
      );
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('first publish: one create per page + the manifest; an edit is 1 write; a move is 1 write; unchanged is 0', async () => {
      const first = await writesOf(publish);
      const creates = first.filter(pageCreate);
      assert.equal(creates.length, PAGES, 'one create per page');
      const other = first.filter((e) => !pageCreate(e));
      assert.ok(other.length <= 2, `O(1) other writes (the manifest), got ${other.map((e) => `${e.method} ${e.path}`).join(', ')}`);
      assert.ok(other.every(propertyWrite), 'the only other writes are the manifest');

      assert.equal((await writesOf(publish)).length, 0, 'unchanged: zero writes');

      const file = join(root, 'docs/area-02/doc-003.md');
      writeFileSync(file, readFileSync(file, 'utf8') + '\nOne more line.\n');
      const edit = await writesOf(publish);
      assert.deepEqual(edit.map((e) => e.method), ['PUT'], 'one edit: exactly one write');

      // A document nobody links to, moved between folders that have their own index page: only it changes.
      for (const f of ['area-01', 'area-03']) writeFileSync(join(root, `docs/${f}/index.md`), `# ${f} overview\n\nHand-written.\n`);
      writeFileSync(join(root, 'docs/area-01/loner.md'), '# Loner\n\nNobody links here.\n');
      await publish();
      const id = mapping()['docs/area-01/loner.md'].page_id;
      renameSync(join(root, 'docs/area-01/loner.md'), join(root, 'docs/area-03/loner.md'));
      const move = await writesOf(publish);
      assert.deepEqual(move.map((e) => e.method), ['PUT'], `a move: one write, got ${move.map((e) => `${e.method} ${e.path}`).join(', ')}`);
      assert.equal(mapping()['docs/area-03/loner.md'].page_id, id, 'the page followed its file');
      const page = (await api.getPage(id))!;
      assert.equal(page.parentId, mapping()['docs/area-03/index.md'].page_id);
      assert.match(page.versionMessage ?? '', /^Published from docs\/area-03\/loner\.md by docs-to-confluence/);

      assert.equal((await writesOf(publish)).length, 0, 'then unchanged again');
    });

    it('the manifest write reads each shard once: a first publish reads and writes shard 0 once; adding a page likewise', async () => {
      const manifestCalls = (rootId: string) =>
        server.requestLog.filter((e) => e.path.includes(`/${rootId}/propert`) && e.status > 0).map((e) => `${e.method} ${e.status}`);
      server.requestLog.length = 0;
      await publish();
      const rootId = mapping()['docs/'].page_id;
      // One read (absent), one create: no second read of shard 0 before the write.
      assert.deepEqual(manifestCalls(rootId), [flavor === 'cloud' ? 'GET 200' : 'GET 404', 'POST 200']);

      writeFileSync(join(root, 'docs/area-01/added.md'), '# Added\n\nA new page.\n');
      server.requestLog.length = 0;
      await publish();
      // One read, one update on the version read.
      assert.deepEqual(manifestCalls(rootId), ['GET 200', 'PUT 200']);
      const shard = await api.getProperty<{ pages: Record<string, [string]> }>(rootId, `${MANIFEST_KEY}-0`);
      assert.equal(shard?.version, 2);
      assert.equal(shard?.value.pages[mapping()['docs/area-01/added.md'].page_id]?.[0], 'docs/area-01/added.md');
    });

    it('the manifest on the root page names every page; `mapping rebuild` restores the mapping without the per-page property', async () => {
      await publish();
      const before = mapping();
      const rootId = before['docs/'].page_id;
      const shard = await api.getProperty<{ shards: number; pages: Record<string, [string, number, string]> }>(rootId, `${MANIFEST_KEY}-0`);
      assert.ok(shard, 'manifest shard 0 on the root page');
      assert.equal(Object.keys(shard.value.pages).length, PAGES);
      for (const [key, e] of Object.entries(before)) assert.equal(shard.value.pages[e.page_id]?.[0], key);
      // No page carries the old property on Cloud (its create cannot); Data Center's create carries it for free.
      const docId = before['docs/area-01/doc-001.md'].page_id;
      assert.equal(Boolean(await api.getProperty(docId, PROPERTY_KEY)), flavor === 'datacenter');

      // An edit (our version message) and a remote edit after it, then the mapping is lost.
      const edited = 'docs/area-02/doc-001.md';
      writeFileSync(join(root, edited), readFileSync(join(root, edited), 'utf8') + '\nEdited.\n');
      await publish();
      unlinkSync(mappingPath());
      server.requestLog.length = 0;
      const result = await rebuildMapping(api, root, config);
      assert.equal(result.recovered, PAGES);
      const rebuilt = mapping();
      for (const [key, e] of Object.entries(before)) assert.equal(rebuilt[key]?.page_id, e.page_id, key);
      assert.equal(server.requestLog.filter(isWrite).length, 0, 'rebuild only reads');
      // Nothing is re-published after the rebuild: the recorded hashes match the files.
      assert.equal((await writesOf(publish)).length, 0, 'a publish after the rebuild writes nothing');
    });

    it('a page whose mapping entry is lost is recognised through the manifest (no title-taken, no duplicate)', async () => {
      await publish();
      const m = mapping();
      const key = 'docs/area-01/doc-003.md';
      const id = m[key].page_id;
      delete m[key];
      writeFileSync(mappingPath(), JSON.stringify(m, null, 2));
      const plan = await new SyncEngine({ root, config, api }).plan();
      const item = plan.items.find((i) => i.file === key)!;
      assert.notEqual(item.action, 'error', item.reason);
      assert.equal(item.pageId, id);
      assert.equal((await writesOf(publish)).length, 0);
      assert.equal(mapping()[key].page_id, id);
    });

    it('an image whose upload answer was lost (the server stored it) is not uploaded again', async () => {
      await publish();
      const key = 'docs/area-01/doc-001.md';
      writeFileSync(join(root, 'docs/area-01/diagram.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
      writeFileSync(join(root, key), readFileSync(join(root, key), 'utf8') + '\n![diagram](diagram.png)\n');
      server.setFaults({ pathPattern: 'attachment', methods: ['POST', 'PUT'] });
      server.failNext(1, 'lost-answer');
      await publish();
      server.setFaults({ pathPattern: undefined, methods: undefined });
      const id = mapping()[key].page_id;
      const atts = await api.listAttachments(id);
      assert.equal(atts.length, 1);
      assert.equal(atts[0].version, 1, 'one upload stored, no second version of the same bytes');
      const again = await writesOf(publish);
      assert.equal(again.filter((e) => /attachment/.test(e.path)).length, 0, 'not re-uploaded by the next run');
      assert.equal((await api.listAttachments(id))[0].version, 1);

      // Changed bytes: a new version, whose lost answer is recognised too (no third version).
      writeFileSync(join(root, 'docs/area-01/diagram.png'), Buffer.from('89504e470d0a1a0a0000000d49484453', 'hex'));
      server.setFaults({ pathPattern: 'attachment', methods: ['POST', 'PUT'] });
      server.failNext(1, 'lost-answer');
      await publish();
      server.setFaults({ pathPattern: undefined, methods: undefined });
      assert.equal((await api.listAttachments(id))[0].version, 2);
      assert.equal((await writesOf(publish)).filter((e) => /attachment/.test(e.path)).length, 0);
      assert.equal((await api.listAttachments(id))[0].version, 2);
    });
  });
}
