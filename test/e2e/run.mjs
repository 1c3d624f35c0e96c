#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server 4.100.3 = VS Code 1.100.3 + Chromium).
//
//   node test/e2e/run.mjs                          # setup (cached), build what is stale, all specs
//   node test/e2e/run.mjs test/e2e/foundation.e2e.ts   # some spec files
//   node test/e2e/run.mjs --grep palette           # mocha options pass through
//   node test/e2e/run.mjs --build-only             # only build the in-host suite + runner extension (out/inhost)
//   E2E_SKIP_SETUP=1 ...                            # do not run scripts/setup-e2e.sh
//
// Steps: scripts/setup-e2e.sh (apt packages + code-server, cached) -> npm run build / package when the .vsix is
// missing or older than the sources -> esbuild the in-host suite and the test-only runner extension -> mocha over
// test/e2e/**/*.e2e.ts, test/e2e/**/*.test.ts and test/inhost/*.e2e.ts (tsx). Screenshots and logs: test-results/e2e/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const VSIX = path.join(ROOT, 'dist', 'docs-to-confluence.vsix');
const t0 = Date.now();
const timings = {};

const step = (msg) => console.log(`\n==> [e2e] ${msg}`);
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}
function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`[e2e] ${cmd} ${args.join(' ')} failed with exit code ${code}`);
    process.exit(code);
  }
}
function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}
function walk(dir, re, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(p, re, out);
    } else if (re.test(e.name)) out.push(p);
  }
  return out;
}

const argv = process.argv.slice(2);
const buildOnly = argv.includes('--build-only');
const passthrough = argv.filter((a) => a !== '--build-only');

// 1. code-server + apt packages (fast when cached)
if (!buildOnly && process.env.E2E_SKIP_SETUP !== '1') {
  step('setup: scripts/setup-e2e.sh (cached after the first run)');
  const t = Date.now();
  must('bash', [path.join(ROOT, 'scripts', 'setup-e2e.sh')]);
  timings.setupMs = Date.now() - t;
}

// 2. the .vsix under test
if (!buildOnly) {
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src')),
    newestMtime(path.join(ROOT, 'package.json')),
    newestMtime(path.join(ROOT, 'media')),
    newestMtime(path.join(ROOT, '.vscodeignore')),
  );
  if (!existsSync(VSIX) || statSync(VSIX).mtimeMs < sources) {
    step(`build + package (${existsSync(VSIX) ? 'the .vsix is older than the sources' : 'no .vsix yet'})`);
    const t = Date.now();
    must('npm', ['run', 'build']);
    must('npm', ['run', 'package'], { stdio: ['ignore', 'inherit', 'inherit'] });
    timings.packageMs = Date.now() - t;
  } else {
    step(`using ${path.relative(ROOT, VSIX)} (${(statSync(VSIX).size / 1024).toFixed(1)} KB, newer than the sources)`);
  }
}

// 3. in-host suite + the test-only runner extension (esbuild; never part of the .vsix)
step('build the in-host suite and the runner extension (out/inhost)');
{
  const t = Date.now();
  const { build } = require('esbuild');
  const out = path.join(ROOT, 'out', 'inhost');
  rmSync(out, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning' };
  const suiteDir = path.join(ROOT, 'test', 'inhost', 'suite');
  const entries = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(suiteDir, f));
  await build({ ...common, entryPoints: entries, outdir: path.join(out, 'suite') });
  const runnerSrc = path.join(ROOT, 'test', 'inhost', 'runner-extension');
  await build({ ...common, entryPoints: [path.join(runnerSrc, 'extension.ts')], outfile: path.join(out, 'runner-extension', 'extension.js') });
  mkdirSync(path.join(out, 'runner-extension'), { recursive: true });
  copyFileSync(path.join(runnerSrc, 'package.json'), path.join(out, 'runner-extension', 'package.json'));
  console.log(`built ${entries.length} in-host test files and the runner extension in ${Date.now() - t} ms`);
}
if (buildOnly) process.exit(0);

// 4. the specs
// *.e2e.ts drive VS Code; test/e2e/*.test.ts are other browser checks (e.g. the local server's web view in Chromium).
const SPEC = /\.(e2e|test)\.ts$/;
const specArgs = passthrough.filter((a) => SPEC.test(a));
const mochaArgs = passthrough.filter((a) => !SPEC.test(a));
const specs = specArgs.length
  ? specArgs
  : [
      ...walk(path.join(ROOT, 'test', 'e2e'), SPEC).filter((f) => !f.includes(`${path.sep}harness${path.sep}`)),
      ...walk(path.join(ROOT, 'test', 'inhost'), /\.e2e\.ts$/),
    ]
      .map((f) => path.relative(ROOT, f))
      .sort((a, b) => (a.includes('foundation') ? -1 : b.includes('foundation') ? 1 : a.localeCompare(b)));
if (!specs.length) {
  console.error('[e2e] no spec files (*.e2e.ts) found');
  process.exit(1);
}
step(`mocha: ${specs.join(' ')}`);
const t = Date.now();
const code = run(process.execPath, [
  require.resolve('mocha/bin/mocha.js'),
  '--no-config',
  '--no-package',
  '--require', 'tsx/cjs',
  '--extension', 'ts',
  '--timeout', '180000',
  '--reporter', 'spec',
  '--exit',
  ...mochaArgs,
  ...specs,
]);
timings.mochaMs = Date.now() - t;
timings.totalMs = Date.now() - t0;
step(`done: exit ${code}; ${Object.entries(timings).map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}s`).join(' ')}; screenshots and logs in test-results/e2e/`);
process.exit(code);
