// scripts/check-size.mjs (`npm run check:size`): files over 600 lines and functions over 120 lines in src/.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'scripts', 'check-size.mjs');

/** Runs the check on a throw-away folder made of `files` (name -> text). */
function check(files: Record<string, string>, strict = false): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'check-size-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync(process.execPath, [script, ...(strict ? ['--strict'] : []), dir], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A function body of `n` lines in all (signature and closing brace included). */
const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('scripts/check-size.mjs', function () {
  this.timeout(30_000); // each case starts node and loads the TypeScript compiler
  it('lists functions over 120 lines (declarations, methods, named arrows) and files over 600 lines', () => {
    const r = check({
      'a.ts': `export function long() {\n${body(121)}\n}\nexport function fits() {\n${body(120)}\n}\n`,
      'b.ts': `class C {\n  method() {\n${body(130)}\n  }\n}\nconst arrow = async () => {\n${body(125)}\n};\n`,
      // an anonymous callback is part of the function around it, not listed alone
      'c.ts': `[1].map(() => {\n${body(140)}\n});\n`,
      'big.ts': Array.from({ length: 601 }, (_, i) => `export const x${i} = ${i};`).join('\n') + '\n',
      'small.ts': Array.from({ length: 600 }, (_, i) => `export const y${i} = ${i};`).join('\n') + '\n',
    });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /a\.ts:1: function long has 121 lines/);
    assert.doesNotMatch(r.out, /fits/);
    assert.match(r.out, /function C\.method has 130 lines/);
    assert.match(r.out, /function arrow has 125 lines/);
    assert.match(r.out, /big\.ts: file has 601 lines/);
    assert.doesNotMatch(r.out, /small\.ts/);
    assert.match(r.out, /4 over the size limits/);
  });

  it('exits 1 with --strict only when something is over', () => {
    assert.equal(check({ 'a.ts': `function long() {\n${body(121)}\n}\n` }, true).code, 1);
    const ok = check({ 'a.ts': `function fits() {\n${body(120)}\n}\n` }, true);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /No file or function over the size limits/);
  });

  it('finds src/core/sync within the limits', () => {
    const r = spawnSync(process.execPath, [script, '--strict', join(__dirname, '..', '..', 'src', 'core', 'sync')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
