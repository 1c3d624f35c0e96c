/** `confluence status | head -1`: a reader that leaves early is not a crash (EPIPE on stdout is handled). */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const REPO = join(__dirname, '../..');

describe('confluence CLI writing into a closed pipe', function () {
  this.timeout(120000);
  let work: string;
  let bin: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'd2c-cli-pipe-'));
    bin = join(work, 'cli.js');
    await build({ entryPoints: [join(REPO, 'src/cli/main.ts')], outfile: bin, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
    cpSync(join(REPO, 'samples/docs'), join(work, 'docs'), { recursive: true });
    // Enough lines that the CLI is still writing when `head` has gone.
    for (let i = 0; i < 200; i++) writeFileSync(join(work, 'docs', `extra-${i}.md`), `# Extra ${i}\n\ntext\n`);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('status | head -1 prints one line and exits 0 without an EPIPE stack trace', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" status --all | head -1`], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, CONFLUENCE_SPACE: 'DOCS' },
    });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, r.stdout);
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled 'error' event/, r.stderr);
    assert.equal(r.status, 0, r.stderr);
  });
});
