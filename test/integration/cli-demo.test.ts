/**
 * Issue 16 (first run): `confluence demo` writes the demo's settings into its workspace, prints a CLI command that
 * works when copied (the folder, the credentials, a CLI that exists) and says "unchanged", and removes its temporary
 * workspace on exit.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from './cli-spawn';

const REPO = join(__dirname, '../..');

describe('confluence demo: the copy-paste hint and the temporary workspace', function () {
  this.timeout(120000);
  let work: string;
  let bin: string;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'd2c-demo-'));
    bin = await buildCli(work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the printed command, run as printed, plans "unchanged"; Ctrl-C (SIGINT) stops the demo and removes its workspace', async () => {
    const child = spawn(process.execPath, [bin, 'demo', '--port', '0'], { cwd: REPO, env: { PATH: process.env.PATH!, HOME: work } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      for (let i = 0; i < 200 && !/Serving until Ctrl-C/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      const hint = /Try the CLI against it.*\n {2}(.*)\n/.exec(out)?.[1];
      assert.ok(hint, out);
      assert.match(hint, new RegExp(`node ${bin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} plan$`));
      const workspace = /^cd (\S+) &&/.exec(hint)![1];
      assert.match(readFileSync(join(workspace, '.confluence.yml'), 'utf8'), /labels: \[docs-demo\]/);
      // Run exactly what was printed, from somewhere else, with a clean environment.
      const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const sh = spawn('bash', ['-c', hint], { cwd: work, env: { PATH: process.env.PATH!, HOME: work } });
        let stdout = '';
        let stderr = '';
        sh.stdout.on('data', (d) => (stdout += d));
        sh.stderr.on('data', (d) => (stderr += d));
        sh.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Plan for space DOCS: 13 unchanged \(dry run: nothing was written\)/);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.ok(!existsSync(workspace), 'the temporary workspace is removed on exit');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('--workspace: a new or empty folder is used and kept; a non-empty one is refused', () => {
    const kept = join(work, 'kept');
    let r = spawnSync(process.execPath, [bin, 'demo', '--no-serve', '--workspace', kept], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(kept, 'docs/.confluence-mapping.json')));
    assert.doesNotMatch(r.stdout, /Try the CLI/, 'no hint when the server is already gone');
    mkdirSync(join(work, 'full'));
    writeFileSync(join(work, 'full/x'), '');
    r = spawnSync(process.execPath, [bin, 'demo', '--no-serve', '--workspace', join(work, 'full')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not empty/);
    r = spawnSync(process.execPath, [bin, 'demo', '--no-serve', '--json'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(JSON.parse(r.stdout).workspace), 'the temporary workspace is removed at exit');
  });
});
