import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DIAGRAM_CACHE_DIR, diagramKey, MemoryFileSystem } from '../../../src/core';
import { EditorWork, type EditorJob, type PreviewResult } from '../../../src/extension/editorWork/editorJobs';
import { sectionBoundaries } from '../../../src/extension/editorWork/previewSections';
import { mulberry32 } from '../../../src/server/faults';
import { largeDocument } from '../../fixtures/largeDocument';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const files = (): MemoryFileSystem => new MemoryFileSystem({
  '/ws/docs/b.md': '# Bee page\n\n## Part\n',
  '/ws/docs/img/a.png': PNG,
  '/ws/docs/other/a.png': new Uint8Array([...PNG, 1]),
});
const job = (text: string, over: Partial<EditorJob> = {}): EditorJob => ({
  text, rel: 'docs/a.md', site: { root: '/ws', spaceKey: 'DOCS', docsRoot: 'docs' }, unsaved: {}, ...over,
});

/** Pages with everything whose reach goes beyond a section, each a trap for converting a section alone. */
const PAGES: Record<string, string> = {
  plain: largeDocument(12_000),
  frontMatterTitle: '---\ntitle: Front title\nlabels: [a]\n---\n# First H1\n\nintro text\n\n## A\n\ntext [link](#b) and more\n\n## B\n\nbody of b\n',
  h1Sections: '# One\n\npara one\n\n# Two\n\npara two\n\n# Three\n\npara three\n',
  introThenTitle: 'Intro text before any heading\n\n# Title\n\n## A\n\nbody a\n\n## B\n\nbody b\n',
  fences: '## A\n\n```md\n\n## not a heading\n```\n\ntext a\n\n## B\n\n~~~\ncode\n\n# x\n~~~\n\n## C\n\ntext c\n',
  containers: ':::info\n\n## Inside\n\ntext\n:::\n\n## After\n\ntext after\n\n## Last\n\nend\n',
  html: '<div>\n\n## In div\n\ntext\n\n</div>\n\n## Out\n\n<!--\n\n## commented\n\n-->\n\n## C\n\ntext c\n',
  references: '## A\n\nsee [foo] and [bar][foo]\n\n## B\n\ntext b\n\n[foo]: https://example.com\n',
  footnotes: '## A\n\ntext[^1] here\n\n## B\n\nmore[^2]\n\n[^1]: first note\n[^2]: second note\n',
  setext: 'Title\n=====\n\n## A\n\npara\nline\n---\n\n## B\n\ntext b\n',
  images: '## A\n\n![x](img/a.png) text\n\n## B\n\n![y](other/a.png) more\n\n## C\n\n![z](img/a.png)\n',
  anchors: '## Alpha\n\n[to beta](#beta) and [exact](#Beta) text\n\n## Beta\n\n[to alpha](#alpha) and [gone](#nowhere)\n\n## Alpha\n\ndup\n',
  toc: '[[_TOC_]]\n\n## A\n\ntext a\n\n## B\n\ntext b\n',
  math: '## A\n\n$$\nx^2\n\n## y\n$$\n\n## B\n\ntext $a$ b\n',
  links: '# Links\n\n## A\n\n[b](b.md) and [part](b.md#part) and [missing](nope.md)\n\n## B\n\n[[Bee page]] text\n',
  crlf: '# CRLF\r\n\r\n## A\r\n\r\ntext a\r\n\r\n## B\r\n\r\ntext b\r\n',
  noFinalNewline: '# T\n\n## A\n\ntext a\n\n## B\n\nlast line without a break',
};

/** Edits that make and break headings, fences, HTML, links, footnotes, front matter and setext headings. */
const INSERTS = [' ', 'a', 'word ', '\n', '\n\n', '#', '## H\n', '# T\n', '`', '```\n', '~~~', '<div>', '<', '</div>', '<!--', '-->', '[', ']', '(x.md)', '(#alpha)', '-', '---\n', '=\n', '===', ':::', ':::info\n', '$$', '$', '*', '[^1]', '[foo]', '[foo]: /x\n', '\r\n', '![i](img/a.png)', '[[_TOC_]]\n', 'title: x\n'];

/** The host's side: the blocks it holds, patched with each answer. */
function apply(held: string[], r: PreviewResult): string[] {
  if (!r.patch) return r.blocks;
  const next = [...held];
  next.splice(r.patch.start, r.patch.deleteCount, ...r.patch && r.blocks);
  return next;
}

describe('preview fast path (a keystroke converts only its sections)', () => {
  for (const [name, page] of Object.entries(PAGES)) {
    it(`gives what converting the whole page gives, over random edits: ${name}`, () => {
      const next = mulberry32(name.length * 7919 + page.length);
      const fs = files();
      const work = new EditorWork(fs);
      let text = page;
      let held = apply([], work.preview(job(text, { incremental: { key: 'k', fresh: true } })));
      for (let n = 0; n < 120; n++) {
        const prev = text;
        const at = Math.floor(next() * (text.length + 1));
        if (next() < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
        else {
          // mostly the typing of text, sometimes something that reaches beyond its section
          const insert = next() < 0.6 ? 'abc '[Math.floor(next() * 4)] : INSERTS[Math.floor(next() * INSERTS.length)];
          text = text.slice(0, at) + insert + text.slice(at);
        }
        const r = work.preview(job(text, { incremental: { key: 'k' } }));
        const whole = new EditorWork(fs).preview(job(text));
        assert.equal(r.error, whole.error, `edit ${n}: error`);
        held = apply(held, r);
        if (JSON.stringify(held) !== JSON.stringify(whole.blocks)) {
          // the edit and the first block that differs (a whole page in the message is unreadable)
          const at = [...prev].findIndex((c, k) => c !== text[k]);
          const d = held.findIndex((b, k) => b !== whole.blocks[k]);
          assert.fail(`edit ${n} at ${at}: ${JSON.stringify(prev.slice(at - 80, at + 40))} -> ${JSON.stringify(text.slice(at - 80, at + 40))}; block ${d}: ${JSON.stringify(held.slice(d - 1, d + 2))}, whole page: ${JSON.stringify(whole.blocks.slice(d - 1, d + 2))}`);
        }
        assert.equal(r.title, whole.title, `edit ${n}: title`);
        assert.deepEqual([...r.warnings].sort(), [...whole.warnings].sort(), `edit ${n}: warnings of ${JSON.stringify(text)}`);
      }
    });
  }

  it('typing in a paragraph of a large page converts that section only and sends back one block', () => {
    const work = new EditorWork(files());
    let text = largeDocument(200_000);
    const first = work.preview(job(text, { incremental: { key: 'k', fresh: true } }));
    let held = first.blocks;
    const at = text.indexOf('Paragraph 500 ') + 'Paragraph 500 '.length;
    for (const ch of 'typed words') {
      text = `${text.slice(0, at)}${ch}${text.slice(at)}`;
      const r = work.preview(job(text, { incremental: { key: 'k' } }));
      // a space beside a space renders the same: no block at all
      assert.ok(r.patch && r.blocks.length <= 1, JSON.stringify(r.patch));
      held = apply(held, r);
    }
    assert.deepEqual(work.conversions.pages, 1, 'the page was converted once, at first');
    assert.deepEqual(held, new EditorWork(files()).preview(job(text)).blocks);
  });

  it('converts the whole page again after an edit of a heading, of another open document, or of the workspace', () => {
    const work = new EditorWork(files());
    const text = largeDocument(50_000);
    work.preview(job(text, { incremental: { key: 'k', fresh: true } }));
    const pages = (): number => work.conversions.pages;
    work.preview(job(text.replace('Paragraph 10 ', 'Paragraph 10 x'), { incremental: { key: 'k' } }));
    assert.equal(pages(), 1);
    work.preview(job(text.replace('## Section 10\n', '## Section 10 renamed\n'), { incremental: { key: 'k' } }));
    assert.equal(pages(), 2, 'a heading names anchors and the title');
    const unsaved = { '/ws/docs/b.md': '# Unsaved\n' };
    work.preview(job(text, { incremental: { key: 'k' }, unsaved }));
    assert.equal(pages(), 3, 'what links resolve to changed');
    work.preview(job(text.replace('Paragraph 11 ', 'Paragraph 11 y'), { incremental: { key: 'k' }, unsaved }));
    assert.equal(pages(), 3);
    work.invalidate();
    work.preview(job(text, { incremental: { key: 'k' }, unsaved }));
    assert.equal(pages(), 4, 'a file changed on disk');
  });

  it('a diagram typed in a section renders the page again once the host has rendered it (same text, asked again)', () => {
    const work = new EditorWork(files());
    const diagrams = { renderers: [{ id: 'mermaid', languages: ['mermaid'] }] };
    const root = mkdtempSync(path.join(tmpdir(), 'd2c-preview-'));
    const site = { root, spaceKey: 'DOCS', docsRoot: 'docs' };
    try {
      const page = (body: string): string => `# T\n\n## A\n\ntext a\n\n## B\n\n\`\`\`mermaid\n${body}\n\`\`\`\n\n## C\n\ntext c\n`;
      // the first diagram is in the render cache; the one typed is not, until the host renders it
      const render = (source: string): void => {
        const file = path.join(root, DIAGRAM_CACHE_DIR, `${diagramKey({ language: 'mermaid', source }, 'mermaid', 'default', 'svg')}.svg`);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>');
      };
      for (const source of ['graph TD; a-->b', 'graph TD; a-->b\n']) render(source);
      const first = work.preview(job(page('graph TD; a-->b'), { site, diagrams, incremental: { key: 'k', fresh: true } }));
      assert.equal(first.diagramsPending, undefined, 'the first diagram was in the cache');
      const typed = work.preview(job(page('graph TD; a-->c'), { site, diagrams, incremental: { key: 'k' } }));
      assert.equal(typed.diagramsPending, true);
      assert.equal(work.conversions.pages, 1, 'the typing converted the section alone');
      for (const source of ['graph TD; a-->c', 'graph TD; a-->c\n']) render(source);
      const again = work.preview(job(page('graph TD; a-->c'), { site, diagrams, incremental: { key: 'k' } }));
      assert.equal(work.conversions.pages, 2, 'asked again after the host rendered it: the page, with the new diagram');
      assert.equal(again.diagramsPending, undefined);
      assert.ok(again.blocks.join('').includes('<img'), JSON.stringify(again.blocks));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds sections at headings after a blank line, never inside fences, containers or math', () => {
    const text = '# T\n\nintro\n## not after blank\n\n## A\n\n```\n\n## in fence\n```\n\n:::info\n\n## in panel\n:::\n\n$$\n\n# in math\n$$\n\n   ## indented\n\n#no-space\n\n## B\n';
    const starts = sectionBoundaries(text, 0, text.length).map((s) => text.slice(s, text.indexOf('\n', s)));
    assert.deepEqual(starts, ['## A', '## B']);
  });
});
