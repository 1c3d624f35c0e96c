#!/usr/bin/env node
// Makes the npm package of the `confluence` CLI: one self-contained bundle (dist/cli.js, production build), README,
// LICENSE, CHANGELOG and the sample docs `confluence demo` publishes (samples/docs, ~30 KB), with a manifest that declares no dependencies (everything is bundled, so
// `npm install -g docs-to-confluence` / `npx docs-to-confluence` installs one package, offline-capable from the .tgz).
//
//   node scripts/pack-cli.mjs                       # dist/cli.js -> dist/docs-to-confluence-<version>.tgz
//   node scripts/pack-cli.mjs --cli <file> --out <dir>   # another bundle / destination (tests)
//   node scripts/pack-cli.mjs --refuse-root  # `prepack` / `prepublishOnly`: refuse packing the repository itself
//
// The repository's package.json is the extension's manifest and declares the bundled packages as `dependencies`
// (scripts/check-deps.mjs keeps them honest); publishing it as is would make every CLI install download them all.
// So the npm package gets its own manifest, derived here, and is published with `npm publish <the .tgz>`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_BUDGET = 2_000_000; // bytes (issue 16)
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const fail = (message) => {
  console.error(`pack-cli: ${message}`);
  process.exit(1);
};

if (process.argv.includes('--refuse-root')) {
  fail('packing the repository folder would ship sources, tests and the extension\'s manifest, with every bundled package ' +
    'as a dependency. The CLI\'s npm package is made by `npm run package` (or `npm run pack:cli`) as ' +
    'dist/docs-to-confluence-<version>.tgz: publish that file (npm publish dist/docs-to-confluence-<version>.tgz).');
}

const RENDERER_PACKAGES = ['mermaid', 'playwright-core', 'mathjax-full'];
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const cli = resolve(arg('--cli') ?? join(ROOT, 'dist', 'cli.js'));
const out = resolve(arg('--out') ?? join(ROOT, 'dist'));

// 1. The bundle must be the production build and need nothing but Node's own modules.
if (!existsSync(cli)) fail(`${cli} does not exist: run \`node scripts/build.mjs --production\` (or npm run package) first`);
const code = readFileSync(cli, 'utf8');
if (!code.startsWith('#!/usr/bin/env node\n')) fail(`${cli} has no #!/usr/bin/env node line: build it with scripts/build.mjs`);
if (/sourceMappingURL=/.test(code.slice(-500)) || code.length / code.split('\n').length < 500) {
  fail(`${cli} is a development build (linked source map, not minified): run \`node scripts/build.mjs --production\``);
}
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const external = [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))].filter((m) => !builtins.has(m));
if (external.length) fail(`${cli} loads packages at run time (${external.join(', ')}): the npm package declares no dependencies, so they must be bundled`);

// 2. Stage the package with its own manifest.
const stage = join(out, 'npm-package');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist'), { recursive: true });
copyFileSync(cli, join(stage, 'dist', 'cli.js'));
for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md']) copyFileSync(join(ROOT, f), join(stage, f));
cpSync(join(ROOT, 'samples', 'docs'), join(stage, 'samples', 'docs'), { recursive: true, filter: (src) => !src.endsWith('.confluence-mapping.json') });
const manifest = {
  name: pkg.name,
  version: pkg.version,
  description: 'The `confluence` command: publish Markdown docs from git to Atlassian Confluence (Cloud and Data Center) — plan, sync, secret scan, CI annotations.',
  license: pkg.license,
  keywords: [...pkg.keywords, 'cli', 'ci', 'github-actions'],
  homepage: pkg.homepage,
  bugs: pkg.bugs,
  repository: pkg.repository,
  engines: { node: pkg.engines.node },
  bin: { confluence: 'dist/cli.js' },
  // Diagram renderers are too big to bundle (mermaid ~70 MB installed): optional peers, found at run time when
  // installed beside the CLI (`npm install -g mermaid playwright-core mathjax-full`, or in the project); without
  // them diagrams are published as code blocks with a warning naming that command (src/cli/diagrams/runtime.ts).
  peerDependencies: Object.fromEntries(RENDERER_PACKAGES.map((name) => [name, pkg.devDependencies[name]])),
  peerDependenciesMeta: Object.fromEntries(RENDERER_PACKAGES.map((name) => [name, { optional: true }])),
  files: ['dist/cli.js', 'CHANGELOG.md', 'samples/docs'],
};
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

// 3. npm pack, then check what it made.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: stage, encoding: 'utf8', shell: process.platform === 'win32' });
if (r.status !== 0) fail(`npm pack failed (exit ${r.status}):\n${r.stderr}`);
const [info] = JSON.parse(r.stdout);
rmSync(stage, { recursive: true, force: true });
const tarball = join(out, info.filename);
const files = info.files.map((f) => f.path).sort();
const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json'];
const missing = expected.filter((f) => !files.includes(f));
const extra = files.filter((f) => !expected.includes(f) && !f.startsWith('samples/docs/'));
if (missing.length || extra.length) fail(`${tarball}: missing ${missing.join(', ') || 'nothing'}; unexpected ${extra.join(', ') || 'nothing'}`);
const size = statSync(tarball).size;
if (size > TARBALL_BUDGET) fail(`${tarball} is ${size} bytes, over its budget of ${TARBALL_BUDGET}`);
console.log(`pack-cli: ${tarball} (${(size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked, ${files.length} files, no dependencies; optional peers: ${RENDERER_PACKAGES.join(', ')})`);
