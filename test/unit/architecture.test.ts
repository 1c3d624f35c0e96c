import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const importsVscode = /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/;

describe('architecture', () => {
  it('src/core, src/cli and src/server never import vscode', () => {
    const offenders = ['src/core', 'src/cli', 'src/server']
      .flatMap((d) => tsFiles(join(root, d)))
      .filter((f) => importsVscode.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    assert.deepEqual(offenders, [], `these files import vscode: ${offenders.join(', ')}`);
  });

  it('src/core never imports the front ends', () => {
    const offenders = tsFiles(join(root, 'src/core'))
      .filter((f) => /from\s+['"](\.\.\/)+(cli|extension)\//.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    assert.deepEqual(offenders, []);
  });

  it('the import detector catches the forms that matter', () => {
    for (const src of [`import * as vscode from 'vscode';`, `import { window } from "vscode"`, `const v = require('vscode')`]) {
      assert.ok(importsVscode.test(src), src);
    }
    assert.ok(!importsVscode.test(`import { x } from './vscode-like'`));
  });
});
