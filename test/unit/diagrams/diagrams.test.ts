import assert from 'node:assert/strict';
import { convertMarkdown } from '../../../src/core/markdown';
import { collectDiagramBlocks, mayHoldDiagrams } from '../../../src/core/diagrams/collect';
import { diagramAttachmentName, diagramKey } from '../../../src/core/diagrams/keys';
import { diagramLookup } from '../../../src/core/diagrams/lookup';
import { prepareDiagrams, type DiagramSetup } from '../../../src/core/diagrams/prepare';
import type { DiagramBlock, DiagramRenderer, RenderOutcome } from '../../../src/core/diagrams/types';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { parseConfigText } from '../../../src/core/sync/config';
import { AttachmentGuard } from '../../../src/core/files/attachmentGuard';

/** A renderer that records what it was asked; `graph BROKEN` is a syntax error on the diagram's line 2. */
class FakeRenderer implements DiagramRenderer {
  readonly languages = ['mermaid'];
  calls: DiagramBlock[][] = [];
  constructor(readonly id = 'mermaid@11.0.0') {}
  async renderMany(blocks: DiagramBlock[]): Promise<RenderOutcome[]> {
    this.calls.push(blocks);
    return blocks.map((b) => (b.source.includes('BROKEN') ? { error: 'Parse error on line 2', line: 2 } : { svg: `<svg xmlns="http://www.w3.org/2000/svg"><!--${b.source.length}--></svg>` }));
  }
}

const ROOT = '/ws';
const DOC = '# T\n\n```mermaid\ngraph TD\n  A-->B\n```\n\n```mermaid\ngraph TD\n  BROKEN\n```\n';

function setup(renderers: DiagramRenderer[], config: DiagramSetup['config'] = {}): DiagramSetup {
  return { root: ROOT, fs: new MemoryFileSystem({ '/ws/docs/a.md': DOC }), config, renderers };
}

describe('diagrams: cache keys, render cache, fallback', () => {
  it('keys depend on source, renderer version, theme and format; names come from the key', () => {
    const b = { language: 'mermaid', source: 'graph TD\n  A-->B\n' };
    const k = diagramKey(b, 'mermaid@11.0.0', 'default', 'svg');
    assert.match(k, /^[0-9a-f]{64}$/);
    assert.equal(diagramKey({ ...b }, 'mermaid@11.0.0', 'default', 'svg'), k);
    assert.notEqual(diagramKey({ ...b, source: 'graph LR\n  A-->B\n' }, 'mermaid@11.0.0', 'default', 'svg'), k);
    assert.notEqual(diagramKey(b, 'mermaid@11.1.0', 'default', 'svg'), k);
    assert.notEqual(diagramKey(b, 'mermaid@11.0.0', 'dark', 'svg'), k);
    assert.notEqual(diagramKey(b, 'mermaid@11.0.0', 'default', 'png'), k);
    assert.equal(diagramAttachmentName(b, k, 'svg'), `diagram-${k.slice(0, 16)}.svg`);
  });

  it('renders once for all documents, then only from the cache; a syntax error is a warning on its line', async () => {
    const r = new FakeRenderer();
    const s = setup([r]);
    const first = await prepareDiagrams(s, [DOC, DOC]);
    assert.deepEqual(first, { rendered: 2, cached: 0 });
    assert.equal(r.calls.length, 1, 'one renderMany call for all documents (one browser start)');
    assert.equal(r.calls[0].length, 2, 'the same diagram twice is rendered once');
    const again = await prepareDiagrams(s, [DOC]);
    assert.deepEqual(again, { rendered: 0, cached: 2 });
    assert.equal(r.calls.length, 1, 'nothing rendered on the re-run');

    const result = convertMarkdown(DOC, { path: 'docs/a.md', diagrams: diagramLookup(s) });
    assert.equal(result.attachments.length, 1);
    const att = result.attachments[0];
    assert.match(att.path, /^\.confluence\/diagrams\/[0-9a-f]{64}\.svg$/);
    assert.match(att.name, /^diagram-[0-9a-f]{16}\.svg$/);
    assert.ok(result.storage.includes(`<p><ac:image ac:alt="graph TD&#10;  A--&gt;B"><ri:attachment ri:filename="${att.name}" /></ac:image></p>`), result.storage);
    assert.deepEqual(
      result.warnings.map((w) => `${w.line}: ${w.code}`),
      ['10: diagram-invalid'],
      'the broken diagram: its fence is on line 8, its line 2 is file line 10',
    );
    assert.match(result.storage, /<ac:structured-macro ac:name="code"[^]*BROKEN/);
  });

  it('source for readers: an expand with the source (diagrams.source: expand), no alt text', async () => {
    const r = new FakeRenderer();
    const s = setup([r], { source: 'expand' });
    await prepareDiagrams(s, [DOC]);
    const result = convertMarkdown(DOC, { path: 'docs/a.md', diagrams: diagramLookup(s) });
    assert.match(result.storage, /<ac:image><ri:attachment/);
    assert.match(result.storage, /ac:name="expand"[^>]*><ac:parameter ac:name="title">Mermaid source<\/ac:parameter>/);
  });

  it('without a renderer (or without the lookup) a diagram is a code block with a diagram-not-rendered warning', () => {
    const none = convertMarkdown(DOC, { path: 'docs/a.md', diagrams: diagramLookup({ ...setup([]), unavailable: { mermaid: 'no Chromium found' } }) });
    assert.equal(none.attachments.length, 0);
    assert.deepEqual(none.warnings.map((w) => `${w.line}: ${w.code}: ${w.message}`), [
      '3: diagram-not-rendered: mermaid diagram published as a code block: no Chromium found',
      '8: diagram-not-rendered: mermaid diagram published as a code block: no Chromium found',
    ]);
    assert.equal(none.storage.match(/ac:name="code"/g)?.length, 2);
    const bare = convertMarkdown(DOC, { path: 'docs/a.md' });
    assert.equal(bare.warnings.filter((w) => w.code === 'diagram-not-rendered').length, 2);
  });

  it('the text pre-check never misses a diagram the parser finds (lists, quotes, long fences, any case), and skips plain code', () => {
    const docs = [
      '```mermaid\ngraph TD\n```\n',
      '- item\n\n  ```Mermaid {theme=dark}\n  graph TD\n  ```\n',
      '> ~~~~ plantuml\n> @startuml\n> ~~~~\n',
      '1. x\n   > ````puml\n   > a -> b\n   > ````\n',
      'Cost: $$x^2$$\n',
    ];
    for (const d of docs) {
      assert.equal(collectDiagramBlocks(d).length, 1, `the parser finds the block in ${JSON.stringify(d)}`);
      assert.equal(mayHoldDiagrams(d), true, JSON.stringify(d));
    }
    assert.equal(mayHoldDiagrams('```ts\nconst a = 1;\n```\n```mermaid-js\n```\n'), false, 'plain code and other languages are not parsed');
    assert.equal(mayHoldDiagrams('price $5', new Set(['mermaid'])), false, 'a dollar sign matters only when math is wanted');
    assert.equal(mayHoldDiagrams('```bash\n$ npm test\n```\nIt costs $ 5.\n'), false, 'a shell prompt or a spaced price is no math');
    assert.equal(mayHoldDiagrams('Inline $x^2$ here.\n'), true);
    for (const d of ['a $b$ c\n', '$$\nx\n$$\n', 'x $\\alpha + 1$.\n', '- $y$\n']) {
      assert.equal(collectDiagramBlocks(d).length, 1, `math found in ${JSON.stringify(d)}`);
      assert.equal(mayHoldDiagrams(d, new Set(['math'])), true, JSON.stringify(d));
    }
    assert.deepEqual(collectDiagramBlocks('```mermaid\ngraph\n```\n\n$$x$$\n', new Set(['mermaid'])), [{ language: 'mermaid', source: 'graph\n' }]);
  });

  it('with no renderer usable (offline status) no document is parsed for diagrams', async () => {
    const r = new FakeRenderer();
    const offline = { ...setup([r]), unavailable: { mermaid: 'offline' } };
    let read = 0;
    const documents = function* () {
      read++;
      yield DOC;
    };
    assert.deepEqual(await prepareDiagrams(offline, documents()), { rendered: 0, cached: 0 });
    assert.equal(read, 0, 'the documents were not even read');
    assert.equal(r.calls.length, 0);
  });

  it('a renderer that cannot run here (no browser) is not started; diagrams it rendered before come from the cache', async () => {
    const r = new FakeRenderer();
    const s = setup([r]);
    await prepareDiagrams(s, [DOC]);
    // the same workspace later, offline / without a browser: the renderer only names the cache entries
    const offline = { ...s, unavailable: { mermaid: 'no Chromium or Chrome found' } };
    const more = DOC + '\n```mermaid\ngraph LR\n  X-->Y\n```\n';
    const prepared = await prepareDiagrams(offline, [more]);
    assert.deepEqual(prepared, { rendered: 0, cached: 0 });
    assert.equal(r.calls.length, 1, 'not asked again');
    const result = convertMarkdown(more, { path: 'docs/a.md', diagrams: diagramLookup(offline) });
    assert.equal(result.attachments.length, 1, 'the cached diagram is an image');
    assert.deepEqual(result.warnings.map((w) => `${w.line}: ${w.code}: ${w.message}`), [
      '10: diagram-invalid: mermaid diagram does not render (Parse error on line 2); published as a code block',
      '13: diagram-not-rendered: mermaid diagram published as a code block: no Chromium or Chrome found',
    ]);
  });

  it('a renderer that cannot start leaves the diagrams as code with its reason, not a failed publish', async () => {
    const broken: DiagramRenderer = { id: 'mermaid@x', languages: ['mermaid'], renderMany: () => Promise.reject(new Error('browser did not start')) };
    const s = setup([broken]);
    await prepareDiagrams(s, [DOC]);
    const result = convertMarkdown(DOC, { path: 'docs/a.md', diagrams: diagramLookup(s) });
    assert.match(result.warnings[0].message, /the mermaid@x renderer failed: browser did not start/);
  });

  it('the attachment guard lets rendered cache files through (hidden, git-ignored folder), nothing else there', async () => {
    const r = new FakeRenderer();
    const s = setup([r]);
    await prepareDiagrams(s, [DOC]);
    const path = convertMarkdown(DOC, { path: 'docs/a.md', diagrams: diagramLookup(s) }).attachments[0].path;
    const guard = new AttachmentGuard({ root: ROOT, fs: s.fs, git: false });
    assert.equal(guard.refusal(path), undefined);
    assert.ok(guard.refusal('.confluence/diagrams/notes.svg'));
  });

  it('config: diagrams: format, source, theme, browser, plantuml.command; bad values name the setting', () => {
    assert.deepEqual(parseConfigText('diagrams:\n  format: png\n  source: both\n  theme: dark\n  plantuml:\n    command: plantuml -tsvg -pipe\n').diagrams, {
      format: 'png', source: 'both', theme: 'dark', plantumlCommand: 'plantuml -tsvg -pipe',
    });
    assert.throws(() => parseConfigText('diagrams:\n  format: gif\n'), /\.confluence\.yml:2: `diagrams.format` must be svg or png/);
    assert.throws(() => parseConfigText('diagrams:\n  server: https://kroki.io\n'), /unknown setting `diagrams.server`/);
  });
});
