// scripts/check-deps.mjs (run in `npm test`): imported packages are declared, runtime dependencies are used.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const script = join(__dirname, '..', '..', 'scripts', 'check-deps.mjs');

/** Runs the check on a throw-away project made of `files` (path -> text). */
function check(files: Record<string, string>): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'check-deps-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pkg = (dependencies: Record<string, string>, devDependencies: Record<string, string> = {}) =>
  JSON.stringify({ name: 'x', dependencies, devDependencies });

describe('scripts/check-deps.mjs', function () {
  this.timeout(30_000); // each case starts node and loads the TypeScript compiler
  it('passes the real project', () => {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('passes when every import is declared and every dependency used; built-ins and vscode are not packages', () => {
    const r = check({
      'package.json': pkg({ yaml: '1.0.0', '@scope/lib': '1.0.0' }, { mocha: '1.0.0' }),
      'src/a.ts': `import { parse } from 'yaml';\nimport type { T } from '@scope/lib/sub/path';\nimport * as fs from 'node:fs';\nimport path from 'path';\nimport * as vscode from 'vscode';\n`,
      'test/a.test.ts': `import 'mocha';\nimport { parse } from 'yaml';\n// import 'not-a-real-import' in a comment does not count\n`,
    });
    assert.equal(r.code, 0, r.out);
  });

  it('fails on a package imported by src/ (static, type-only, dynamic or require) but not declared, naming the file', () => {
    const r = check({
      'package.json': pkg({}),
      'src/core/a.ts': `import { isTag } from 'domhandler';`,
      'src/core/b.ts': `import type { SecretLintCoreConfig } from '@secretlint/types';`,
      'src/core/c.ts': `export const m = () => import('dynamic-one');`,
      'src/core/d.ts': `export const m = require('required-one');`,
    });
    assert.equal(r.code, 1);
    assert.match(r.out, /"domhandler" is imported \(src\/core\/a\.ts\) but not declared: add it to "dependencies"/);
    assert.match(r.out, /"@secretlint\/types" is imported \(src\/core\/b\.ts\) but not declared/);
    assert.match(r.out, /"dynamic-one" is imported \(src\/core\/c\.ts\) but not declared/);
    assert.match(r.out, /"required-one" is imported \(src\/core\/d\.ts\) but not declared/);
  });

  it('fails on shipped code importing a devDependency, and on tests importing an undeclared package', () => {
    const r = check({
      'package.json': pkg({}, { mocha: '1.0.0' }),
      'src/a.ts': `import 'mocha';`,
      'test/a.test.ts': `import { x } from 'left-pad';`,
    });
    assert.equal(r.code, 1);
    assert.match(r.out, /"mocha" is imported by shipped code \(src\/a\.ts\) but is only a devDependency/);
    assert.match(r.out, /"left-pad" is imported \(test\/a\.test\.ts\) but not declared: add it to "devDependencies"/);
  });

  it('fails on a dependency nothing in src/ imports', () => {
    const r = check({
      'package.json': pkg({ yaml: '1.0.0', 'turndown-plugin-gfm': '1.0.2' }),
      'src/a.ts': `import { parse } from 'yaml';`,
      'test/a.test.ts': `import gfm from 'turndown-plugin-gfm';`,
    });
    assert.equal(r.code, 1);
    assert.match(r.out, /"turndown-plugin-gfm" is in "dependencies" but nothing in src\/ imports it: remove it/);
  });
});
