import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBrowser } from '../../src/cli/diagrams/runtime';
import { useCliHarness, type Harness } from './cli-client-harness';

// Issue 14: Mermaid diagrams published as SVG attachments + image macros (a headless Chromium on this machine,
// launched once per run), as code blocks with a warning without one, and not rendered or uploaded again on a re-run.

const DOC = [
  '# Architecture',
  '',
  '```mermaid',
  'graph TD',
  '  A[Client] --> B[Server]',
  '```',
  '',
  'Between the diagrams.',
  '',
  '```mermaid',
  'sequenceDiagram',
  '  Alice->>Bob: Hello',
  '```',
  '',
].join('\n');

const auth = 'Basic ' + Buffer.from('demo@example.com:local-dev-token').toString('base64');

async function get<T>(h: Harness, path: string): Promise<T> {
  const res = await fetch(`${h.server.cloudBaseUrl}${path}`, { headers: { authorization: auth, accept: 'application/json' } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function pageOf(h: Harness, file: string): Promise<{ body: string; attachments: Array<{ title: string; mediaType: string }> }> {
  const id = h.mapping()[file].page_id;
  const page = await get<{ body: { storage: { value: string } } }>(h, `/api/v2/pages/${id}?body-format=storage`);
  const atts = await get<{ results: Array<{ title: string; mediaType: string }> }>(h, `/api/v2/pages/${id}/attachments`);
  return { body: page.body.storage.value, attachments: atts.results };
}

function writeDoc(h: Harness): void {
  mkdirSync(join(h.root, 'docs'), { recursive: true });
  writeFileSync(join(h.root, 'docs/architecture.md'), DOC);
}

describe('diagrams: Mermaid blocks published through the CLI (local server)', function () {
  this.timeout(180_000);
  const h = useCliHarness({ samples: false });
  const browser = findBrowser(undefined, process.env);

  it('two Mermaid diagrams become two SVG attachments and image macros; a re-run renders and uploads nothing', async function () {
    if (!browser) this.skip(); // no Chromium on this machine (CI installs one: scripts/setup-e2e.sh)
    writeDoc(h);
    const first = await h.cli(['sync', '--verbose']);
    assert.equal(first.code, 0, first.err);
    assert.doesNotMatch(first.err, /diagram-not-rendered/);
    const page = await pageOf(h, 'docs/architecture.md');
    const svgs = page.attachments.filter((a) => /^diagram-[0-9a-f]{16}\.svg$/.test(a.title));
    assert.equal(svgs.length, 2, JSON.stringify(page.attachments));
    for (const a of svgs) {
      assert.match(a.mediaType, /svg/);
      assert.ok(page.body.includes(`<ri:attachment ri:filename="${a.title}" />`), page.body);
    }
    // the source with its line breaks in the alt text (the server keeps &#10;): import reads the fenced block back
    assert.equal(page.body.match(/<ac:image ac:alt="graph TD&#10;  A\[Client\] --&gt; B\[Server\]">/g)?.length, 1, page.body);
    assert.doesNotMatch(page.body, /ac:name="code"/);
    const cache = readdirSync(join(h.root, '.confluence/diagrams'));
    assert.equal(cache.filter((f) => f.endsWith('.svg')).length, 2);

    // a re-run: every diagram comes from the cache (the renderer would fail if it started: no browser there)
    const since = h.server.requestLog.length;
    const again = await h.cli(['sync', '--verbose'], { CONFLUENCE_BROWSER: '/nonexistent/chromium' });
    assert.equal(again.code, 0, again.err);
    assert.doesNotMatch(again.err, /rendered \d+ mermaid|could not render|diagram-not-rendered/);
    assert.deepEqual(h.writes(since), [], 'nothing written on the re-run');
  });

  it('status, render and create read the render cache: a document published with diagrams is in sync right after', async function () {
    if (!browser) this.skip();
    writeDoc(h);
    const first = await h.cli(['sync']);
    assert.equal(first.code, 0, first.err);
    // offline status never starts a browser: the cached images hash as published (also with no browser at all)
    for (const env of [{}, { CONFLUENCE_BROWSER: 'none' }]) {
      const status = await h.cli(['status', '--json'], env);
      assert.equal(status.code, 0, status.err);
      const rows = (JSON.parse(status.out) as { files: Array<{ file: string; state: string }> }).files;
      assert.equal(rows.find((r) => r.file === 'docs/architecture.md')?.state, 'in-sync', status.out);
    }
    // render shows the storage sync publishes (image macros from the cache, no browser needed)
    const render = await h.cli(['render', 'docs/architecture.md'], { CONFLUENCE_BROWSER: '/nonexistent/chromium' });
    assert.equal(render.code, 0, render.err);
    assert.equal(render.out.match(/<ri:attachment ri:filename="diagram-[0-9a-f]{16}\.svg" \/>/g)?.length, 2, render.out);
    assert.doesNotMatch(render.err, /diagram-not-rendered/);
    // import (storage -> Markdown over HTTP) gives back the fenced blocks, not image links
    const imported = await h.cli(['import', '--out', 'imported']);
    assert.equal(imported.code, 0, imported.err);
    const files = readdirSync(join(h.root, 'imported'), { recursive: true }).map(String).filter((f) => f.endsWith('.md'));
    const text = files.map((f) => readFileSync(join(h.root, 'imported', f), 'utf8')).find((t) => t.includes('Between the diagrams'));
    assert.ok(text?.includes(DOC.slice(DOC.indexOf('```mermaid'))), `${files.join(', ')}\n${text}`);
    // a single-page create uploads the diagrams with the page
    const created = await h.cli(['create', '--title', 'Diagrams by create', '--body-file', 'docs/architecture.md', '--json']);
    assert.equal(created.code, 0, created.err);
    const id = (JSON.parse(created.out) as { pageId: string }).pageId;
    const atts = await get<{ results: Array<{ title: string }> }>(h, `/api/v2/pages/${id}/attachments`);
    assert.equal(atts.results.filter((a) => /^diagram-[0-9a-f]{16}\.svg$/.test(a.title)).length, 2, JSON.stringify(atts.results));
  });

  it('without a browser the diagrams are published as code blocks with a warning (never a failed publish)', async () => {
    writeDoc(h);
    const run = await h.cli(['sync'], { CONFLUENCE_BROWSER: 'none' });
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /warning: docs\/architecture\.md:3: mermaid diagram published as a code block: no Chromium or Chrome found .*\[diagram-not-rendered\]/);
    assert.match(run.err, /docs\/architecture\.md:10: mermaid diagram published as a code block/);
    const page = await pageOf(h, 'docs/architecture.md');
    assert.equal(page.attachments.length, 0);
    assert.equal(page.body.match(/<ac:structured-macro ac:name="code"/g)?.length, 2, page.body);
    assert.ok(page.body.includes('Alice-&gt;&gt;Bob: Hello') || page.body.includes('Alice->>Bob: Hello'), page.body);
    assert.ok(!existsSync(join(h.root, '.confluence/diagrams')));
  });
});
