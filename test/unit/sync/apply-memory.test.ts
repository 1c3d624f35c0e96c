// What a publish keeps in memory: a page's converted body and Markdown text are let go once the page is finished
// (written, failed or skipped), its hash stays; a plan is applied once.
import { strict as assert } from 'node:assert';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { SyncEngine } from '../../../src/core/sync/engine';
import type { PlanInternal } from '../../../src/core/sync/planner';
import type { SyncPlan, WorkspaceConfig } from '../../../src/core/sync/types';
import { FakeConfluence } from './fakeConfluence';

const ROOT = '/d2c-apply-memory';

const nodes = (plan: SyncPlan) => [...(plan.internal as PlanInternal).states.entries()].map(([key, s]) => ({ key, node: s.node }));

describe('apply lets go of what it has published', () => {
  let fs: MemoryFileSystem;
  let api: FakeConfluence;
  let config: WorkspaceConfig;
  const engine = () => new SyncEngine({ root: ROOT, config, api, fs, scanSecrets: async () => [], runLock: { waitMs: 0 }, cache: false });

  beforeEach(() => {
    fs = new MemoryFileSystem({
      [`${ROOT}/.confluence.yml`]: 'space: DOCS\n',
      [`${ROOT}/docs/index.md`]: '# Welcome\n\nStart with the [guide](guide/install.md).\n',
      [`${ROOT}/docs/guide/install.md`]: '# Install\n\nRun `npm install`.\n',
      [`${ROOT}/docs/guide/usage.md`]: '# Usage\n\nUse it.\n',
    });
    api = new FakeConfluence();
    config = loadWorkspaceConfig(ROOT, {}, fs);
  });

  it('drops each node\'s storage and source once its page is written, keeps its hash, and publishes the full bodies', async () => {
    const e = engine();
    const plan = await e.plan();
    const before = nodes(plan).filter((n) => n.node?.storage !== undefined);
    assert.ok(before.length >= 4, 'the plan holds the converted bodies before apply');
    const hashes = new Map(before.map((n) => [n.key, n.node!.hash]));
    const report = await e.apply(plan);
    assert.equal(report.summary.created, before.length);
    for (const { key, node } of nodes(plan)) {
      assert.equal(node?.storage, undefined, `${key}: storage let go`);
      assert.equal(node?.source, undefined, `${key}: source let go`);
      assert.equal(node?.hash, hashes.get(key), `${key}: hash kept`);
    }
    assert.match(api.byTitle('Install')!.body!, /npm install/, 'the page got its whole body');
    assert.match(api.byTitle('Usage')!.body!, /Use it/);
  });

  it('drops the bodies of pages that failed too, and a plan is applied once', async () => {
    const e = engine();
    const plan = await e.plan();
    api.failNext.set('createPage', new Error('boom'));
    const report = await e.apply(plan);
    assert.ok((report.summary.error ?? 0) >= 1, 'one page failed');
    for (const { key, node } of nodes(plan)) assert.equal(node?.storage, undefined, `${key}: storage let go`);
    await assert.rejects(e.apply(plan), /this plan was applied already .*make a new plan/);
    // a new plan publishes what failed
    const again = await e.apply(await e.plan());
    assert.equal(again.summary.error ?? 0, 0);
  });

  it('a no-op re-run lets go of the unchanged bodies as well', async () => {
    const e = engine();
    await e.apply(await e.plan());
    const plan = await e.plan();
    assert.ok(plan.items.every((i) => i.action === 'unchanged'));
    await e.apply(plan);
    for (const { key, node } of nodes(plan)) assert.equal(node?.storage, undefined, `${key}: storage let go`);
  });
});
