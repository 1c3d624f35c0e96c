import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../src/core';
import { EditorWork, type EditorJob, topLevelBlocks } from '../../../src/extension/editorWork/editorJobs';
import { EditorWorkClient } from '../../../src/extension/editorWork/editorWorker';
import { OPEN_PLACEHOLDER } from '../../../src/extension/editorWork/placeholders';
import { blockPatch } from '../../../src/extension/model/previewHtml';

const cat = (...parts: string[]) => parts.join('');
const GH = cat('ghp', '_', 'Zq8Lm2Rt5Vx9Kc3Bn7Hd1Jf4Pw6Sy0Ga2TeX');

const job = (text: string, over: Partial<EditorJob> = {}): EditorJob => ({
  text, rel: 'docs/a.md', site: { root: '/ws', spaceKey: 'DOCS', docsRoot: 'docs' }, unsaved: {}, ...over,
});

/** A file system that counts reads of each path. */
function counting(files: Record<string, string>): { fs: MemoryFileSystem; reads: Map<string, number> } {
  const fs = new MemoryFileSystem(files);
  const reads = new Map<string, number>();
  const readText = fs.readText.bind(fs);
  fs.readText = (p: string) => {
    reads.set(p, (reads.get(p) ?? 0) + 1);
    return readText(p);
  };
  return { fs, reads };
}

describe('editor work (preview and Problems off the extension host)', () => {
  it('splits the page into top-level blocks that join back to the page', () => {
    const html = '<h1 id="x">A</h1>\n<p>one <b>two</b></p><hr /><ul><li>x</li></ul>text<table><tr><td>1</td></tr></table>';
    const blocks = topLevelBlocks(html);
    assert.deepEqual(blocks, ['<h1 id="x">A</h1>', '\n', '<p>one <b>two</b></p>', '<hr />', '<ul><li>x</li></ul>', 'text', '<table><tr><td>1</td></tr></table>']);
    assert.equal(blocks.join(''), html);
    assert.deepEqual(topLevelBlocks(''), []);
  });

  it('patches only the changed block: typing in one paragraph of a long page sends that paragraph', () => {
    const prev = Array.from({ length: 1000 }, (_, i) => `<p>paragraph ${i}</p>`);
    const next = [...prev];
    next[500] = '<p>paragraph 500, edited</p>';
    assert.deepEqual(blockPatch(prev, next), { start: 500, deleteCount: 1, blocks: ['<p>paragraph 500, edited</p>'] });
    assert.deepEqual(blockPatch(prev, [...prev.slice(0, 10), '<p>new</p>', ...prev.slice(10)]), { start: 10, deleteCount: 0, blocks: ['<p>new</p>'] });
    assert.deepEqual(blockPatch(prev, prev.slice(1)), { start: 0, deleteCount: 1, blocks: [] });
    assert.deepEqual(blockPatch(['<p>a</p>', '<p>a</p>'], ['<p>a</p>']), { start: 1, deleteCount: 1, blocks: [] });
  });

  it('reads a linked document once across renders, and again after invalidate()', () => {
    const { fs, reads } = counting({ '/ws/docs/b.md': '# Bee page\n\n## Part\n' });
    const work = new EditorWork(fs);
    const text = '# A\n\nSee [b](b.md) and [part](b.md#part).\n';
    for (let i = 0; i < 5; i++) {
      const r = work.preview(job(`${text}\nedit ${i}\n`));
      assert.equal(r.error, undefined);
      assert.ok(r.blocks.join('').includes(`${OPEN_PLACEHOLDER}${encodeURIComponent('docs/b.md')}`), r.blocks.join(''));
    }
    assert.equal(reads.get('/ws/docs/b.md'), 1);
    fs.writeFile('/ws/docs/b.md', '# Renamed page\n');
    assert.ok(work.preview(job(text)).blocks.join('').includes('Bee page'), 'cached until invalidated');
    work.invalidate();
    const after = work.preview(job(text)).blocks.join('');
    assert.ok(after.includes('Renamed page'), after);
    assert.equal(reads.get('/ws/docs/b.md'), 2);
  });

  it('an incremental preview answers only the changed blocks, which patch the previous answer into the full page', () => {
    const work = new EditorWork(new MemoryFileSystem({}));
    const sections = Array.from({ length: 200 }, (_, i) => `## Section ${i}\n\nParagraph ${i}.\n`);
    const text = (edit: string) => `# Big\n\n${sections.slice(0, 100).join('\n')}\n${edit}\n\n${sections.slice(100).join('\n')}`;
    const key = { key: 'a' };
    const first = work.preview(job(text('Typed'), { incremental: { ...key, fresh: true } }));
    assert.equal(first.patch, undefined);
    const second = work.preview(job(text('Typed more'), { incremental: key }));
    assert.ok(second.patch, 'a patch');
    assert.ok(second.blocks.length <= 2, JSON.stringify(second.blocks));
    const patched = [...first.blocks];
    patched.splice(second.patch.start, second.patch.deleteCount, ...second.blocks);
    assert.deepEqual(patched, work.preview(job(text('Typed more'))).blocks);
    assert.equal(work.preview(job(text('x'), { incremental: { ...key, fresh: true } })).patch, undefined, 'fresh: every block');
  });

  it('an unsaved linked document is read as the editor shows it; the workspace is read once per set of unsaved texts', () => {
    const { fs, reads } = counting({ '/ws/docs/b.md': '# Bee page\n', '/ws/docs/c.md': '# Sea page\n' });
    const work = new EditorWork(fs);
    const unsaved = { '/ws/docs/b.md': '# Unsaved title\n' };
    const html = work.preview(job('[b](b.md) [c](c.md)\n', { unsaved })).blocks.join('');
    assert.ok(html.includes('Unsaved title') && html.includes('Sea page'), html);
    const before = reads.get('/ws/docs/c.md');
    for (const typed of ['x', 'xy', 'xyz']) work.preview(job(`[b](b.md) [c](c.md) ${typed}\n`, { unsaved }));
    assert.equal(reads.get('/ws/docs/c.md'), before, 'typing in this document reads no other');
    assert.equal(work.resolversBuilt, 1, 'nor goes through every document\'s title again');
    const renamed = work.preview(job('[b](b.md)\n', { unsaved: { '/ws/docs/b.md': '# Renamed unsaved\n' } })).blocks.join('');
    assert.ok(renamed.includes('Renamed unsaved'), renamed);
    assert.equal(work.resolversBuilt, 2);
  });

  it('checks a document: missing links and likely secrets, blocking inside the docs root', async () => {
    const work = new EditorWork(new MemoryFileSystem({ '/ws/docs/b.md': '# B\n' }));
    const r = await work.check(job(`# A\n\n[gone](missing.md)\n\ntoken = ${GH}\n`));
    assert.ok(r.warnings.some((w) => w.line === 3), JSON.stringify(r.warnings));
    assert.equal(r.secrets.length, 1);
    assert.equal(r.secrets[0].line, 5);
    assert.equal(r.published, true);
    assert.equal((await work.check(job(`x ${GH}\n`, { rel: 'notes/n.md' }))).published, false);
  });

  it('runs the latest job of a document: jobs asked for while one runs collapse into the newest', async () => {
    const texts: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const client = new EditorWorkClient({
      inThread: () => ({
        preview: () => { throw new Error('not used'); },
        check: async (j: EditorJob) => {
          texts.push(j.text);
          if (texts.length === 1) await gate;
          return { warnings: [], secrets: [], published: true, failures: [j.text] };
        },
        invalidate: () => undefined,
      }),
    });
    const first = client.run('check', 'a', job('1'));
    const second = client.run('check', 'a', job('2'));
    const third = client.run('check', 'a', job('3'));
    const other = client.run('check', 'b', job('b'));
    release();
    assert.deepEqual((await first)?.failures, ['1']);
    assert.deepEqual((await second)?.failures, ['3']);
    assert.deepEqual((await third)?.failures, ['3']);
    assert.deepEqual((await other)?.failures, ['b']);
    assert.deepEqual(texts, ['1', 'b', '3']);
  });
});
