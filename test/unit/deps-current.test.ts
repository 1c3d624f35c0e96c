import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '../../scripts/deps-current.mjs');
const run = (root: string, ...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args, root], { encoding: 'utf8' });

describe('scripts/deps-current.mjs (demo.sh / test.sh skip npm ci when node_modules matches the lock file)', () => {
  let root: string;
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'x' },
      'node_modules/a': { version: '1.0.0' },
      'node_modules/b': { version: '2.0.0', optional: true },
    },
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'd2c-deps-'));
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('no node_modules, or no record of the install: install needed', () => {
    assert.equal(run(root).status, 1);
    assert.match(run(root).stdout, /node_modules does not exist/);
    mkdirSync(join(root, 'node_modules'));
    assert.equal(run(root).status, 1);
  });

  it("npm's record with every locked package at its version: up to date (optional ones may be missing)", () => {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules/.package-lock.json'), JSON.stringify({ packages: { 'node_modules/a': { version: '1.0.0' } } }));
    assert.equal(run(root).status, 0);
    writeFileSync(join(root, 'node_modules/.package-lock.json'), JSON.stringify({ packages: { 'node_modules/a': { version: '0.9.0' } } }));
    const r = run(root);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /node_modules\/a is 0\.9\.0, the lock file wants 1\.0\.0/);
  });

  it('the stamp written after an install matches until the lock file changes', () => {
    mkdirSync(join(root, 'node_modules'));
    assert.equal(run(root, '--stamp').status, 0);
    assert.equal(run(root).status, 0);
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ ...lock, packages: { ...lock.packages, 'node_modules/c': { version: '3.0.0' } } }));
    assert.equal(run(root).status, 1);
  });
});
