import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { SyncEngine } from '../../../src/core/sync/engine';
import { MappingFileError } from '../../../src/core/sync/mapping';
import type { SecretFinding } from '../../../src/core/secrets/types';
import type { ApplyOptions, SyncPlan, WorkspaceConfig } from '../../../src/core/sync/types';
import { FakeConfluence } from './fakeConfluence';
import { sampleDocs, TempWorkspace } from './workspace';

/** Flags lines containing FAKE-SECRET, so tests control findings exactly. */
async function fakeScanner(text: string, file: string): Promise<SecretFinding[]> {
  return text
    .split('\n')
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.includes('FAKE-SECRET'))
    .map(({ i }) => ({ file, line: i + 1, column: 1, rule: 'fake', message: 'fake secret', preview: 'FAKE****', fingerprint: `fp${i}` }));
}

describe('SyncEngine (in-memory Confluence)', () => {
  let ws: TempWorkspace;
  let api: FakeConfluence;
  let config: WorkspaceConfig;
  const engine = (overrides: Partial<WorkspaceConfig> = {}) =>
    new SyncEngine({ root: ws.root, config: { ...config, ...overrides }, api, scanSecrets: fakeScanner });
  const byFile = (plan: SyncPlan) => new Map(plan.items.map((i) => [i.file, i]));
  const publish = async (opts: ApplyOptions = {}, overrides: Partial<WorkspaceConfig> = {}) => {
    const e = engine(overrides);
    const plan = await e.plan();
    const report = await e.apply(plan, opts);
    return { plan, report };
  };
  const mapping = () => JSON.parse(ws.read('docs/.confluence-mapping.json'));

  beforeEach(() => {
    ws = sampleDocs(new TempWorkspace());
    api = new FakeConfluence();
    config = loadWorkspaceConfig(ws.root, { spaceKey: 'DOCS' });
  });
  afterEach(() => ws.dispose());

  it('first publish creates the tree parents first, with links by title, labels, property and image', async () => {
    const { plan, report } = await publish();
    assert.deepEqual(
      plan.items.map((i) => [i.file, i.action, i.title, i.parentTitle]),
      [
        ['docs/index.md', 'create', '📚 Documentation', undefined],
        ['docs/guide/', 'create', 'Guide', '📚 Documentation'],
        ['docs/guide/install.md', 'create', 'Install', 'Guide'],
        ['docs/guide/usage.md', 'create', 'Usage', 'Guide'],
        ['docs/reference/index.md', 'create', 'Reference', '📚 Documentation'],
        ['docs/reference/api.md', 'create', 'API Reference', 'Reference'],
      ],
    );
    assert.equal(report.summary.created, 6);
    const root = api.byTitle('📚 Documentation')!;
    assert.equal(root.parentId, '1', 'root goes under the space homepage');
    const install = api.byTitle('Install')!;
    assert.equal(install.parentId, api.byTitle('Guide')!.id);
    assert.match(install.body!, /ri:content-title="Usage"/);
    assert.match(api.byTitle('Guide')!.body!, /ri:content-title="Install"/);
    assert.deepEqual([...api.byTitle('API Reference')!.labels], ['api']);
    // No per-page property write: the manifest on the root page names every page's source (issue 13).
    assert.equal(install.properties.get('docs-to-confluence'), undefined);
    const manifest = root.properties.get('docs-to-confluence-manifest-0')!.value as { shards: number; pages: Record<string, unknown[]> };
    assert.equal(manifest.shards, 1);
    assert.deepEqual(manifest.pages[install.id], ['docs/guide/install.md', 1, plan.items[2].hash!.slice(0, 16)]);
    assert.equal(api.byTitle('Usage')!.attachments.length, 1);
    assert.equal(api.byTitle('Secrets'), undefined, '*.secrets.md is never published');
    const m = mapping();
    assert.deepEqual(Object.keys(m), [...Object.keys(m)].sort());
    assert.deepEqual(Object.keys(m['docs/guide/install.md']), ['space', 'title', 'page_id', 'version', 'hash', 'parent_id']);
    assert.equal(m['docs/guide/install.md'].page_id, install.id);
    assert.ok(m['docs/guide/usage.md'].attachments['flow.png']);
    assert.ok(report.results.every((r) => r.url && r.pageId));
  });

  it('re-publish with nothing changed writes nothing and reads only the space and the listing', async () => {
    await publish();
    const before = readFileSync(join(ws.root, 'docs/.confluence-mapping.json'), 'utf8');
    api.calls.length = 0;
    const { plan, report } = await publish();
    assert.deepEqual(plan.summary, { unchanged: 6 });
    assert.deepEqual(api.calls, ['getSpace', 'listPages']);
    assert.equal(report.summary.skipped, 6);
    assert.equal(ws.read('docs/.confluence-mapping.json'), before);
  });

  it('one edited file is exactly one page write', async () => {
    await publish();
    ws.write('docs/guide/install.md', '# Install\n\nRun `npm ci` instead.\n');
    api.calls.length = 0;
    const { plan } = await publish();
    assert.equal(byFile(plan).get('docs/guide/install.md')!.action, 'update');
    assert.deepEqual(api.calls.filter((c) => /^(create|update|move)Page/.test(c)), ['updatePage']);
    assert.match(api.byTitle('Install')!.body!, /npm ci/);
  });

  it('a changed title updates the links of the pages that point at it', async () => {
    await publish();
    ws.write('docs/guide/usage.md', '# Using it\n\n![diagram](../img/flow.png)\n');
    const { plan } = await publish();
    const items = byFile(plan);
    assert.equal(items.get('docs/guide/usage.md')!.action, 'update');
    assert.equal(items.get('docs/guide/install.md')!.action, 'update', 'the link title changed');
    assert.equal(items.get('docs/guide/')!.action, 'update', 'the folder page lists the new title');
    assert.match(api.byTitle('Install')!.body!, /ri:content-title="Using it"/);
  });

  it('moving a file moves its page and re-keys the mapping', async () => {
    await publish();
    const id = api.byTitle('Usage')!.id;
    ws.remove('docs/guide/usage.md');
    ws.write('docs/reference/usage.md', '# Usage\n\n![diagram](../img/flow.png)\n\nBack to [install](../guide/install.md#install).\n');
    const { plan, report } = await publish();
    const item = byFile(plan).get('docs/reference/usage.md')!;
    assert.equal(item.action, 'move');
    assert.equal(item.pageId, id);
    assert.ok(!plan.items.some((i) => i.action === 'orphan'));
    assert.equal(report.results.find((r) => r.file === 'docs/reference/usage.md')!.action, 'moved');
    assert.equal(api.byTitle('Usage')!.parentId, api.byTitle('Reference')!.id);
    const m = mapping();
    assert.equal(m['docs/guide/usage.md'], undefined);
    assert.equal(m['docs/reference/usage.md'].page_id, id);
  });

  it('a folder that gains or loses its index.md keeps its page', async () => {
    ws.remove('docs/reference/index.md');
    await publish();
    const id = api.byTitle('Reference')!.id;
    assert.ok(mapping()['docs/reference/']);
    ws.write('docs/reference/index.md', '# Reference manual\n\nNow with an introduction.\n');
    const { plan } = await publish();
    const item = byFile(plan).get('docs/reference/index.md')!;
    assert.equal(item.action, 'update');
    assert.equal(item.pageId, id);
    assert.equal(mapping()['docs/reference/'], undefined);
    assert.equal(api.pages.get(id)!.title, 'Reference manual');
    ws.remove('docs/reference/index.md');
    const back = await publish();
    assert.equal(byFile(back.plan).get('docs/reference/')!.pageId, id);
    assert.ok(!back.plan.items.some((i) => i.action === 'orphan'));
  });

  it('orphans are reported, and archived/deleted only when asked and only when we created them', async () => {
    await publish();
    ws.remove('docs/reference/api.md');
    const { plan, report } = await publish();
    assert.equal(byFile(plan).get('docs/reference/api.md')!.action, 'orphan');
    assert.equal(report.results.find((r) => r.file === 'docs/reference/api.md')!.action, 'orphan');
    assert.ok(api.byTitle('API Reference'), 'report only');
    const { report: r2 } = await publish({ orphans: 'delete' });
    assert.equal(r2.results.find((r) => r.file === 'docs/reference/api.md')!.action, 'deleted');
    assert.equal(api.byTitle('API Reference'), undefined);
    assert.equal(mapping()['docs/reference/api.md'], undefined);

    // A mapped page that we did not create (seed entry adopted, no property of ours) is left alone.
    const human = api.humanCreate('Hand made');
    const m = mapping();
    m['docs/old.md'] = { space: 'DOCS', title: 'Hand made', page_id: human.id };
    ws.write('docs/.confluence-mapping.json', JSON.stringify(m));
    const { report: r3 } = await publish({ orphans: 'archive' });
    const r = r3.results.find((x) => x.file === 'docs/old.md')!;
    assert.equal(r.action, 'orphan');
    assert.match(r.message!, /not created by docs-to-confluence/);
    assert.equal(api.pages.get(human.id)!.status, 'current');
  });

  it('a page edited in Confluence is a conflict when the file changed too; --force overwrites it', async () => {
    await publish();
    const page = api.byTitle('Install')!;
    api.humanEdit(page.id);
    // remote edit only: nothing to write, no conflict
    let { plan } = await publish();
    assert.equal(byFile(plan).get('docs/guide/install.md')!.action, 'unchanged');
    assert.match(byFile(plan).get('docs/guide/install.md')!.reason!, /edited in Confluence/);

    ws.write('docs/guide/install.md', '# Install\n\nNew local text.\n');
    api.calls.length = 0;
    const r = await publish();
    plan = r.plan;
    const item = byFile(plan).get('docs/guide/install.md')!;
    assert.equal(item.action, 'conflict');
    assert.equal(item.remoteVersion, 2);
    assert.equal(item.localVersion, 1);
    assert.equal(r.report.results.find((x) => x.file === 'docs/guide/install.md')!.action, 'conflict');
    assert.ok(!api.calls.includes('updatePage'), 'never clobbered');
    assert.match(api.pages.get(page.id)!.body!, /edited in Confluence/);

    const forced = await publish({ force: ['docs/guide/install.md'] });
    assert.equal(forced.report.results.find((x) => x.file === 'docs/guide/install.md')!.action, 'updated');
    assert.match(api.pages.get(page.id)!.body!, /New local text/);
    assert.equal(mapping()['docs/guide/install.md'].version, 3);
  });

  it('a page found by title that we did not create is an error unless --adopt', async () => {
    const human = api.humanCreate('Install', '1');
    let { plan, report } = await publish();
    const item = byFile(plan).get('docs/guide/install.md')!;
    assert.equal(item.action, 'error');
    assert.equal(item.code, 'title-taken');
    assert.match(item.reason!, /--adopt/);
    assert.equal(report.results.find((r) => r.file === 'docs/guide/install.md')!.action, 'error');
    assert.match(api.pages.get(human.id)!.body!, /hand made/);
    assert.equal(report.summary.created, 5, 'the others publish');

    ({ plan, report } = await publish({ adopt: true }));
    assert.equal(report.results.find((r) => r.file === 'docs/guide/install.md')!.action, 'moved', 'taken over and moved under Guide');
    assert.equal(api.pages.get(human.id)!.parentId, api.byTitle('Guide')!.id);
    assert.equal(mapping()['docs/guide/install.md'].page_id, human.id);
  });

  it('pages created by an interrupted run are recognised by their property and adopted silently', async () => {
    await publish();
    const m = mapping();
    delete m['docs/guide/install.md'];
    delete m['docs/guide/'];
    ws.write('docs/.confluence-mapping.json', JSON.stringify(m));
    const { plan, report } = await publish();
    assert.equal(byFile(plan).get('docs/guide/install.md')!.action, 'unchanged');
    assert.equal(report.summary.error, undefined);
    assert.equal(mapping()['docs/guide/install.md'].page_id, api.byTitle('Install')!.id);
    assert.equal([...api.pages.values()].filter((p) => p.title === 'Install').length, 1);
  });

  it('a seed entry with only space and title gets its page id on first publish', async () => {
    const existing = api.humanCreate('Install');
    ws.write('docs/.confluence-mapping.json', JSON.stringify({ 'docs/guide/install.md': { space: 'DOCS', title: 'Install' } }));
    const { report } = await publish();
    assert.equal(report.results.find((r) => r.file === 'docs/guide/install.md')!.action, 'moved');
    assert.equal(mapping()['docs/guide/install.md'].page_id, existing.id);
  });

  it('invalid front matter blocks that file while the others publish', async () => {
    ws.write('docs/guide/usage.md', '---\ntitle: [unclosed\n---\n# Usage\n');
    const { plan, report } = await publish();
    const item = byFile(plan).get('docs/guide/usage.md')!;
    assert.equal(item.action, 'blocked');
    assert.equal(item.code, 'front-matter-invalid');
    assert.match(item.reason!, /^docs\/guide\/usage\.md:\d+: invalid front matter/);
    assert.equal(report.summary.created, 5);
    assert.equal(report.summary.blocked, 1);
  });

  it('secrets block a file unless allowed', async () => {
    ws.write('docs/guide/install.md', '# Install\n\ntoken FAKE-SECRET here\n');
    let { plan, report } = await publish();
    const item = byFile(plan).get('docs/guide/install.md')!;
    assert.equal(item.action, 'blocked');
    assert.equal(item.code, 'secrets');
    assert.equal(item.findings![0].line, 3);
    assert.equal(api.byTitle('Install'), undefined);
    assert.equal(report.summary.created, 5);
    ({ report } = await publish({ allowSecrets: ['docs/guide/install.md'] }));
    assert.equal(report.results.find((r) => r.file === 'docs/guide/install.md')!.action, 'created');
  });

  it('the bundled secret scanner blocks a real-looking token by default', async () => {
    const token = 'ghp_' + 'R7x2Kq9ZmP4vT1sW8yB3nD6fH0jL5cA2eG9u';
    ws.write('docs/guide/install.md', `# Install\n\nexport GITHUB_TOKEN=${token}\n`);
    const e = new SyncEngine({ root: ws.root, config, api });
    const plan = await e.plan();
    const item = byFile(plan).get('docs/guide/install.md')!;
    assert.equal(item.action, 'blocked');
    assert.equal(item.findings![0].line, 3);
    assert.ok(!JSON.stringify(item).includes(token), 'the secret itself is never in the plan');
  });

  it('a mapped page deleted in Confluence is reported and recreated only on request', async () => {
    await publish();
    const id = api.byTitle('API Reference')!.id;
    await api.deletePage(id);
    let { plan, report } = await publish();
    assert.equal(byFile(plan).get('docs/reference/api.md')!.code, 'remote-deleted');
    assert.equal(report.results.find((r) => r.file === 'docs/reference/api.md')!.action, 'error');
    ({ report } = await publish({ recreate: true }));
    assert.equal(report.results.find((r) => r.file === 'docs/reference/api.md')!.action, 'created');
    assert.notEqual(mapping()['docs/reference/api.md'].page_id, id);
  });

  it('titles are compared trimmed, so they never cause a write on every run', async () => {
    ws.write('docs/reference/api.md', '---\ntitle: "  API Reference  "\n---\n# API\n');
    await publish();
    api.calls.length = 0;
    const { plan } = await publish();
    assert.equal(byFile(plan).get('docs/reference/api.md')!.action, 'unchanged');
    assert.deepEqual(api.writes(), []);
  });

  it('two documents with one title: the second is an error naming the first', async () => {
    ws.write('docs/guide/other.md', '# Install\n');
    const { plan } = await publish();
    const item = byFile(plan).get('docs/guide/other.md')!;
    assert.equal(item.action, 'error');
    assert.equal(item.code, 'title-duplicate');
    assert.match(item.reason!, /docs\/guide\/install\.md/);
  });

  it('publishing a subset publishes its parents first and reports no orphans', async () => {
    const e = engine();
    const plan = await e.plan({ paths: ['docs/reference/api.md'] });
    assert.deepEqual(
      plan.items.map((i) => [i.file, i.action]),
      [
        ['docs/index.md', 'create'],
        ['docs/reference/index.md', 'create'],
        ['docs/reference/api.md', 'create'],
      ],
    );
    await e.apply(plan);
    assert.equal(api.byTitle('API Reference')!.parentId, api.byTitle('Reference')!.id);
  });

  it('a plan made before someone else changed the mapping file is refused; one publish at a time', async () => {
    await publish();
    const e = engine();
    const plan = await e.plan();
    await new Promise((r) => setTimeout(r, 20));
    ws.write('docs/.confluence-mapping.json', ws.read('docs/.confluence-mapping.json'));
    await assert.rejects(e.apply(plan), /docs\/\.confluence-mapping\.json changed since this plan was made/);
    const e2 = engine();
    const p2 = await e2.plan();
    const first = e2.apply(p2);
    await assert.rejects(e2.apply(p2), /already running/);
    await first;
  });

  it('dry run: plan() writes nothing, locally or remotely', async () => {
    await engine().plan();
    assert.deepEqual(api.writes(), []);
    assert.throws(() => ws.read('docs/.confluence-mapping.json'));
  });

  it('labels from the config and front matter, and the Jira ticket, are applied', async () => {
    ws.write('docs/guide/install.md', '---\njira: LH-42\nlabels: [setup]\n---\n# Install\n');
    await publish({}, { labels: ['from-git'], jiraTicket: 'LH-1' });
    const install = api.byTitle('Install')!;
    assert.deepEqual([...install.labels].sort(), ['from-git', 'setup']);
    assert.match(install.body!, /<ac:parameter ac:name="key">LH-42<\/ac:parameter>/);
    assert.match(api.byTitle('Usage')!.body!, /<ac:parameter ac:name="key">LH-1<\/ac:parameter>/);
    assert.deepEqual([...api.byTitle('Guide')!.labels], ['from-git']);
  });

  it('read-only mode restricts editing to the publishing account', async () => {
    await publish({}, { readOnly: true });
    assert.equal(api.byTitle('Install')!.restrictedTo, 'me');
    assert.equal(mapping()['docs/guide/install.md'].read_only, true);
  });

  it('a corrupt mapping file stops the plan and is never overwritten', async () => {
    ws.write('docs/.confluence-mapping.json', '{\n  "docs/a.md": { "space": "DOCS", }\n}\n');
    await assert.rejects(engine().plan(), (err: unknown) => {
      assert.ok(err instanceof MappingFileError);
      assert.match((err as Error).message, /docs\/\.confluence-mapping\.json:2/);
      return true;
    });
    assert.equal(ws.read('docs/.confluence-mapping.json'), '{\n  "docs/a.md": { "space": "DOCS", }\n}\n');
  });

  it('a version conflict while writing (409) is reported as a conflict, not retried blindly', async () => {
    await publish();
    ws.write('docs/guide/install.md', '# Install\n\nchanged\n');
    const e = engine();
    const plan = await e.plan();
    api.humanEdit(api.byTitle('Install')!.id); // edited between plan and apply
    const report = await e.apply(plan);
    assert.equal(report.results.find((r) => r.file === 'docs/guide/install.md')!.action, 'conflict');
    assert.match(api.byTitle('Install')!.body!, /edited in Confluence/);
  });
});
