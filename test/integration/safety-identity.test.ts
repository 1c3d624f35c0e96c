/**
 * Issue 10, "no live page is lost or clobbered", cases 7–10 over HTTP against the embedded server: duplicate page ids
 * in the mapping file, hand-made pages that look like ours, pages moved in Confluence, and runs killed between a
 * write and the mapping save.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import type { ConfluenceApi } from '../../src/core/confluence/types';
import { loadWorkspaceConfig, SyncEngine, type SyncProgress, type WorkspaceConfig } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

const SAMPLES = join(__dirname, '../../samples/docs');
const MAPPING = 'docs/.confluence-mapping.json';

interface Entry {
  space: string;
  title: string;
  page_id: string;
  version: number;
  hash: string;
  parent_id?: string;
  pending?: string;
}

describe('safety: no live page is lost or clobbered (issue 10, cases 7-10)', function () {
  this.timeout(60000);
  let server: LocalServer;
  let api: ConfluenceClient;
  let root: string;
  let config: WorkspaceConfig;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[]) => runCliCaptured(args, root, env);
  const mappingText = () => readFileSync(join(root, MAPPING), 'utf8');
  const mapping = () => JSON.parse(mappingText()) as Record<string, Entry>;
  const writeMapping = (m: Record<string, unknown>) => writeFileSync(join(root, MAPPING), JSON.stringify(m, null, 2) + '\n');
  const writes = () => server.requestLog.filter((e) => e.method !== 'GET').length;
  const engine = (a: ConfluenceApi = api) => new SyncEngine({ root, config, api: a });
  const publish = async (opts: Parameters<SyncEngine['apply']>[1] = {}) => {
    const e = engine();
    const plan = await e.plan();
    return { plan, report: await e.apply(plan, opts) };
  };
  const spaceId = async () => (await api.getSpace('DOCS')).id;
  /** A pid no process has on this machine. */
  const deadPid = () => {
    for (let pid = 4_000_000; ; pid++) {
      try {
        process.kill(pid, 0);
      } catch {
        return pid;
      }
    }
  };

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => {
    api?.close?.();
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-identity-'));
    cpSync(SAMPLES, join(root, 'docs'), { recursive: true });
    env = { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' };
    config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('case 7: the mapping file is checked before anything is written', () => {
    it('two entries with one page id (a bad merge after a rename): exit 2 naming both, no request writes, the file unchanged', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const m = mapping();
      const live = m['docs/guides/deployment.md'];
      // The stale entry of the old path came back in a merge, pointing at the live page.
      m['docs/deploying.md'] = { ...live, title: 'Deploying (old)' };
      m['docs/reference/cli.md'] = { ...m['docs/reference/cli.md'], version: 'abc' as unknown as number };
      writeMapping(m);
      const before = mappingText();
      server.requestLog.length = 0;
      const r = await cli(['sync', '--orphans', 'delete']);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /entries "docs\/deploying\.md" and "docs\/guides\/deployment\.md" both point to page \d+ in space DOCS/);
      assert.match(r.err, /entry "docs\/reference\/cli\.md": "version" must be a whole number[^\n]*, not "abc"/);
      assert.match(r.err, /confluence mapping rebuild/);
      assert.equal(writes(), 0, 'nothing written to Confluence');
      assert.equal(mappingText(), before, 'mapping file unchanged');
      const page = await api.getPage(live.page_id, { body: true });
      assert.equal(page?.status, 'current', 'the live page is still there');
      assert.equal(page?.title, 'Deploying');
      // plan refuses the same way (the extension's publish runs the same plan)
      assert.equal((await cli(['plan'])).code, 2);
    });

    it('--orphans delete only removes a page whose property names the orphaned file', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      // A page published from another file (another branch of the docs) that a stale entry points at.
      const other = await api.createPage({ spaceId: await spaceId(), title: 'Published elsewhere', body: '<p>live</p>' });
      await api.setProperty(other.id, 'docs-to-confluence', { source: 'docs/other-branch.md', hash: 'x', tool: 'docs-to-confluence' });
      // And a real orphan: a file we published and then removed.
      const gone = mapping()['docs/reference/api.md'];
      rmSync(join(root, 'docs/reference/api.md'));
      writeMapping({ ...mapping(), 'docs/gone.md': { space: 'DOCS', title: 'Published elsewhere', page_id: other.id, version: 1 } });
      const r = await cli(['sync', '--orphans', 'delete', '--yes', '--json']);
      assert.equal(r.code, 0, r.err);
      const results = JSON.parse(r.out).results as Array<{ file: string; action: string; message?: string }>;
      const stale = results.find((x) => x.file === 'docs/gone.md')!;
      assert.equal(stale.action, 'orphan');
      assert.match(stale.message!, /left alone: page \d+ was published from docs\/other-branch\.md, not from docs\/gone\.md/);
      assert.equal((await api.getPage(other.id))?.status, 'current', 'the other page is untouched');
      assert.equal(results.find((x) => x.file === 'docs/reference/api.md')!.action, 'deleted');
      assert.equal(await api.getPage(gone.page_id), undefined, 'the real orphan is deleted');
    });
  });

  describe('case 8: only a page that proves it is ours is taken over', () => {
    it('a hand-made page (version 1, right parent, right title, no property) is title-taken until --adopt', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const guides = mapping()['docs/guides/index.md'];
      const hand = await api.createPage({ spaceId: await spaceId(), title: 'Runbook', parentId: guides.page_id, body: '<p>hand made</p>' });
      assert.equal(hand.version, 1);
      writeFileSync(join(root, 'docs/guides/runbook.md'), '# Runbook\n\nFrom git.\n');
      server.requestLog.length = 0;
      let r = await cli(['sync', '--json']);
      assert.equal(r.code, 1, r.err);
      const item = (JSON.parse(r.out).results as Array<{ file: string; action: string; message: string }>).find((x) => x.file === 'docs/guides/runbook.md')!;
      assert.equal(item.action, 'error');
      assert.match(item.message, /already exists in space DOCS .*--adopt/);
      assert.match((await api.getPage(hand.id, { body: true }))!.body!, /hand made/, 'not overwritten');
      assert.equal(writes(), 0);
      r = await cli(['sync', '--adopt']);
      assert.equal(r.code, 0, r.err);
      assert.match((await api.getPage(hand.id, { body: true }))!.body!, /From git/);
      assert.equal(mapping()['docs/guides/runbook.md'].page_id, hand.id);
    });

    it('a run killed between creating a page and recording it: the next run takes the page over (no duplicate, no error)', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      writeFileSync(join(root, 'docs/guides/runbook.md'), '# Runbook\n\nFrom git.\n');
      writeFileSync(join(root, 'docs/guides/checklist.md'), '# Checklist\n\nFrom git.\n');
      // The process "dies" the moment the create of Runbook has been applied: its answer never arrives.
      const dying = new Proxy(api, {
        get(target, prop, receiver) {
          if (prop === 'createPage') {
            return async (input: Parameters<ConfluenceApi['createPage']>[0], opts?: Parameters<ConfluenceApi['createPage']>[1]) => {
              const page = await target.createPage(input, opts);
              if (input.title === 'Runbook') return new Promise(() => undefined);
              return page;
            };
          }
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      const killed = engine(dying);
      const plan = await killed.plan();
      let done = 0;
      // its batch of records is saved within 100 ms (a real kill would lose it: the next run copes with that too)
      void killed.apply(plan, { onProgress: (p: SyncProgress) => (done = p.done), saveBatch: { ms: 100, changes: 500 } });
      const deadline = Date.now() + 20000;
      while (done < plan.items.length - 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300)); // the last mapping save of the dying run
      const runbook = (await api.listPages(await spaceId())).filter((p) => p.title === 'Runbook');
      assert.equal(runbook.length, 1, 'the page was created');
      assert.equal(mapping()['docs/guides/runbook.md']?.page_id, undefined, 'but not recorded');
      // A killed process leaves its run lock behind; its pid is gone, so the next run takes the lock over.
      const lockFile = join(root, MAPPING + '.lock');
      writeFileSync(lockFile, JSON.stringify({ ...JSON.parse(readFileSync(lockFile, 'utf8')), pid: deadPid() }));

      const next = await publish();
      const item = next.plan.items.find((i) => i.file === 'docs/guides/runbook.md')!;
      assert.notEqual(item.action, 'error', item.reason);
      assert.equal(next.report.summary.error, undefined, JSON.stringify(next.report.results.filter((x) => x.action === 'error')));
      assert.equal(mapping()['docs/guides/runbook.md'].page_id, runbook[0].id);
      assert.equal(mapping()['docs/guides/runbook.md'].pending, undefined);
      assert.equal((await api.listPages(await spaceId())).filter((p) => p.title === 'Runbook').length, 1, 'no duplicate');
      server.requestLog.length = 0;
      assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped']);
      assert.equal(writes(), 0);
    });
  });

  describe('case 9: a page moved in Confluence is a conflict, not silently moved back', () => {
    it('moved by hand: conflict naming both parents, exit 1, left where it is; --force moves it back', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const m = mapping();
      const page = m['docs/guides/deployment.md'];
      const reference = m['docs/reference/index.md'];
      // Someone moves "Deploying" under "Reference" in Confluence.
      await api.movePage(page.page_id, reference.page_id);
      server.requestLog.length = 0;
      let r = await cli(['sync', '--json']);
      assert.equal(r.code, 1, r.err);
      const item = (JSON.parse(r.out).results as Array<{ file: string; action: string; message: string }>).find((x) => x.file === 'docs/guides/deployment.md')!;
      assert.equal(item.action, 'conflict');
      assert.match(item.message, /moved in Confluence since our last publish \(now under "Reference", the docs put it under "Guides"\)/);
      assert.match(item.message, /--force/);
      assert.equal((await api.getPage(page.page_id))!.parentId, reference.page_id, 'not moved back');
      assert.equal(writes(), 0);

      // Edited there as well: the reason names both.
      const now = (await api.getPage(page.page_id, { body: true }))!;
      await api.updatePage({ id: now.id, title: now.title, body: '<p>edited by hand</p>', version: now.version + 1 });
      writeFileSync(join(root, 'docs/guides/deployment.md'), '# Deploying\n\nChanged in git.\n');
      const plan = await engine().plan();
      const p = plan.items.find((i) => i.file === 'docs/guides/deployment.md')!;
      assert.equal(p.code, 'remote-moved');
      assert.match(p.reason!, /moved in Confluence .* and edited there \(now version \d+, we published version \d+\); the plan would move it back and overwrite the edit/);

      r = await cli(['sync', '--force']);
      assert.equal(r.code, 0, r.err);
      const after = (await api.getPage(page.page_id, { body: true }))!;
      assert.equal(after.parentId, m['docs/guides/index.md'].page_id, 'moved back');
      assert.match(after.body!, /Changed in git/);
      assert.equal(mapping()['docs/guides/deployment.md'].parent_id, m['docs/guides/index.md'].page_id);
    });

    it('a mapping entry without parent_id (older files): a move with a newer version is a conflict too', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const m = mapping();
      const page = m['docs/guides/alerting.md'];
      delete m['docs/guides/alerting.md'].parent_id;
      writeMapping(m);
      const now = (await api.getPage(page.page_id, { body: true }))!;
      await api.updatePage({ id: now.id, title: now.title, body: now.body!, version: now.version + 1, parentId: m['docs/reference/index.md'].page_id });
      const plan = await engine().plan();
      const item = plan.items.find((i) => i.file === 'docs/guides/alerting.md')!;
      assert.equal(item.action, 'conflict');
      assert.equal(item.code, 'remote-moved');
    });

    it('a file moved in git still moves its page (our move, not a conflict)', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const id = mapping()['docs/guides/alerting.md'].page_id;
      cpSync(join(root, 'docs/guides/alerting.md'), join(root, 'docs/reference/alerting.md'));
      rmSync(join(root, 'docs/guides/alerting.md'));
      const r = await cli(['sync']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.equal((await api.getPage(id))!.parentId, mapping()['docs/reference/index.md'].page_id);
    });
  });

  describe('case 10: a run killed after its writes, before the mapping save', () => {
    it('pages updated by the killed run are reconciled (not "edited in Confluence"), then a re-run writes nothing', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const oldMapping = mappingText();
      const files = ['docs/guides/deployment.md', 'docs/reference/cli.md', 'docs/index.md'];
      for (const f of files) writeFileSync(join(root, f), readFileSync(join(root, f), 'utf8') + '\n\nOne more line.\n');
      const killed = await publish();
      assert.equal(killed.report.summary.updated, 3);
      writeFileSync(join(root, MAPPING), oldMapping); // what the disk held when the run was killed
      const written = mapping();

      server.requestLog.length = 0;
      const r = await cli(['sync', '--json']);
      assert.equal(r.code, 0, r.err + r.out.slice(0, 1000));
      const report = JSON.parse(r.out);
      assert.equal(report.summary.conflict, undefined);
      assert.deepEqual(Object.keys(report.summary), ['skipped']);
      assert.equal(writes(), 0, 'nothing rewritten');
      for (const f of files) {
        const page = (await api.getPage(written[f].page_id))!;
        assert.equal(mapping()[f].version, page.version, `${f}: mapping reconciled`);
        assert.notEqual(mapping()[f].hash, written[f].hash);
        assert.match(page.versionMessage ?? '', new RegExp(`^Published from ${f.replace(/\./g, '\\.')} by docs-to-confluence \\[sha256:[0-9a-f]{16}\\]$`));
      }
      server.requestLog.length = 0;
      assert.deepEqual(Object.keys(JSON.parse((await cli(['sync', '--json'])).out).summary), ['skipped']);
      assert.equal(writes(), 0);
    });

    it('an update whose answer was lost but which Confluence applied (409 on the next attempt) counts as ours, not a conflict', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const oldMapping = mappingText();
      const f = 'docs/guides/deployment.md';
      writeFileSync(join(root, f), readFileSync(join(root, f), 'utf8') + '\n\nLanded late.\n');
      // Two plans of the same state: the first one's update lands (a cut-off request Confluence still processed),
      // the mapping on disk never learns of it; the second one then sends the same version number.
      const late = engine();
      const latePlan = await late.plan();
      const landed = await late.apply(latePlan);
      assert.equal(landed.summary.updated, 1);
      writeFileSync(join(root, MAPPING), oldMapping);
      const again = engine();
      const plan = await again.plan();
      // The listing already shows our version, so the plan reconciles it; force the same stale version number through
      // apply as a run planned before the late write landed would.
      const state = (plan.internal as { states: Map<string, { remote?: { version: number }; item: { action: string } }> }).states.get(f)!;
      state.remote!.version -= 1;
      state.item.action = 'update';
      server.requestLog.length = 0;
      const report = await again.apply(plan);
      const result = report.results.find((r) => r.file === f)!;
      assert.equal(result.action, 'updated', result.message);
      assert.equal(mapping()[f].version, (await api.getPage(mapping()[f].page_id))!.version);
      assert.deepEqual(Object.keys((await publish()).report.summary), ['skipped']);
    });

    it('a file changed again after the killed run is an update, not a conflict', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const oldMapping = mappingText();
      const f = 'docs/guides/operations.md';
      writeFileSync(join(root, f), '# Operations\n\nSecond text.\n');
      await publish();
      writeFileSync(join(root, MAPPING), oldMapping);
      writeFileSync(join(root, f), '# Operations\n\nThird text.\n');
      const plan = await engine().plan();
      assert.equal(plan.items.find((i) => i.file === f)!.action, 'update');
    });

    it('a version written by someone else is still a conflict', async () => {
      assert.equal((await cli(['sync'])).code, 0);
      const f = 'docs/guides/operations.md';
      const id = mapping()[f].page_id;
      const now = (await api.getPage(id, { body: true }))!;
      await api.updatePage({ id, title: now.title, body: '<p>by hand</p>', version: now.version + 1, versionMessage: 'Published from docs/guides/operations.md by someone else' });
      writeFileSync(join(root, f), '# Operations\n\nChanged.\n');
      const plan = await engine().plan();
      assert.equal(plan.items.find((i) => i.file === f)!.action, 'conflict');
    });
  });
  it('Data Center: the listing carries our version message (killed update reconciled) and a manual move is a conflict', async () => {
    const dc = await connectConfluence({ baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' });
    assert.equal(dc.capabilities.flavor, 'datacenter');
    const run = async (opts: Parameters<SyncEngine['apply']>[1] = {}) => {
      const e = new SyncEngine({ root, config, api: dc });
      const plan = await e.plan();
      return { plan, report: await e.apply(plan, opts) };
    };
    await run();
    const oldMapping = mappingText();
    const f = 'docs/guides/operations.md';
    writeFileSync(join(root, f), '# Operations\n\nChanged.\n');
    await run();
    writeFileSync(join(root, MAPPING), oldMapping);
    server.requestLog.length = 0;
    let next = await run();
    assert.deepEqual(next.report.summary, { skipped: 13 }, JSON.stringify(next.plan.items.filter((i) => i.action !== 'unchanged')));
    assert.equal(writes(), 0);
    assert.equal(mapping()[f].version, (await dc.getPage(mapping()[f].page_id))!.version);

    await dc.movePage(mapping()[f].page_id, mapping()['docs/reference/index.md'].page_id);
    next = await run();
    assert.equal(next.report.results.find((r) => r.file === f)!.action, 'conflict');
    assert.equal((await dc.getPage(mapping()[f].page_id))!.parentId, mapping()['docs/reference/index.md'].page_id);
    next = await run({ force: [f] });
    assert.equal((await dc.getPage(mapping()[f].page_id))!.parentId, mapping()['docs/guides/index.md'].page_id);
    assert.deepEqual((await run()).report.summary, { skipped: 13 });
  });
});
