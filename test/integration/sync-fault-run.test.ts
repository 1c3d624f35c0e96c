/**
 * The fault run (issue 10, "Done when"): the spawned `confluence` CLI against the local server with latency, killed
 * with SIGKILL and interrupted with Ctrl-C (SIGINT) at several points of a first publish and of an update run, and two
 * runs started at once at 300 ms latency. After each fault: 0 duplicate pages; after ONE normal re-run: 0 conflicts
 * and errors, the mapping equal to the server (page id, version, title of every entry); a final re-run writes nothing.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '../../bench/sync';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { assertMappingEqualsServer, buildCli, lockExists, readMapping, runCli, startCli, waitUntil } from './cli-spawn';

const DOCS = 40;
const FOLDERS = 4;
const PAGES = DOCS + FOLDERS + 1; // + the root page

describe('fault run: kill -9, Ctrl-C and two runs at once (spawned CLI)', function () {
  this.timeout(600000);
  let server: LocalServer;
  let bin: string;
  let work: string;
  let round = 0;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'd2c-faults-'));
    bin = await buildCli(work);
    server = await startLocalServer({ faults: { latencyMs: 60 } });
  });
  after(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A fresh workspace and space: the server's state is reset. */
  const freshWorkspace = async (name: string) => {
    await fetch(`${server.url}/__admin/reset`, { method: 'POST' });
    const ws = join(work, name);
    generateTree(ws, DOCS, FOLDERS);
    return { ws, mappingPath: join(ws, 'docs/.confluence-mapping.json') };
  };
  const docFiles = (ws: string) =>
    readdirSync(join(ws, 'docs'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(ws, 'docs', f));
  /** Changes every document, so the next sync updates every page. */
  const editAll = (ws: string) => {
    round++;
    for (const f of docFiles(ws)) writeFileSync(f, readFileSync(f, 'utf8') + `\nEdit round ${round}.\n`);
  };
  const hashes = (mappingPath: string) => new Map(Object.entries(readMapping(mappingPath)).map(([k, e]) => [k, e.hash]));
  const changedSince = (mappingPath: string, before: Map<string, string | undefined>) =>
    Object.entries(readMapping(mappingPath)).filter(([k, e]) => before.get(k) !== e.hash).length;

  /** One normal re-run repairs everything; then the mapping equals the server and another run writes nothing. */
  const assertRecovered = async (ws: string, mappingPath: string) => {
    const rerun = await runCli(bin, server, ['sync', '--json'], ws);
    const report = JSON.parse(rerun.stdout || '{}');
    const bad = (report.results ?? []).filter((r: { action: string }) => r.action === 'conflict' || r.action === 'error');
    assert.deepEqual(bad, [], 'no conflicts or errors after one normal re-run');
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(lockExists(mappingPath), false, 'the lock is released');
    await assertMappingEqualsServer(server, mappingPath, PAGES);
    const final = await runCli(bin, server, ['sync', '--json'], ws);
    assert.deepEqual(JSON.parse(final.stdout).summary, { skipped: PAGES }, 'final re-run: 0 writes');
  };

  /** Starts `sync`, waits until `ready`, sends `signal`; returns the run's outcome. */
  const interruptAt = async (ws: string, signal: NodeJS.Signals, ready: () => boolean, concurrency = 8) => {
    const run = startCli(bin, server, ['sync', '--concurrency', String(concurrency)], ws);
    const reached = await waitUntil(ready);
    run.child.kill(signal);
    const out = await run.done;
    assert.ok(reached, `the run reached the kill point before it ended: ${out.stderr}`);
    return out;
  };

  describe('first publish (creates)', () => {
    for (const at of [2, 15, 35]) {
      it(`kill -9 after ${at} of ${PAGES} pages: one re-run finishes it, no duplicates, mapping = server`, async () => {
        const { ws, mappingPath } = await freshWorkspace(`create-kill-${at}`);
        const out = await interruptAt(ws, 'SIGKILL', () => Object.keys(readMapping(mappingPath)).length >= at);
        assert.equal(out.signal, 'SIGKILL');
        assert.equal(lockExists(mappingPath), true, 'a killed run leaves its lock (taken over as stale by the next run)');
        await assertRecovered(ws, mappingPath);
      });
    }

    it('Ctrl-C after 10 pages: pages in flight finish, exit 130 with what was and was not published', async () => {
      const { ws, mappingPath } = await freshWorkspace('create-sigint');
      const out = await interruptAt(ws, 'SIGINT', () => Object.keys(readMapping(mappingPath)).length >= 10);
      assert.equal(out.status, 130, out.stderr);
      const m = /Interrupted: (\d+) page\(s\) published, (\d+) not published.*the mapping file is saved; re-run `confluence sync` to finish\./.exec(out.stderr);
      assert.ok(m, out.stderr);
      assert.ok(Number(m[2]) > 0, 'stopped before the end');
      assert.equal(Object.keys(readMapping(mappingPath)).length, Number(m[1]), 'every published page is in the mapping file');
      assert.equal(lockExists(mappingPath), false, 'the lock is released');
      await assertRecovered(ws, mappingPath);
    });
  });

  describe('update run', () => {
    let ws: string;
    let mappingPath: string;
    before(async () => {
      ({ ws, mappingPath } = await freshWorkspace('update'));
      const first = await runCli(bin, server, ['sync', '--json'], ws);
      assert.equal(first.status, 0, first.stderr);
    });
    // "Stopped before the end" needs pages left when the signal lands: the last kill point leaves 15 of 40 pages,
    // 4 at a time at 150 ms per request (about a second of margin on any machine).
    beforeEach(() => server.setFaults({ latencyMs: 150 }));
    afterEach(() => server.setFaults({ latencyMs: 60 }));

    for (const [signal, at, code] of [
      ['SIGINT', 1, 130],
      ['SIGINT', 12, 130],
      ['SIGTERM', 25, 143],
    ] as const) {
      it(`${signal} after ${at} updated pages: exit ${code}, the mapping saved, the lock released; one re-run finishes it`, async () => {
        editAll(ws);
        const before = hashes(mappingPath);
        // Counted on the server: the mapping file is saved in batches (every second), so it can jump past the kill point.
        server.requestLog.length = 0;
        const updated = () => server.requestLog.filter((e) => e.method === 'PUT' && /\/pages\/\d+$/.test(e.path) && e.status === 200).length;
        const out = await interruptAt(ws, signal, () => updated() >= at, 4);
        server.setFaults({ latencyMs: 60 });
        assert.equal(out.status, code, out.stderr);
        const m = /Interrupted: (\d+) page\(s\) published, (\d+) not published/.exec(out.stderr);
        assert.ok(m && Number(m[2]) > 0, `stopped before the end: ${out.stderr}`);
        assert.equal(changedSince(mappingPath, before), Number(m[1]), 'every page published is recorded');
        assert.equal(lockExists(mappingPath), false, 'the lock is released');
        await assertRecovered(ws, mappingPath);
      });
    }
  });

  describe('two runs at once (300 ms latency)', () => {
    beforeEach(() => server.setFaults({ latencyMs: 300 }));
    afterEach(() => server.setFaults({ latencyMs: 60 }));

    const bothAtOnce = async (ws: string, mappingPath: string) => {
      const [a, b] = await Promise.all([runCli(bin, server, ['sync', '--json'], ws), runCli(bin, server, ['sync', '--json'], ws)]);
      for (const r of [a, b]) assert.doesNotMatch(r.stdout + r.stderr, /changed in Confluence while publishing/);
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [0, 75], `one publishes, the other is refused: ${a.stderr}\n${b.stderr}`);
      const refused = a.status === 75 ? a : b;
      assert.match(refused.stderr, /another publish to Confluence is running in this workspace: confluence CLI \(pid \d+ on .+, started .+\) holds docs\/\.confluence-mapping\.json\.lock\. Nothing was written|changed since this plan was made \(another publish ran meanwhile\)\. Nothing was written/);
      const published = a.status === 0 ? a : b;
      assert.deepEqual(
        JSON.parse(published.stdout).results.filter((r: { action: string }) => r.action === 'conflict' || r.action === 'error'),
        [],
      );
      assert.equal(lockExists(mappingPath), false);
      server.setFaults({ latencyMs: 60 });
      await assertRecovered(ws, mappingPath);
    };

    it('the exit statuses are in `sync --help` (75: another publish holds the lock; 130: Ctrl-C)', async () => {
      const help = await runCli(bin, server, ['sync', '--help'], work);
      assert.match(help.stdout, /75 another publish holds the workspace/);
      assert.match(help.stdout, /130 interrupted by Ctrl-C/);
    });

    it('a first publish started twice: one publishes, the other refuses naming the holder', async () => {
      const { ws, mappingPath } = await freshWorkspace('concurrent-create');
      await bothAtOnce(ws, mappingPath);
    });

    it('an update run started twice: one publishes, the other refuses naming the holder', async () => {
      const { ws, mappingPath } = await freshWorkspace('concurrent-update');
      server.setFaults({ latencyMs: 60 });
      const first = await runCli(bin, server, ['sync'], ws);
      assert.equal(first.status, 0, first.stderr);
      editAll(ws);
      server.setFaults({ latencyMs: 300 });
      await bothAtOnce(ws, mappingPath);
    });
  });
});

describe('fault run: kill -9 during an update run', function () {
  this.timeout(600000);
  let server: LocalServer;
  let bin: string;
  let work: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'd2c-faults-kill-'));
    bin = await buildCli(work);
    server = await startLocalServer({ faults: { latencyMs: 60 } });
  });
  after(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('kill -9 after 1, 15 and 30 updated pages: each time one normal re-run reconciles (0 false conflicts), mapping = server, then 0 writes', async () => {
    const ws = join(work, 'ws');
    generateTree(ws, DOCS, FOLDERS);
    const mappingPath = join(ws, 'docs/.confluence-mapping.json');
    const first = await runCli(bin, server, ['sync'], ws);
    assert.equal(first.status, 0, first.stderr);
    let round = 0;
    for (const at of [1, 15, 30]) {
      round++;
      for (const f of readdirSync(join(ws, 'docs'), { recursive: true, encoding: 'utf8' }).filter((x) => x.endsWith('.md'))) {
        const p = join(ws, 'docs', f);
        writeFileSync(p, readFileSync(p, 'utf8') + `\nKill round ${round}.\n`);
      }
      // Counted on the server, so the kill lands between page writes and the next batched mapping save.
      server.requestLog.length = 0;
      const run = startCli(bin, server, ['sync', '--concurrency', '8'], ws);
      const reached = await waitUntil(() => server.requestLog.filter((e) => e.method === 'PUT' && /\/pages\/\d+$/.test(e.path) && e.status === 200).length >= at);
      run.child.kill('SIGKILL');
      await run.done;
      assert.ok(reached, `kill point ${at} reached`);

      const rerun = await runCli(bin, server, ['sync', '--json'], ws);
      const bad = JSON.parse(rerun.stdout || '{"results":[]}').results.filter((r: { action: string }) => r.action === 'conflict' || r.action === 'error');
      assert.deepEqual(bad, [], `kill after ${at}: no false conflicts after one normal re-run`);
      assert.equal(rerun.status, 0, rerun.stderr);
      await assertMappingEqualsServer(server, mappingPath, PAGES);
      const final = await runCli(bin, server, ['sync', '--json'], ws);
      assert.deepEqual(JSON.parse(final.stdout).summary, { skipped: PAGES });
    }
  });

  it('Ctrl-C twice (requests in flight cut off): exit 130, then one normal re-run reconciles (0 false conflicts)', async () => {
    const ws = join(work, 'ws2');
    generateTree(ws, DOCS, FOLDERS);
    const mappingPath = join(ws, 'docs/.confluence-mapping.json');
    assert.equal((await runCli(bin, server, ['sync'], ws)).status, 0);
    for (const f of readdirSync(join(ws, 'docs'), { recursive: true, encoding: 'utf8' }).filter((x) => x.endsWith('.md'))) {
      const p = join(ws, 'docs', f);
      writeFileSync(p, readFileSync(p, 'utf8') + '\nCut off.\n');
    }
    server.requestLog.length = 0;
    // Slow answers, so that requests are still in flight when the second Ctrl-C arrives, even on a loaded machine.
    server.setFaults({ latencyMs: 600 });
    const run = startCli(bin, server, ['sync', '--concurrency', '8'], ws);
    // 5 pages updated on the server (the mapping is saved in batches, so the server, not the file, tells)
    const updates = () => server.requestLog.filter((e) => e.method === 'PUT' && /\/pages\/\d+$/.test(e.path) && e.status === 200).length;
    assert.ok(await waitUntil(() => updates() >= 5));
    // Requests went out in waves (one latency for all): a Ctrl-C between two waves found nothing in flight. Requests
    // that start from now are held 3 s; after 0.7 s the earlier ones are answered and only held ones are in flight.
    server.setFaults({ latencyMs: 3000 });
    await new Promise((r) => setTimeout(r, 700));
    assert.ok(await waitUntil(() => server.stats().inFlight > 0), 'requests in flight');
    run.child.kill('SIGINT');
    // Two SIGINTs sent before the child is scheduled merge into one (standard signals do not queue): the second is
    // sent once the child has said it is stopping.
    assert.ok(await waitUntil(() => run.stderrSoFar().includes('Stopping:')), 'the first Ctrl-C was seen');
    assert.ok(server.stats().inFlight > 0, 'still in flight at the second Ctrl-C');
    run.child.kill('SIGINT');
    const out = await run.done;
    // what the server was holding is applied (the client had cut it off) before the re-run looks
    assert.ok(await waitUntil(() => server.stats().inFlight === 0), 'the server answered what it held');
    server.setFaults({ latencyMs: 60 });
    assert.equal(out.status, 130, out.stderr);
    assert.match(out.stderr, /Interrupted: \d+ page\(s\) published, \d+ not published.*requests in flight were cut off; the mapping file is saved/);
    assert.equal(existsSync(`${mappingPath}.lock`), false, 'the lock is released');

    const rerun = await runCli(bin, server, ['sync', '--json'], ws);
    const bad = JSON.parse(rerun.stdout || '{"results":[]}').results.filter((r: { action: string }) => r.action === 'conflict' || r.action === 'error');
    assert.deepEqual(bad, [], 'no false conflicts after one normal re-run');
    await assertMappingEqualsServer(server, mappingPath, PAGES);
    const final = await runCli(bin, server, ['sync', '--json'], ws);
    assert.deepEqual(JSON.parse(final.stdout).summary, { skipped: PAGES });
  });
});
