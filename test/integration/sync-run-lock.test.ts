/**
 * The run lock over HTTP (issue 10, case 11): two engines on one workspace — as the CLI and the extension would be —
 * never apply at once; the second is refused naming the first, and a plan made before the other run is not applied.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '../../bench/sync';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { loadWorkspaceConfig, rebuildMapping, SyncEngine, type WorkspaceConfig } from '../../src/core/sync/index';
import { PlanOutdatedError, RunLockedError } from '../../src/core/sync/runLock';
import { startLocalServer, type LocalServer } from '../../src/server/index';

describe('run lock: one publish per workspace (CLI and extension share it)', function () {
  this.timeout(120000);
  let server: LocalServer;
  let api: ConfluenceClient;
  let root: string;
  let config: WorkspaceConfig;
  const lockPath = () => join(root, 'docs/.confluence-mapping.json.lock');
  const engine = (tool: string, warnings: string[] = []) =>
    new SyncEngine({
      root,
      config,
      api,
      runLock: { tool, waitMs: 300, pollMs: 20 },
      logger: { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} },
    });
  const writes = () => server.requestLog.filter((e) => e.method !== 'GET').length;

  before(async () => {
    server = await startLocalServer({ faults: { latencyMs: 30 } });
  });
  after(async () => {
    api?.close?.();
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-lock-it-'));
    generateTree(root, 30, 3);
    config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a second apply while one runs is refused naming the holder, writes nothing, and its plan is then outdated', async () => {
    const cli = engine('confluence CLI');
    const ext = engine('VS Code extension');
    const [planA, planB] = await Promise.all([cli.plan(), ext.plan()]);
    // Slow enough that the first publish outlasts the second one's wait (300 ms) on any machine.
    server.setFaults({ latencyMs: 250 });
    const running = cli.apply(planA);
    assert.ok(existsSync(lockPath()), 'the lock file exists while a publish runs');
    const holder = JSON.parse(readFileSync(lockPath(), 'utf8'));
    assert.deepEqual([holder.pid, holder.host, holder.tool], [process.pid, hostname(), 'confluence CLI']);

    const before = writes();
    await assert.rejects(ext.apply(planB), (e: unknown) => {
      assert.ok(e instanceof RunLockedError, String(e));
      assert.match(e.message, new RegExp(`confluence CLI \\(pid ${process.pid} on ${hostname()}, started .*\\) holds docs/\\.confluence-mapping\\.json\\.lock\\. Nothing was written`));
      assert.match(e.message, /Wait for it to finish and run again; if that process is gone .* delete docs\/\.confluence-mapping\.json\.lock/);
      return true;
    });
    const report = await running;
    server.setFaults({ latencyMs: 30 });
    assert.equal(report.summary.created, 34, JSON.stringify(report.summary));
    assert.equal(existsSync(lockPath()), false, 'released after the publish');
    // Only the first run wrote: 34 pages (+ their properties); the refused one added nothing of its own.
    assert.equal(new Set((await api.listPages((await api.getSpace('DOCS')).id)).map((p) => p.title)).size, 35);
    assert.ok(writes() > before);

    // The refused run's plan was made before the other publish: applying it now would create every page again.
    const w = writes();
    await assert.rejects(ext.apply(planB), PlanOutdatedError);
    assert.equal(writes(), w, 'nothing written');
    const again = await ext.apply(await ext.plan());
    assert.deepEqual(again.summary, { skipped: 34 });
  });

  it('planning needs no lock (read-only); a lock left by an ended process is taken over with a note', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lockPath(), JSON.stringify({ pid: dead, host: hostname(), started: '2024-01-01T00:00:00.000Z', tool: 'confluence CLI', token: 'x' }));
    const warnings: string[] = [];
    const e = engine('VS Code extension', warnings);
    const plan = await e.plan();
    assert.equal(plan.summary.create, 34);
    const report = await e.apply(plan);
    assert.equal(report.summary.created, 34);
    assert.match(warnings.join('\n'), new RegExp(`took over the publish lock docs/\\.confluence-mapping\\.json\\.lock: pid ${dead} on this machine .* has ended`));
    assert.equal(existsSync(lockPath()), false);
  });

  it('a live lock of another machine refuses the publish; `mapping rebuild` respects the lock too', async () => {
    writeFileSync(lockPath(), JSON.stringify({ pid: 77, host: 'ci-runner-3', started: new Date().toISOString(), tool: 'confluence CLI', token: 'x' }));
    const e = engine('confluence CLI');
    await assert.rejects(e.apply(await e.plan()), /confluence CLI \(pid 77 on ci-runner-3/);
    await assert.rejects(rebuildMapping(api, root, { ...config }, {}), /pid 77 on ci-runner-3/);
    assert.equal(existsSync(join(root, 'docs/.confluence-mapping.json')), false, 'nothing written');
    await rebuildMapping(api, root, config, { dryRun: true }); // a dry run writes nothing and needs no lock
  });
});
