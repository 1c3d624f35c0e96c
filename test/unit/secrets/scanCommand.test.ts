import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/program';
import type { CliIO } from '../../../src/cli/context';

// Built at runtime so no credential-shaped literal sits in the source.
const GH_TOKEN = 'ghp' + '_' + 'R8kLq2ZtW5vXy7Bn4Mc9Pd3Hs6Jf1Ga0Ke2T';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { cwd, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), isTTY: false };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('confluence scan', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'scan-cmd-'));
    mkdirSync(join(root, 'docs/guides'), { recursive: true });
    mkdirSync(join(root, 'docs/node_modules/pkg'), { recursive: true });
    writeFileSync(join(root, 'docs/clean.md'), '# Clean\n\nUse `$GITHUB_TOKEN` from the environment.\n');
    writeFileSync(join(root, 'docs/guides/ci.md'), `# CI\n\nThe release bot uses ${GH_TOKEN} for tagging.\n`);
    writeFileSync(join(root, 'docs/node_modules/pkg/readme.md'), `token: ${GH_TOKEN}\n`);
    writeFileSync(join(root, 'docs/vault.secrets.md'), `token: ${GH_TOKEN}\n`);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('defaults to docs/, skips node_modules and *.secrets.md, prints file:line:col rule message preview, exits 1', async () => {
    const r = io(root);
    assert.equal(await runCli(['scan'], r.io), 1);
    const lines = r.out().trim().split('\n');
    assert.equal(lines.length, 1, r.out());
    assert.match(lines[0], /^docs\/guides\/ci\.md:3:22 {2}\S*github\S* {2}.+ {2}ghp_\*+Ke2T {2}\(fingerprint [0-9a-f]{16}\)$/);
    assert.ok(!r.out().includes(GH_TOKEN), 'the secret itself is never printed');
    assert.match(r.err(), /1 possible secret in 1 file \(2 scanned\)/);
  });

  it('--json gives [{ file, line, column, rule, message }] relative to the current folder', async () => {
    const r = io(join(root, 'docs'));
    assert.equal(await runCli(['scan', '.', '--json'], r.io), 1);
    const rows = JSON.parse(r.out());
    assert.equal(rows.length, 1);
    assert.deepEqual({ file: rows[0].file, line: rows[0].line, column: rows[0].column }, { file: 'guides/ci.md', line: 3, column: 22 });
    assert.equal(typeof rows[0].rule, 'string');
    assert.equal(typeof rows[0].message, 'string');
    assert.match(rows[0].fingerprint, /^[0-9a-f]{16}$/);
  });

  it('exits 0 on clean files, and honours the ignore file by path:fingerprint', async () => {
    const first = io(root);
    await runCli(['scan', '--json'], first.io);
    const [finding] = JSON.parse(first.out());
    assert.equal(await runCli(['scan', 'docs/clean.md'], io(root).io), 0);
    writeFileSync(join(root, '.confluence-secrets-ignore'), `# known false positive\n${finding.file}:${finding.fingerprint}\n`);
    const r = io(root);
    assert.equal(await runCli(['scan'], r.io), 0);
    assert.match(r.err(), /No secrets found in 2 files/);
  });

  it('exits 2 on a missing path or a malformed ignore file (naming file and line)', async () => {
    const missing = io(root);
    assert.equal(await runCli(['scan', 'nope/'], missing.io), 2);
    assert.match(missing.err(), /nope\/: no such file or folder/);
    writeFileSync(join(root, '.confluence-secrets-ignore'), '# ok\n0123456789abcdef\nnot-a-fingerprint\n');
    const bad = io(root);
    assert.equal(await runCli(['scan'], bad.io), 2);
    assert.match(bad.err(), /\.confluence-secrets-ignore:3: expected a 16-hex-digit fingerprint/);
  });

  it('scans a *.secrets.md file when it is named explicitly', async () => {
    assert.equal(await runCli(['scan', 'docs/vault.secrets.md'], io(root).io), 1);
  });
});
