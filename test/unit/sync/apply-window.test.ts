// The window of a publish (src/core/sync/apply/window.ts): at most N items started and unfinished at once, the next
// started as soon as one finishes, dependencies (parent page, title holders) started before the items that wait on them.
import { strict as assert } from 'node:assert';
import { dependencyOrder, runInWindow } from '../../../src/core/sync/apply/window';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { SyncEngine } from '../../../src/core/sync/engine';
import { MappingFile } from '../../../src/core/sync/mapping';
import { FakeConfluence } from './fakeConfluence';
import { TempWorkspace } from './workspace';

/** A task per key that finishes when the test says so. */
function gate() {
  const open = new Map<string, () => void>();
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const run = (key: string) =>
    new Promise<void>((resolve) => {
      started.push(key);
      peak = Math.max(peak, ++running);
      open.set(key, () => {
        running--;
        resolve();
      });
    });
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return { run, started, open, tick, peak: () => peak, running: () => running };
}

describe('apply window', () => {
  it('keeps at most N items pending at once and starts the next as soon as any one finishes', async () => {
    const g = gate();
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const done = runInWindow(keys, 3, g.run);
    await g.tick();
    assert.deepEqual(g.started, ['k0', 'k1', 'k2'], 'three started, the rest wait');
    g.open.get('k1')!();
    await g.tick();
    assert.deepEqual(g.started, ['k0', 'k1', 'k2', 'k3'], 'k1 finished: k3 starts while k0 and k2 still run');
    for (let i = 0; i < 10; i++) {
      for (const k of [...g.started]) g.open.get(k)?.();
      await g.tick();
    }
    const stats = await done;
    assert.equal(g.started.length, 10);
    assert.equal(new Set(g.started).size, 10, 'each once');
    assert.equal(g.peak(), 3);
    assert.deepEqual(stats, { started: 10, peak: 3 });
  });

  it('10,000 items with a window of 256: never more than 256 pending', async () => {
    let running = 0;
    let peak = 0;
    const keys = Array.from({ length: 10000 }, (_, i) => i);
    const stats = await runInWindow(keys, 256, async () => {
      peak = Math.max(peak, ++running);
      await new Promise<void>((r) => setImmediate(r));
      running--;
    });
    assert.equal(stats.started, 10000);
    assert.equal(peak, 256);
  });

  it('a failure stops further starts and is thrown once the running items have finished', async () => {
    const g = gate();
    const run = (key: string) => (key === 'k1' ? Promise.reject(new Error('boom')) : g.run(key));
    let settled = false;
    const done = runInWindow(['k0', 'k1', 'k2', 'k3'], 2, run).finally(() => (settled = true));
    await g.tick();
    await g.tick();
    assert.deepEqual(g.started, ['k0'], 'nothing starts after the failure');
    assert.equal(settled, false, 'k0 still runs');
    g.open.get('k0')!();
    await assert.rejects(done, /boom/);
  });

  it('orders dependencies first, plan order otherwise; unknown dependencies are ignored, a cycle is cut', () => {
    const deps: Record<string, string[]> = { a: [], b: ['e'], c: ['a'], d: ['zz'], e: ['a'], f: ['g'], g: ['f'] };
    assert.deepEqual(
      dependencyOrder(Object.keys(deps), (k) => deps[k]),
      ['a', 'e', 'b', 'c', 'd', 'g', 'f'],
    );
  });

  it('a window of 1 finishes when an item waits on one after it in plan order (its dependency is started first)', async () => {
    // b waits for d (a title d gives up), d waits for its parent a.
    const deps: Record<string, string[]> = { a: [], b: ['d'], c: ['a'], d: ['a'] };
    const finished = new Map<string, () => void>();
    const whenDone = new Map(Object.keys(deps).map((k) => [k, new Promise<void>((r) => finished.set(k, r))]));
    const log: string[] = [];
    const run = async (key: string) => {
      for (const d of deps[key]) await whenDone.get(d);
      log.push(key);
      finished.get(key)!();
    };
    await runInWindow(dependencyOrder(Object.keys(deps), (k) => deps[k]), 1, run);
    assert.deepEqual(log, ['a', 'd', 'b', 'c']);
  });
});

describe('apply in a window, end to end (memory file system, fake Confluence)', () => {
  const ROOT = '/d2c-apply-window';
  for (const window of [1, 4, 256]) {
    it(`window ${window}: every page is created under its parent and recorded (no pending entry left); pending entries of siblings share saves`, async () => {
      const files: Record<string, string> = { [`${ROOT}/.confluence.yml`]: 'space: DOCS\n', [`${ROOT}/docs/index.md`]: '# Home\n\nStart.\n' };
      for (let f = 1; f <= 3; f++) for (let d = 1; d <= 20; d++) files[`${ROOT}/docs/area-${f}/doc-${d}.md`] = `# Area ${f} doc ${d}\n\nText ${f}.${d}.\n`;
      const fs = new MemoryFileSystem(files);
      const api = new FakeConfluence();
      const config = loadWorkspaceConfig(ROOT, {}, fs);
      let saves = 0;
      const save = MappingFile.prototype.saveAsync;
      MappingFile.prototype.saveAsync = function (this: MappingFile) {
        saves++;
        return save.call(this);
      };
      try {
        const engine = new SyncEngine({ root: ROOT, config, api, fs, scanSecrets: async () => [], runLock: { waitMs: 0 }, cache: false });
        const report = await engine.apply(await engine.plan(), { window });
        const pages = 1 + 3 + 60;
        assert.equal(report.summary.created, pages, JSON.stringify(report.summary));
        const mapping = JSON.parse(fs.readText(`${ROOT}/docs/.confluence-mapping.json`)) as Record<string, { page_id?: string; parent_id?: string; pending?: string }>;
        assert.equal(Object.keys(mapping).length, pages);
        for (const [file, entry] of Object.entries(mapping)) {
          assert.equal(entry.pending, undefined, `${file} recorded`);
          assert.ok(api.pages.get(entry.page_id!), `${file}: its page exists`);
        }
        const folder = Object.keys(mapping).find((k) => k.startsWith('docs/area-2') && !/doc-/.test(k))!;
        for (let d = 1; d <= 20; d++) assert.equal(mapping[`docs/area-2/doc-${d}.md`].parent_id, mapping[folder].page_id, `under ${folder}`);
        assert.ok(saves <= pages / 3, `${saves} saves for ${pages} pages`);
      } finally {
        MappingFile.prototype.saveAsync = save;
      }
    });
  }
});

describe('apply: children pending entries written when the parent page exists', () => {
  it('a page resolved twice (after its write, again when finished) never puts its recorded children back to pending (20 runs on disk)', async () => {
    for (let i = 0; i < 20; i++) {
      const ws = new TempWorkspace();
      try {
        ws.write('docs/index.md', '# Home\n\nSee the [guide](guide.md).\n').write('docs/guide.md', '# Guide\n\nx\n').write('docs/other.md', '# Other\n\nText.\n');
        const api = new FakeConfluence();
        const engine = new SyncEngine({ root: ws.root, config: loadWorkspaceConfig(ws.root, { spaceKey: 'DOCS' }), api, scanSecrets: async () => [] });
        const report = await engine.apply(await engine.plan());
        assert.equal(report.summary.created, 3);
        const mapping = JSON.parse(ws.read('docs/.confluence-mapping.json')) as Record<string, { page_id?: string; pending?: string }>;
        for (const [file, entry] of Object.entries(mapping)) assert.ok(!entry.pending && api.pages.get(entry.page_id!), `run ${i}: ${file} recorded`);
      } finally {
        ws.dispose();
      }
    }
  });
});
