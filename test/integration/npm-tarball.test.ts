/**
 * Issue 16: the CLI's npm package installs into an empty folder offline (no dependencies: one bundle), gives the
 * `confluence` command, and the installed copy publishes to the local server. Run on the real artefact after
 * `npm run package` with CLI_TARBALL=dist (npm test does), else on a fresh production pack of the sources.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBrowser } from '../../src/cli/diagrams/runtime';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { packedCli, type PackedCli } from './packed-cli';

const REPO = join(__dirname, '../..');

describe('npm package of the CLI (installed from the tarball)', function () {
  this.timeout(180000);
  let cli: PackedCli;
  let server: LocalServer;
  let ws: string;

  before(async () => {
    cli = await packedCli();
    server = await startLocalServer();
    ws = mkdtempSync(join(tmpdir(), 'd2c-tarball-ws-'));
    cpSync(join(REPO, 'samples/docs'), join(ws, 'docs'), { recursive: true, filter: (src) => !src.endsWith('.confluence-mapping.json') });
  });
  after(async () => {
    await server?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      // The bin link itself (not `node cli.js`): checks the shebang and the executable mode.
      const child = spawn(cli.bin, args, { cwd: ws, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? ws, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const siteEnv = () => ({ CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' });

  it('is small, holds only the bundle, docs and samples, and declares no dependencies', () => {
    assert.ok(statSync(cli.tarball).size < 2_000_000, `${statSync(cli.tarball).size} bytes`);
    const manifest = JSON.parse(readFileSync(join(cli.packageDir, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.bin, { confluence: 'dist/cli.js' });
    assert.equal(manifest.dependencies, undefined);
    // the diagram renderers: optional peers (npm installs none of them; installed beside the CLI, they are used)
    assert.deepEqual(Object.keys(manifest.peerDependencies).sort(), ['mathjax-full', 'mermaid', 'playwright-core']);
    for (const name of Object.keys(manifest.peerDependencies)) assert.deepEqual(manifest.peerDependenciesMeta[name], { optional: true });
    assert.equal(manifest.contributes, undefined, 'not the extension manifest');
    assert.deepEqual(readdirSync(cli.packageDir).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json', 'samples']);
    assert.deepEqual(readdirSync(join(cli.packageDir, 'dist')), ['cli.js']);
    // Nothing else was installed next to it.
    assert.deepEqual(readdirSync(join(cli.app, 'node_modules')).filter((n) => !n.startsWith('.')), ['docs-to-confluence']);
    const code = readFileSync(join(cli.packageDir, 'dist/cli.js'), 'utf8');
    assert.ok(code.startsWith('#!/usr/bin/env node\n'));
    assert.doesNotMatch(code.slice(-500), /sourceMappingURL/);
  });

  it('`confluence --version` and `npx docs-to-confluence --version` print the package version', async () => {
    const r = await run(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), cli.version);
    const npx = spawnSync('npx', ['--offline', '--no-install', 'docs-to-confluence', '--version'], { cwd: cli.app, encoding: 'utf8' });
    assert.equal(npx.status, 0, npx.stderr);
    assert.equal(npx.stdout.trim(), cli.version);
  });

  it('the installed copy publishes the samples (pages and an image attachment) and a re-plan is all unchanged', async () => {
    const sync = await run(['sync', '--json'], siteEnv());
    assert.equal(sync.status, 0, sync.stderr);
    const report = JSON.parse(sync.stdout);
    const files = readdirSync(join(REPO, 'samples/docs'), { recursive: true }).filter((f) => String(f).endsWith('.md'));
    assert.equal(report.summary.created, report.results.filter((r: { action: string }) => r.action === 'created').length);
    assert.ok(report.summary.created >= files.length, JSON.stringify(report.summary));
    assert.ok(existsSync(join(ws, 'docs/.confluence-mapping.json')));
    // The multipart upload goes through the bundle's FormData path (form-data is aliased to Node's FormData).
    const uploads = server.requestLog.filter((r) => (r.method === 'POST' || r.method === 'PUT') && /\/child\/attachment$/.test(r.path));
    assert.ok(uploads.length >= 1, 'the sample image was uploaded');
    assert.ok(uploads.every((r) => r.status < 300), JSON.stringify(uploads));
    const plan = await run(['plan', '--json'], siteEnv());
    assert.equal(plan.status, 0, plan.stderr);
    const summary = JSON.parse(plan.stdout).summary;
    assert.equal(summary.unchanged, report.summary.created, JSON.stringify(summary));
  });

  it('offline status keeps a document index, and it sees an edit even behind a modification time put back', async () => {
    const offline = { ...siteEnv(), CONFLUENCE_URL: '' };
    // a whole second as its modification time: put back exactly below
    const file = join(ws, 'docs/guides/alerting.md');
    const when = Math.floor(Date.now() / 1000) - 60;
    utimesSync(file, when, when);
    // files changed in the last 2 s (the copied samples, that change of time) are not indexed
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const states = async () => {
      const r = await run(['status', '--json'], offline);
      assert.equal(r.status, 0, r.stderr);
      return Object.fromEntries((JSON.parse(r.stdout).files as Array<{ file: string; state: string }>).map((f) => [f.file, f.state]));
    };
    const first = await states();
    assert.ok(Object.values(first).every((s) => s === 'in-sync' || s === 'excluded'), JSON.stringify(first));
    const cache = join(ws, '.confluence/cache');
    assert.ok(readdirSync(cache).some((f) => /^documents-[0-9a-f]\.json$/.test(f)), readdirSync(cache).join(' '));
    assert.deepEqual(await states(), first, 'the same answer from the index');
    // same size, same modification time: only the change time (and the content) tell
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('three times', 'three tymes');
    assert.equal(edited.length, text.length);
    writeFileSync(file, edited);
    utimesSync(file, when, when);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    const after = await states();
    assert.equal(after['docs/guides/alerting.md'], 'changed');
    writeFileSync(file, text);
  });

  it('diagrams: without the renderer packages a warning names the install command; installed beside the CLI they render', async function () {
    writeFileSync(join(ws, 'docs/diagram.md'), '# Diagram\n\n```mermaid\ngraph TD\n  A --> B\n```\n');
    const bare = await run(['sync'], siteEnv());
    assert.equal(bare.status, 0, bare.stderr);
    assert.match(bare.stderr, /docs\/diagram\.md:3: mermaid diagram published as a code block: mermaid and playwright-core are not installed next to the CLI: npm install -g mermaid playwright-core/);
    const browser = findBrowser(undefined, process.env);
    if (!browser) this.skip();
    // `npm install mermaid playwright-core` beside it (offline here: links to the repository's copies)
    for (const name of ['mermaid', 'playwright-core']) symlinkSync(join(REPO, 'node_modules', name), join(cli.app, 'node_modules', name), 'dir');
    try {
      writeFileSync(join(ws, 'docs/diagram.md'), '# Diagram\n\n```mermaid\ngraph TD\n  A --> C\n```\n');
      const rendered = await run(['sync'], { ...siteEnv(), CONFLUENCE_BROWSER: browser });
      assert.equal(rendered.status, 0, rendered.stderr);
      assert.doesNotMatch(rendered.stderr, /diagram-not-rendered/);
      assert.equal(readdirSync(join(ws, '.confluence/diagrams')).filter((f) => f.endsWith('.svg')).length, 1);
    } finally {
      for (const name of ['mermaid', 'playwright-core']) rmSync(join(cli.app, 'node_modules', name), { force: true });
    }
  });
});
