/**
 * The sync engine with the real HTTP client against the embedded server: the 54-document corpus, re-runs, remote
 * edits and version conflicts, 429/5xx/dropped connections, a missing parent, title collisions, bad front matter.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { computeLocalStatus, loadWorkspaceConfig, rebuildMapping, SyncEngine, type ApplyOptions, type WorkspaceConfig } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';

const CORPUS = join(__dirname, '../fixtures/corpus');
const fastRetry = { baseDelayMs: 5, maxDelayMs: 100 };

describe('sync engine over HTTP against the embedded server', function () {
  this.timeout(120000);
  let server: LocalServer;
  let api: ConfluenceClient;
  let root: string;
  let config: WorkspaceConfig;

  const engine = () => new SyncEngine({ root, config, api });
  const publish = async (opts: ApplyOptions = {}) => {
    const e = engine();
    const plan = await e.plan();
    const report = await e.apply(plan, opts);
    return { plan, report };
  };
  const mapping = () => JSON.parse(readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8')) as Record<string, { page_id: string; version: number }>;
  const writesLogged = () => server.requestLog.filter((e) => e.method !== 'GET').length;
  const titles = async () => (await api.listPages((await api.getSpace('DOCS')).id)).map((p) => p.title);

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => {
    api?.close?.();
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-sync-it-'));
    cpSync(CORPUS, join(root, 'docs'), { recursive: true, filter: (src) => !/\.(ts|mjs)$/.test(src) });
    config = loadWorkspaceConfig(root, { spaceKey: 'DOCS', labels: ['from-git'] });
    api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }, { retry: fastRetry });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('publishes the corpus, then re-publishes with zero writes and one listing', async () => {
    const { report } = await publish();
    const docs = Object.keys(mapping()).filter((k) => k.endsWith('.md')).length;
    assert.equal(report.summary.error, undefined, JSON.stringify(report.results.filter((r) => r.action === 'error')));
    assert.ok(report.summary.created >= 54, JSON.stringify(report.summary));
    assert.equal(docs, 54);
    const t = await titles();
    assert.equal(new Set(t).size, t.length, 'no duplicate titles');
    const withImage = report.results.find((r) => r.file === 'docs/services/payments/README.md')!;
    assert.ok((await api.listAttachments(withImage.pageId!)).length >= 1, 'images uploaded');
    assert.deepEqual(await api.getLabels(withImage.pageId!).then((l) => l.includes('from-git')), true);

    server.requestLog.length = 0;
    const again = await publish();
    assert.deepEqual(Object.keys(again.report.summary), ['skipped']);
    assert.equal(writesLogged(), 0);
    const reads = server.requestLog.filter((e) => e.method === 'GET').length;
    assert.ok(reads <= 4, `reads bounded by the listing, got ${reads}`);
  });

  it('a remote edit is a conflict when the file changed too, --force overwrites; a 409 between plan and apply is reported', async () => {
    await publish();
    const key = 'docs/runbooks/disk-full.md';
    const id = mapping()[key].page_id;
    const page = (await api.getPage(id, { body: true }))!;
    await api.updatePage({ id, title: page.title, body: '<p>fixed a typo in Confluence</p>', version: page.version + 1 });
    writeFileSync(join(root, key), '# Disk full\n\nNew local text.\n');
    const { plan, report } = await publish();
    assert.equal(plan.items.find((i) => i.file === key)!.action, 'conflict');
    assert.equal(report.results.find((r) => r.file === key)!.action, 'conflict');
    assert.match((await api.getPage(id, { body: true }))!.body!, /fixed a typo/);

    const forced = await publish({ force: true });
    assert.equal(forced.report.results.find((r) => r.file === key)!.action, 'updated');
    assert.match((await api.getPage(id, { body: true }))!.body!, /New local text/);

    writeFileSync(join(root, key), '# Disk full\n\nAnother local change.\n');
    const e = engine();
    const p = await e.plan();
    const now = (await api.getPage(id, { body: true }))!;
    await api.updatePage({ id, title: now.title, body: '<p>raced</p>', version: now.version + 1 });
    const r = await e.apply(p);
    assert.equal(r.results.find((x) => x.file === key)!.action, 'conflict');
    assert.match((await api.getPage(id, { body: true }))!.body!, /raced/);
  });

  it('completes under 429 + Retry-After, 5xx and dropped connections with no duplicate pages', async () => {
    server.setFaults({ rateLimitPerSecond: 150, errorRate: 0.08, dropRate: 0.04, seed: 7 });
    const { report } = await publish();
    server.setFaults({ rateLimitPerSecond: 0, errorRate: 0, dropRate: 0 });
    assert.equal(report.summary.error, undefined, JSON.stringify(report.results.filter((r) => r.action === 'error').slice(0, 3)));
    const stats = server.stats();
    assert.ok((stats.faults['rate-limit'] ?? 0) + (stats.faults.error ?? 0) + (stats.faults.drop ?? 0) > 0, JSON.stringify(stats.faults));
    const t = await titles();
    assert.equal(new Set(t).size, t.length, 'no duplicate titles');
    const ids = Object.values(mapping()).map((e) => e.page_id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped'], 'the mapping is complete and correct');
  });

  it('a folder page deleted in Confluence is reported with its children, and recreated on request', async () => {
    await publish();
    const folderId = mapping()['docs/runbooks/README.md'].page_id;
    await api.deletePage(folderId);
    writeFileSync(join(root, 'docs/runbooks/disk-full.md'), '# Runbook: Disk almost full\n\nChanged.\n');
    const { plan, report } = await publish();
    assert.equal(plan.items.find((i) => i.file === 'docs/runbooks/README.md')!.code, 'remote-deleted');
    assert.match(report.results.find((r) => r.file === 'docs/runbooks/disk-full.md')!.message!, /parent page/);
    const again = await publish({ recreate: true });
    assert.equal(again.report.summary.error, undefined, JSON.stringify(again.report.results.filter((r) => r.action === 'error').slice(0, 2)));
    const newFolder = mapping()['docs/runbooks/README.md'].page_id;
    assert.notEqual(newFolder, folderId);
    assert.equal((await api.getPage(mapping()['docs/runbooks/disk-full.md'].page_id))!.parentId, newFolder);
  });

  it('a title collision with a page we did not create is an error until --adopt; bad front matter blocks one file only', async () => {
    const space = await api.getSpace('DOCS');
    const foreign = await api.createPage({ spaceId: space.id, title: 'Glossary', body: '<p>the wiki glossary</p>' });
    writeFileSync(join(root, 'docs/onboarding/faq.md'), '---\ntitle: "FAQ\nlabels: [x\n---\n# FAQ\n');
    const { plan, report } = await publish();
    const glossary = plan.items.find((i) => i.title === 'Glossary')!;
    assert.equal(glossary.code, 'title-taken');
    assert.equal(plan.items.find((i) => i.file === 'docs/onboarding/faq.md')!.action, 'blocked');
    assert.match((await api.getPage(foreign.id, { body: true }))!.body!, /wiki glossary/);
    assert.ok(report.summary.created >= 52);
    const adopted = await publish({ adopt: true });
    assert.equal(adopted.report.results.find((r) => r.file === glossary.file)!.action, 'moved');
    assert.equal(mapping()[glossary.file].page_id, foreign.id);
  });

  it('moving a file moves its page (same page id, new parent) and re-keys the mapping', async () => {
    await publish();
    const id = mapping()['docs/runbooks/disk-full.md'].page_id;
    renameSync(join(root, 'docs/runbooks/disk-full.md'), join(root, 'docs/guides/disk-full.md'));
    const { plan, report } = await publish();
    assert.equal(plan.items.find((i) => i.file === 'docs/guides/disk-full.md')!.action, 'move');
    assert.equal(report.results.find((r) => r.file === 'docs/guides/disk-full.md')!.action, 'moved');
    assert.equal(mapping()['docs/guides/disk-full.md'].page_id, id);
    assert.equal(mapping()['docs/runbooks/disk-full.md'], undefined);
    assert.equal((await api.getPage(id))!.parentId, mapping()['docs/guides/README.md'].page_id);
    assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped']);
  });

  it('two documents can swap titles, and a title can pass along a chain, in one run without a collision', async () => {
    await publish();
    const a = 'docs/runbooks/disk-full.md';
    const b = 'docs/runbooks/oom-kills.md';
    const c = 'docs/runbooks/cache-stampede.md';
    const ids = [a, b, c].map((f) => mapping()[f].page_id);
    const h1 = (f: string) => readFileSync(join(root, f), 'utf8').split('\n')[0];
    const setH1 = (f: string, line: string) => {
      const [, ...rest] = readFileSync(join(root, f), 'utf8').split('\n');
      writeFileSync(join(root, f), [line, ...rest].join('\n'));
    };
    // a <-> b swap, and c takes a title nobody holds.
    const [ha, hb] = [h1(a), h1(b)];
    setH1(a, hb);
    setH1(b, ha);
    setH1(c, '# Runbook: Cache stampede after a deploy');
    const { report } = await publish();
    assert.equal(report.summary.error, undefined, JSON.stringify(report.results.filter((r) => r.action === 'error')));
    assert.equal(report.summary.conflict, undefined, JSON.stringify(report.results.filter((r) => r.action === 'conflict')));
    assert.equal((await api.getPage(ids[0]))!.title, hb.slice(2));
    assert.equal((await api.getPage(ids[1]))!.title, ha.slice(2));
    assert.equal((await api.getPage(ids[2]))!.title, 'Runbook: Cache stampede after a deploy');
    assert.deepEqual([a, b, c].map((f) => mapping()[f].page_id), ids, 'same pages, no new ones');
    const t = await titles();
    assert.equal(new Set(t).size, t.length);
    assert.ok(!t.some((x) => /renaming/i.test(x)), 'no temporary title is left behind');
    // Then a chain: b takes c's title, c takes a new one (b must wait for c).
    setH1(b, '# Runbook: Cache stampede after a deploy');
    setH1(c, '# Runbook: Cache stampede');
    server.requestLog.length = 0;
    const second = await publish();
    const pageWrites = server.requestLog.filter((e) => e.method === 'PUT' && /\/api\/v2\/pages\/\d+$/.test(e.path));
    const temporary = pageWrites.filter((e) => /renaming/.test(JSON.stringify(e.body ?? '')));
    assert.equal(temporary.length, 0, 'a chain needs no temporary title, only an order');
    assert.equal(pageWrites.filter((e) => e.path.endsWith(`/${ids[1]}`) || e.path.endsWith(`/${ids[2]}`)).length, 2, 'one write per retitled page');
    assert.equal(second.report.summary.error, undefined, JSON.stringify(second.report.results.filter((r) => r.action === 'error')));
    assert.equal((await api.getPage(ids[1]))!.title, 'Runbook: Cache stampede after a deploy');
    assert.equal((await api.getPage(ids[2]))!.title, 'Runbook: Cache stampede');
    assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped']);
  });

  it('one page started at a time (window 1): a document takes the title of one after it in plan order, parents still come first', async () => {
    await publish({ window: 1 });
    const b = 'docs/runbooks/oom-kills.md';
    const c = 'docs/runbooks/cache-stampede.md';
    const ids = [b, c].map((f) => mapping()[f].page_id);
    const setH1 = (f: string, line: string) => {
      const [, ...rest] = readFileSync(join(root, f), 'utf8').split('\n');
      writeFileSync(join(root, f), [line, ...rest].join('\n'));
    };
    const hb = readFileSync(join(root, b), 'utf8').split('\n')[0];
    // c (before b in plan order) takes b's title: c waits for b, which must start first even in a window of one.
    setH1(c, hb);
    setH1(b, '# Runbook: OOM kills, renamed');
    writeFileSync(join(root, 'docs/runbooks/new-one.md'), '# A new runbook\n\nUnder its folder.\n');
    const { report } = await publish({ window: 1 });
    assert.equal(report.summary.error, undefined, JSON.stringify(report.results.filter((r) => r.action === 'error')));
    assert.equal((await api.getPage(ids[1]))!.title, hb.slice(2));
    assert.equal((await api.getPage(ids[0]))!.title, 'Runbook: OOM kills, renamed');
    assert.equal((await api.getPage(mapping()['docs/runbooks/new-one.md'].page_id))!.parentId, mapping()['docs/runbooks/README.md'].page_id);
    assert.deepEqual(Object.keys((await publish({ window: 1 })).report.summary), ['skipped']);
  });

  it('a label dropped from front matter is removed from the page; labels added in Confluence stay', async () => {
    await publish();
    const file = 'docs/services/catalog/api.md';
    const id = mapping()[file].page_id;
    assert.deepEqual((await api.getLabels(id)).sort(), ['api', 'catalog', 'from-git']);
    assert.deepEqual((mapping()[file] as { labels?: string[] }).labels, ['api', 'catalog', 'from-git']);
    await api.addLabels(id, ['added-by-hand']);
    const src = join(root, file);
    writeFileSync(src, readFileSync(src, 'utf8').replace('labels: [api, catalog]', 'labels: [api, payments]'));
    const { report } = await publish();
    assert.equal(report.results.find((r) => r.file === file)!.action, 'updated');
    assert.deepEqual((await api.getLabels(id)).sort(), ['added-by-hand', 'api', 'from-git', 'payments']);
    assert.deepEqual((mapping()[file] as { labels?: string[] }).labels, ['api', 'from-git', 'payments']);
    assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped']);
  });

  it('mapping rebuild recovers every page id from the content property', async () => {
    await publish();
    const before = mapping();
    rmSync(join(root, 'docs/.confluence-mapping.json'));
    const r = await rebuildMapping(api, root, config);
    assert.equal(r.recovered, Object.keys(before).length);
    const after = mapping();
    for (const [k, e] of Object.entries(before)) assert.equal(after[k]?.page_id, e.page_id, k);
    assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped']);
  });
});

describe('read-only mode and permissions over HTTP', function () {
  this.timeout(120000);
  it('read-only pages cannot be overwritten by another account: a clear permission error, others unaffected', async () => {
    const server = await startLocalServer({ users: [{ email: 'demo@example.com' }, { email: 'bob@example.com', apiToken: 'bob-token' }] });
    const root = mkdtempSync(join(tmpdir(), 'd2c-sync-ro-'));
    try {
      cpSync(join(__dirname, '../../samples/docs'), join(root, 'docs'), { recursive: true });
      const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS', readOnly: true });
      const demo = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }, { retry: fastRetry });
      let e = new SyncEngine({ root, config, api: demo });
      const first = await e.apply(await e.plan());
      assert.equal(first.summary.created, 13);

      writeFileSync(join(root, 'docs/guides/alerting.md'), '# Alerting\n\nBob was here.\n');
      const bob = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'bob@example.com', apiToken: 'bob-token' }, { retry: fastRetry, hintContext: 'cli' });
      e = new SyncEngine({ root, config: { ...config, readOnly: false }, api: bob });
      const report = await e.apply(await e.plan());
      const r = report.results.find((x) => x.file === 'docs/guides/alerting.md')!;
      assert.equal(r.action, 'error');
      assert.match(r.message!, /permission/i);
      assert.equal(report.summary.skipped, 12);
      const page = (await demo.getPage(JSON.parse(readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8'))['docs/guides/alerting.md'].page_id, { body: true }))!;
      assert.doesNotMatch(page.body!, /Bob was here/);
    } finally {
      rmSync(root, { recursive: true, force: true });
      await server.close();
    }
  });
});

describe('sync against the Data Center flavor', function () {
  this.timeout(120000);
  it('publishes the samples with a personal access token and re-runs with zero writes', async () => {
    const server = await startLocalServer();
    const root = mkdtempSync(join(tmpdir(), 'd2c-sync-dc-'));
    try {
      cpSync(join(__dirname, '../../samples/docs'), join(root, 'docs'), { recursive: true });
      const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS', labels: ['dc'] });
      const api = await connectConfluence({ baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' }, { retry: fastRetry });
      assert.equal(api.capabilities.flavor, 'datacenter');
      let e = new SyncEngine({ root, config, api });
      const first = await e.apply(await e.plan());
      assert.deepEqual(first.summary, { created: 13 }, JSON.stringify(first.results.filter((r) => r.action !== 'created').slice(0, 2)));
      server.requestLog.length = 0;
      e = new SyncEngine({ root, config, api });
      const again = await e.apply(await e.plan());
      assert.deepEqual(again.summary, { skipped: 13 });
      assert.equal(server.requestLog.filter((x) => x.method !== 'GET').length, 0);
      // Offline status (tree view, status bar, `confluence status`) hashes as the Data Center publish did.
      const offline = computeLocalStatus(root, { ...config, baseUrl: server.dataCenterBaseUrl });
      assert.deepEqual(offline.filter((s) => s.state !== 'in-sync').map((s) => `${s.file}: ${s.state}`), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
      await server.close();
    }
  });
});
