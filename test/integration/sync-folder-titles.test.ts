/**
 * Issue 10, case 12: folders with the same name in different sections (`guides/api`, `reference/api`) get unique
 * page titles by a documented, stable rule ("Api (Guides)"), so no document fails because of its folder's name.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectConfluence } from '../../src/core/confluence/index';
import { loadWorkspaceConfig, SyncEngine } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';

describe('folder pages with the same name in different sections', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-folders-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('every section with api/ and overview/ folders publishes; titles follow the rule; a re-run writes nothing', async () => {
    write('docs/index.md', '# Handbook\n');
    write('docs/overview.md', '# Overview\n\nA document whose title a folder name would take.\n');
    for (const section of ['guides', 'reference', 'tutorials', 'operations']) {
      for (const folder of ['api', 'overview']) {
        for (const n of [1, 2, 3]) write(`docs/${section}/${folder}/page-${n}.md`, `# ${section} ${folder} page ${n}\n\nText.\n`);
      }
      // deeper: the same name twice more below each section
      write(`docs/${section}/v2/api/endpoints.md`, `# ${section} v2 endpoints\n`);
    }
    // a folder may set its own title with the front matter of its index.md / README.md
    write('docs/operations/api/README.md', '---\ntitle: Operations API\n---\n\nThe operations API.\n');
    const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    const api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }, { retry: { baseDelayMs: 5, maxDelayMs: 50 } });
    const plan = await new SyncEngine({ root, config, api }).plan();
    const title = (file: string) => plan.items.find((i) => i.file === file)?.title;
    assert.equal(title('docs/guides/api/'), 'Api (Guides)');
    assert.equal(title('docs/reference/api/'), 'Api (Reference)');
    assert.equal(title('docs/operations/api/README.md'), 'Operations API');
    assert.equal(title('docs/guides/overview/'), 'Overview (Guides)');
    assert.equal(title('docs/overview.md'), 'Overview', 'a title the author chose is never changed');
    // "V2" collides across sections too, so "Api (V2 (Guides))" and friends stay unique
    assert.equal(title('docs/guides/v2/'), 'V2 (Guides)');
    assert.equal(title('docs/guides/v2/api/'), 'Api (V2 (Guides))');
    const titles = plan.items.map((i) => i.title.toLowerCase());
    assert.equal(new Set(titles).size, titles.length, `duplicate titles: ${titles.join(', ')}`);
    // the same titles, whatever order the folders are planned in
    const again = await new SyncEngine({ root, config, api }).plan();
    assert.deepEqual(again.items.map((i) => [i.file, i.title]), plan.items.map((i) => [i.file, i.title]));

    const e = new SyncEngine({ root, config, api });
    const report = await e.apply(await e.plan());
    assert.deepEqual(Object.keys(report.summary), ['created'], JSON.stringify(report.results.filter((r) => r.action !== 'created').slice(0, 3)));
    server.requestLog.length = 0;
    const e2 = new SyncEngine({ root, config, api });
    const rerun = await e2.apply(await e2.plan());
    assert.deepEqual(Object.keys(rerun.summary), ['skipped']);
    assert.equal(server.requestLog.filter((x) => x.method !== 'GET').length, 0);
  });
});
