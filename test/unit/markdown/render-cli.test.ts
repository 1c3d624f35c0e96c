import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/program';
import { isWellFormedStorage } from '../../../src/core/storage';
import { corpusRoot } from '../../fixtures/corpus';

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe('confluence render', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'render-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'a.md'), '# Alpha\n\nSee [beta](b.md#details) and [gone](gone.md).\n');
    writeFileSync(join(dir, 'docs', 'b.md'), '# Beta\n\n## Details\n\n![pic](missing.png)\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints storage of a single file on stdout and warnings on stderr as file:line: message', async () => {
    const r = await run(dir, 'render', 'docs/a.md');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^<p>See /);
    assert.deepEqual(isWellFormedStorage(r.stdout), { ok: true });
    // b.md is not rendered with it but exists: its title and anchors are read from disk
    assert.match(r.stdout, /<ac:link ac:anchor="Details"><ri:page ri:content-title="Beta" \/>/);
    assert.equal(r.stderr, 'docs/a.md:3: link to "gone.md": docs/gone.md is not a document of this publish set; rendered as text (add it to the set or link to its URL) [link-unresolved]\n');
  });

  it('resolves links between the documents of a folder and writes one .xml per input', async () => {
    const r = await run(dir, 'render', 'docs', '--out', 'out');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['a.xml', 'b.xml']);
    const a = readFileSync(join(dir, 'out', 'a.xml'), 'utf8');
    assert.match(a, /<ac:link ac:anchor="Details"><ri:page ri:content-title="Beta" \/>/);
    assert.match(r.stderr, /docs\/a\.md:3: link to "gone\.md"/);
    assert.match(r.stderr, /docs\/b\.md:5: image "missing\.png" not found/);
    assert.doesNotMatch(r.stderr, /b\.md#details/);
  });

  it('--strict fails on warnings; a bad front matter fails the file with exit 1', async () => {
    assert.equal((await run(dir, 'render', 'docs', '--out', 'out', '--strict')).code, 1);
    writeFileSync(join(dir, 'docs', 'c.md'), '---\ntitle: [unclosed\n---\nbody\n');
    const r = await run(dir, 'render', 'docs', '--out', 'out');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: docs\/c\.md:[23]: invalid front matter: .*\(fix the YAML between the --- lines\)$/m);
    assert.match(r.stderr, /rendered 2 of 3 files/);
  });

  it('--heading-anchors and --code-languages datacenter shape the storage', async () => {
    writeFileSync(join(dir, 'docs', 'c.md'), '# C\n\n## Part one\n\n```ts\nlet x = 1;\n```\n');
    const r = await run(dir, 'render', 'docs/c.md', '--heading-anchors', '--code-languages', 'datacenter', '--line-numbers');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /<h2><ac:structured-macro ac:name="anchor"[^]*Part-one/);
    assert.match(r.stdout, /language">javascript<[^]*linenumbers">true</);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await run(dir, 'render', 'docs/nope.md')).code, 2);
    assert.equal((await run(dir, 'render', 'docs')).code, 2, 'several files need --out');
    assert.equal((await run(dir, 'render', 'docs/a.md', '--format', 'pdf')).code, 2);
  });

  it('renders html previews and markdown', async () => {
    const html = await run(dir, 'render', 'docs/b.md', '--format', 'html');
    assert.equal(html.code, 0);
    assert.match(html.stdout, /<style>[^]*\.cf-panel/);
    assert.match(html.stdout, /<h2 id="Details">Details<\/h2>/);
    const md = await run(dir, 'render', 'docs/b.md', '--format', 'markdown');
    assert.match(md.stdout, /^## Details/m);
    // page links point back at the Markdown files of the set
    const a = await run(dir, 'render', 'docs/a.md', '--format', 'markdown');
    assert.match(a.stdout, /\[beta\]\(\.\/b\.md#Details\)/);
  });

  it('renders the whole corpus with links resolved and no warnings', async () => {
    cpSync(corpusRoot, join(dir, 'handbook'), { recursive: true });
    const r = await run(dir, 'render', 'handbook', '--out', 'site', '--strict');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /rendered 54 of 54 files to site \(0 warnings\)/);
    const runbook = readFileSync(join(dir, 'site', 'runbooks', 'database-failover.xml'), 'utf8');
    assert.deepEqual(isWellFormedStorage(runbook), { ok: true });
    assert.match(runbook, /<ri:page ri:content-title="Runbook: Disk almost full" \/>/);
  });
});
