/**
 * Scale, the engine's side (issue 13): counts that do not depend on the machine, over HTTP against the local server.
 * - a re-run with nothing changed reads at most ⌈pages/250⌉ + 5 times and writes nothing (600 documents: the listing
 *   takes more than two pages);
 * - a document whose inputs did not change is not converted again (the conversion cache; counted converter calls);
 * - the mapping file is saved in batches, not after every page, and a run killed mid-batch (pages written, their
 *   records not saved) is finished by the next run: no duplicate page, no error, no conflict, then nothing to write.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '../../bench/sync';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import type { ConfluenceApi } from '../../src/core/confluence/types';
import { ConversionCache, loadWorkspaceConfig, MappingFile, SyncEngine, type WorkspaceConfig } from '../../src/core/sync/index';
import { defaultMarkdownPort, type MarkdownPort } from '../../src/core/sync/markdownPort';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import type { RequestLogEntry } from '../../src/server/types';

const isWrite = (e: RequestLogEntry) => e.method !== 'GET' && e.method !== 'HEAD';
const pageCreate = (e: RequestLogEntry) => e.method === 'POST' && (/\/api\/v2\/pages$/.test(e.path) || /\/rest\/api\/content$/.test(e.path));

/** The default converter, counting its calls. */
function countingPort(): MarkdownPort & { calls: string[] } {
  const calls: string[] = [];
  return { ...defaultMarkdownPort, calls, convert: (s, o) => (calls.push(o.path), defaultMarkdownPort.convert(s, o)) };
}

const deadPid = () => {
  for (let pid = 4_000_000; ; pid++) {
    try {
      process.kill(pid, 0);
    } catch {
      return pid;
    }
  }
};

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`scale, engine side (${flavor})`, function () {
    this.timeout(300_000);
    let server: LocalServer;
    let api: ConfluenceClient;
    let root: string;
    let config: WorkspaceConfig;
    const mappingPath = () => join(root, 'docs/.confluence-mapping.json');
    const mapping = () => JSON.parse(readFileSync(mappingPath(), 'utf8')) as Record<string, { page_id?: string; pending?: string }>;
    const connect = () =>
      connectConfluence(
        flavor === 'cloud' ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' } : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      );

    before(async () => {
      server = await startLocalServer();
    });
    after(async () => {
      api?.close();
      await server.close();
    });
    beforeEach(async () => {
      server.reset();
      root = mkdtempSync(join(tmpdir(), 'd2c-scalecore-'));
      api = await connect();
    });
    afterEach(() => {
      api?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('a no-op re-run of 600 documents: at most ⌈pages/250⌉ + 5 reads, 0 writes, nothing converted again', async () => {
      generateTree(root, 600, 6);
      config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      const pages = 600 + 6 + 1;
      const port = countingPort();
      const cache = new ConversionCache();
      const first = new SyncEngine({ root, config, api, markdown: port, cache });
      const firstReport = await first.apply(await first.plan());
      assert.equal(firstReport.summary.created, pages);
      assert.equal(port.calls.length, 600);
      // saved in batches: far fewer saves than pages (the file is written atomically, so mtimes are not counted here)

      port.calls.length = 0;
      server.requestLog.length = 0;
      const again = new SyncEngine({ root, config, api, markdown: port, cache });
      const report = await again.apply(await again.plan());
      assert.deepEqual(report.summary, { skipped: pages });
      const log = server.requestLog.filter((e) => e.status > 0);
      assert.deepEqual(log.filter(isWrite).map((e) => `${e.method} ${e.path}`), []);
      const reads = log.filter((e) => !isWrite(e));
      assert.ok(reads.length <= Math.ceil(pages / 250) + 5, `${reads.length} reads: ${reads.map((e) => e.path).join(', ')}`);
      assert.equal(port.calls.length, 0, 'no document converted again');
      assert.ok(cache.stats.hits >= 600);

      // one changed document: converted alone (its title stays, so the one linking to it is a valid hit)
      writeFileSync(join(root, 'docs/area-01/doc-005.md'), readFileSync(join(root, 'docs/area-01/doc-005.md'), 'utf8') + '\nOne more line.\n');
      const one = new SyncEngine({ root, config, api, markdown: port, cache });
      const plan = await one.plan();
      assert.deepEqual(port.calls, ['docs/area-01/doc-005.md']);
      assert.equal(plan.summary.update, 1);
      // its title changes: the documents linking to it are converted again (their link text is the title)
      port.calls.length = 0;
      writeFileSync(join(root, 'docs/area-01/doc-005.md'), readFileSync(join(root, 'docs/area-01/doc-005.md'), 'utf8').replace(/^# .*/, '# Renamed topic'));
      await new SyncEngine({ root, config, api, markdown: port, cache }).plan();
      assert.deepEqual([...port.calls].sort(), ['docs/area-01/doc-004.md', 'docs/area-01/doc-005.md']);
    });

    it('the mapping is saved in batches; a run killed mid-batch is finished by the next run without duplicates', async () => {
      generateTree(root, 90, 3);
      config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      const pages = 90 + 3 + 1;
      let saves = 0;
      const save = MappingFile.prototype.saveAsync;
      MappingFile.prototype.saveAsync = function (this: MappingFile) {
        saves++;
        return save.call(this);
      };
      try {
        const e = new SyncEngine({ root, config, api });
        assert.equal((await e.apply(await e.plan())).summary.created, pages);
      } finally {
        MappingFile.prototype.saveAsync = save;
      }
      // pending creates that became ready together share a save; records wait for the batch
      assert.ok(saves < pages / 3, `${saves} saves for ${pages} pages`);

      // Every document changes; the run "dies" after 40 updates and 10 creates have been applied: nothing after the
      // pending writes reaches the mapping (the batch is never saved), the answers of the last writes never arrive.
      for (let d = 1; d <= 30; d++) {
        const f = join(root, `docs/area-02/doc-${String(d).padStart(3, '0')}.md`);
        writeFileSync(f, readFileSync(f, 'utf8') + '\nEdited.\n');
      }
      for (let d = 1; d <= 30; d++) {
        const f = join(root, `docs/area-01/doc-${String(d).padStart(3, '0')}.md`);
        writeFileSync(f, readFileSync(f, 'utf8') + '\nEdited too.\n');
      }
      mkdirSync(join(root, 'docs/area-04'));
      for (let d = 1; d <= 12; d++) writeFileSync(join(root, `docs/area-04/new-${d}.md`), `# New topic ${d}\n\nBrand new.\n`);
      let writes = 0;
      const dying = new Proxy(api as ConfluenceApi, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver);
          if (prop !== 'createPage' && prop !== 'updatePage') return typeof v === 'function' ? v.bind(target) : v;
          return async (...args: unknown[]) => {
            const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (++writes >= 50) return new Promise(() => undefined); // killed: the answer never arrives
            return r;
          };
        },
      });
      const killed = new SyncEngine({ root, config, api: dying });
      const plan = await killed.plan();
      void killed.apply(plan, { saveBatch: { ms: 3_600_000, changes: 100_000 } });
      const deadline = Date.now() + 60_000;
      while (writes < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300)); // the pending saves of the dying run
      assert.ok(writes >= 60, `${writes} writes before the kill`);
      const onDisk = mapping();
      const recorded = Object.keys(onDisk).filter((k) => k.startsWith('docs/area-04/new-') && onDisk[k].page_id).length;
      assert.equal(recorded, 0, 'no create of the killed run was recorded (only its pending entries)');
      const lockFile = `${mappingPath()}.lock`;
      writeFileSync(lockFile, JSON.stringify({ ...JSON.parse(readFileSync(lockFile, 'utf8')), pid: deadPid() }));

      server.requestLog.length = 0;
      const next = new SyncEngine({ root, config, api });
      const nextPlan = await next.plan();
      const odd = nextPlan.items.filter((i) => i.action === 'conflict' || i.action === 'error' || i.action === 'blocked');
      assert.deepEqual(odd.map((i) => `${i.file}: ${i.action} ${i.reason}`), []);
      const report = await next.apply(nextPlan);
      assert.equal(report.summary.error, undefined, JSON.stringify(report.results.filter((r) => r.action === 'error')));
      const listed = await api.listPages((await api.getSpace('DOCS')).id);
      const titles = listed.map((p) => p.title);
      assert.equal(new Set(titles).size, titles.length, 'no duplicate page');
      assert.equal(listed.filter((p) => /^New topic/.test(p.title)).length, 12);
      const finalMapping = mapping();
      assert.ok(Object.values(finalMapping).every((e) => e.page_id && !e.pending));
      assert.equal(Object.keys(finalMapping).length, pages + 12 + 1);
      const creates = server.requestLog.filter((e) => e.status > 0 && pageCreate(e)).length;
      assert.ok(creates <= 12 + 1, `${creates} creates in the re-run`);

      server.requestLog.length = 0;
      const third = new SyncEngine({ root, config, api });
      assert.deepEqual((await third.apply(await third.plan())).summary, { skipped: pages + 12 + 1 });
      assert.equal(server.requestLog.filter((e) => e.status > 0 && isWrite(e)).length, 0);
    });
  });
}
