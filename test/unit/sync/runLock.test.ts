import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem as fs } from '../../../src/core/files/nodeFileSystem';
import { acquireRunLock, RunLockedError, runLockPath } from '../../../src/core/sync/runLock';

describe('run lock (one publish per mapping file)', () => {
  let dir: string;
  let path: string;
  const warnings: string[] = [];
  const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
  /** A pid that surely is not running: a child that has exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
  const holderFile = (h: Record<string, unknown>, ageMs = 0) => {
    writeFileSync(path, JSON.stringify({ started: new Date(Date.now() - ageMs).toISOString(), tool: 'confluence CLI', token: 'theirs', ...h }));
    const t = new Date(Date.now() - ageMs);
    utimesSync(path, t, t);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'd2c-lock-'));
    path = runLockPath(join(dir, '.confluence-mapping.json'));
    warnings.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a JSON file beside the mapping file naming pid, host, start and tool; release removes it', async () => {
    assert.equal(path, join(dir, '.confluence-mapping.json.lock'));
    const lock = await acquireRunLock(path, { fs, tool: 'confluence CLI' });
    const content = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(content.pid, process.pid);
    assert.equal(content.host, hostname());
    assert.equal(content.tool, 'confluence CLI');
    assert.ok(Date.parse(content.started) <= Date.now());
    lock.release();
    assert.equal(existsSync(path), false);
    lock.release(); // idempotent
  });

  it('a second run waits briefly, then refuses naming the holder and what to do', async () => {
    const first = await acquireRunLock(path, { fs, tool: 'VS Code extension' });
    const t0 = Date.now();
    const err = await acquireRunLock(path, { fs, waitMs: 300, pollMs: 50, displayPath: 'docs/.confluence-mapping.json.lock' }).then(
      () => assert.fail('took a held lock'),
      (e: unknown) => e,
    );
    assert.ok(Date.now() - t0 >= 280, 'waited');
    assert.ok(err instanceof RunLockedError);
    assert.match(err.message, new RegExp(`VS Code extension \\(pid ${process.pid} on ${hostname()}, started \\d{4}-`));
    assert.match(err.message, /Nothing was written/);
    assert.match(err.message, /delete docs\/\.confluence-mapping\.json\.lock/);
    first.release();
  });

  it('the waiting run gets the lock as soon as the holder releases it', async () => {
    const first = await acquireRunLock(path, { fs });
    setTimeout(() => first.release(), 150);
    const second = await acquireRunLock(path, { fs, waitMs: 3000, pollMs: 20 });
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).token, second.holder.token);
    second.release();
  });

  it('a lock of an ended process on this machine is stale: taken over with a note', async () => {
    holderFile({ pid: deadPid(), host: hostname() });
    const lock = await acquireRunLock(path, { fs, logger, waitMs: 0 });
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
    assert.match(warnings.join('\n'), /took over the publish lock .*has ended/);
    lock.release();
  });

  it('a lock of another host is live until its heartbeat is older than the stale age', async () => {
    holderFile({ pid: 4242, host: 'ci-runner-7' }, 60_000);
    await assert.rejects(acquireRunLock(path, { fs, waitMs: 0, staleMs: 5 * 60_000 }), (e: unknown) => e instanceof RunLockedError && /pid 4242 on ci-runner-7/.test(e.message));
    holderFile({ pid: 4242, host: 'ci-runner-7' }, 11 * 60_000);
    const lock = await acquireRunLock(path, { fs, logger, waitMs: 0 }); // default stale age: 10 minutes
    assert.match(warnings.join('\n'), /no heartbeat from pid 4242 on ci-runner-7 for 11 minutes/);
    lock.release();
  });

  it('a live process on this machine keeps its lock (here: this very process)', async () => {
    holderFile({ pid: process.pid, host: hostname() }, 1000);
    await assert.rejects(acquireRunLock(path, { fs, waitMs: 0 }), RunLockedError);
  });

  it('the holder refreshes its heartbeat, so a long run is not taken for stale', async () => {
    const lock = await acquireRunLock(path, { fs, heartbeatMs: 30 });
    const old = new Date(Date.now() - 20 * 60_000);
    utimesSync(path, old, old);
    await new Promise((r) => setTimeout(r, 120));
    assert.ok(Date.now() - statSync(path).mtimeMs < 5000, 'mtime refreshed');
    lock.release();
  });

  it('release never removes a lock another run took over', async () => {
    const lock = await acquireRunLock(path, { fs });
    holderFile({ pid: 4242, host: 'elsewhere', token: 'new-owner' });
    lock.release();
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).token, 'new-owner');
  });

  it('an unreadable lock file is waited for while young, and stale when old', async () => {
    writeFileSync(path, '');
    await assert.rejects(acquireRunLock(path, { fs, waitMs: 0 }), (e: unknown) => e instanceof RunLockedError && /being written/.test(e.message));
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    (await acquireRunLock(path, { fs, waitMs: 0, logger })).release();
    assert.match(warnings.join('\n'), /its content was not a lock/);
  });

  it('waiting stops at once when the signal aborts (Ctrl-C while waiting)', async () => {
    const first = await acquireRunLock(path, { fs });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('interrupted')), 50);
    const t0 = Date.now();
    await assert.rejects(acquireRunLock(path, { fs, waitMs: 10_000, signal: ac.signal }), /interrupted/);
    assert.ok(Date.now() - t0 < 2000);
    first.release();
  });

  it('leaves no temporary files behind', async () => {
    const lock = await acquireRunLock(path, { fs });
    lock.release();
    holderFile({ pid: deadPid(), host: hostname() });
    (await acquireRunLock(path, { fs, waitMs: 0 })).release();
    assert.deepEqual(require('node:fs').readdirSync(dir), []);
  });
});
