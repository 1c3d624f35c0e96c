/**
 * The bundled `confluence` CLI as a separate process: exit statuses, and a sync killed with SIGKILL halfway that a
 * re-run finishes with no duplicate pages and a complete mapping file.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { generateTree } from '../../bench/sync';
import { connectConfluence } from '../../src/core/confluence/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';

const REPO = join(__dirname, '../..');

describe('confluence CLI (spawned process)', function () {
  this.timeout(180000);
  let server: LocalServer;
  let bin: string;
  let work: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'd2c-cli-proc-'));
    // Our own bundle (same options as scripts/build.mjs), so the test does not depend on dist/ being fresh.
    bin = join(work, 'cli.js');
    await build({ entryPoints: [join(REPO, 'src/cli/main.ts')], outfile: bin, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', banner: { js: '#!/usr/bin/env node' } });
    server = await startLocalServer({ faults: { latencyMs: 40 } });
  });
  after(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Async, so the in-process server keeps answering while the CLI runs. */
  const run = (args: string[], cwd: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd, env: env() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const env = () => ({ ...process.env, CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' });

  it('exits 0 for --help, 2 for usage errors and missing credentials', () => {
    let r = spawnSync(process.execPath, [bin, 'sync', '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /--dry-run/);
    r = spawnSync(process.execPath, [bin, 'sync', '--bogus'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    r = spawnSync(process.execPath, [bin, 'sync'], { encoding: 'utf8', cwd: work, env: { PATH: process.env.PATH, CONFLUENCE_URL: 'https://acme.atlassian.net', CONFLUENCE_SPACE: 'DOCS' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN/);
  });

  it('a sync killed halfway is finished by the re-run: no duplicate pages, a complete mapping file', async () => {
    const ws = join(work, 'ws');
    generateTree(ws, 120, 6);
    const mappingPath = join(ws, 'docs/.confluence-mapping.json');
    const entries = () => {
      try {
        return Object.keys(JSON.parse(readFileSync(mappingPath, 'utf8'))).length;
      } catch {
        return 0; // not written yet (never half-written: the file is replaced atomically)
      }
    };
    // Killed once the server has created 30 pages: the mapping file is saved in batches (pending creates first), so
    // the server is what tells how far the run got.
    server.requestLog.length = 0;
    const created = () => server.requestLog.filter((e) => e.method === 'POST' && /\/pages$/.test(e.path) && e.status === 200).length;
    const child = spawn(process.execPath, [bin, 'sync', '--concurrency', '8'], { cwd: ws, env: env(), stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 60000;
    while (created() < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    const atKill = created();
    assert.ok(atKill >= 30 && atKill < 127, `killed halfway (the server had created ${atKill} of 127 pages)`);
    assert.ok(entries() <= 127, 'the mapping file is whole (replaced atomically)');

    const rerun = await run(['sync', '--json'], ws);
    assert.equal(rerun.status, 0, rerun.stderr + rerun.stdout.slice(0, 2000));
    const report = JSON.parse(rerun.stdout);
    assert.equal(report.summary.error, undefined);

    const api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
    const pages = await api.listPages((await api.getSpace('DOCS')).id);
    const titles = pages.map((p) => p.title);
    assert.equal(new Set(titles).size, titles.length, 'no duplicate titles');
    const mapping = JSON.parse(readFileSync(mappingPath, 'utf8')) as Record<string, { page_id: string }>;
    assert.equal(Object.keys(mapping).length, 127, '120 docs + 6 folders + root');
    const ids = new Set(pages.map((p) => p.id));
    for (const [k, e] of Object.entries(mapping)) assert.ok(ids.has(e.page_id), `${k} -> ${e.page_id} exists`);
    assert.equal(new Set(Object.values(mapping).map((e) => e.page_id)).size, 127);

    const third = await run(['sync', '--json'], ws);
    assert.deepEqual(JSON.parse(third.stdout).summary, { skipped: 127 });
  });
});
