import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertMarkdown } from '../../../src/core/markdown';
import { convertStorageToMarkdown, isWellFormedStorage, storageToMarkdown } from '../../../src/core/storage';
import { goldenDir, goldenOptions } from '../markdown/goldenWorkspace';

// The forward converter reads the kept-storage forms back (src/core/markdown/rawStorage.ts), and Markdown -> storage
// -> Markdown -> storage is idempotent for the golden fixtures and for Markdown using the import forms.
const opts = { path: 'docs/a.md' };

describe('confluence-storage forms in Markdown', () => {
  it('a fenced block is written as it is', () => {
    const xml = '<ac:structured-macro ac:name="children"><ac:parameter ac:name="all">true</ac:parameter></ac:structured-macro>';
    assert.equal(convertMarkdown('```confluence-storage\n' + xml + '\n```\n', opts).storage, xml + '\n');
  });

  it('a block that is not well-formed is published as code, with a warning', () => {
    const r = convertMarkdown('```confluence-storage\n<ac:structured-macro ac:name="x">\n```\n', opts);
    assert.match(r.storage, /^<ac:structured-macro ac:name="code"/);
    assert.deepEqual(r.warnings.map((w) => w.code), ['storage-block-invalid']);
  });

  it('a comment with a stand-in: the XML replaces the text, also at the start of a paragraph, list item or cell', () => {
    const mention = '<!--confluence-storage <ac:link><ri:user ri:account-id="1" /></ac:link>-->@Jane<!--/confluence-storage-->';
    const xml = '<ac:link><ri:user ri:account-id="1" /></ac:link>';
    assert.equal(convertMarkdown(`${mention} wrote  \n${mention} too`, opts).storage, `<p>${xml} wrote<br />${xml} too</p>\n`);
    assert.equal(convertMarkdown(`- ${mention}\n- b`, opts).storage, `<ul>\n<li>${xml}</li>\n<li>b</li>\n</ul>\n`);
    assert.match(convertMarkdown(`| a |\n|---|\n| ${mention} |`, opts).storage, new RegExp(`<td>${xml.replace(/[()[\]]/g, '\\$&')}</td>`));
    assert.equal(convertMarkdown(`<table>\n<tr>\n<td>${mention}</td>\n</tr>\n</table>`, opts).storage, `<table><tbody><tr><td>${xml}</td>\n</tr>\n</tbody></table>\n`);
  });

  it('comments around Markdown: the tags are written around the converted content', () => {
    const md = '<!--confluence-storage <ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>-->\n\nLeft\n\n<!--confluence-storage </ac:layout-cell><ac:layout-cell>-->\n\nRight\n\n<!--confluence-storage </ac:layout-cell></ac:layout-section></ac:layout>-->\n';
    const r = convertMarkdown(md, opts);
    assert.equal(r.storage, '<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>Left</p>\n</ac:layout-cell><ac:layout-cell><p>Right</p>\n</ac:layout-cell></ac:layout-section></ac:layout>\n');
    assert.deepEqual(r.warnings, []);
  });

  it('warns when an edit broke the pairing of the comments', () => {
    const r = convertMarkdown('<!--confluence-storage <ac:layout><ac:layout-section><ac:layout-cell>-->\n\nLeft\n', opts);
    assert.deepEqual(r.warnings.map((w) => w.code), ['storage-comment-invalid']);
    assert.match(r.warnings[0].message, /ac:layout/);
  });

  it('attaches the files a kept element names, from the document folder', () => {
    const files: Record<string, Uint8Array> = { 'docs/spec.pdf': new Uint8Array([1]) };
    const md = '```confluence-storage\n<ac:structured-macro ac:name="view-file"><ac:parameter ac:name="name"><ri:attachment ri:filename="spec.pdf" /></ac:parameter></ac:structured-macro>\n```\n\n<!--confluence-storage <ac:image ac:align="left"><ri:attachment ri:filename="gone.png" /></ac:image>--><!--/confluence-storage-->';
    const r = convertMarkdown(md, { ...opts, readFile: (p) => files[p] });
    assert.deepEqual(r.attachments.map((a) => a.path), ['docs/spec.pdf']);
    assert.deepEqual(r.warnings.map((w) => w.code), ['attachment-missing']);
  });
});

describe('the report of unconverted elements', () => {
  it('names each element, kept or lost, through the callback and in the result', () => {
    const seen: string[] = [];
    const storage =
      '<p><span style="color: red;">red</span> <ac:structured-macro ac:name="status"><ac:parameter ac:name="title">OK</ac:parameter></ac:structured-macro></p>' +
      '<ac:structured-macro ac:name="gallery" /><table data-layout="wide"><tbody><tr><td>x</td></tr></tbody></table>';
    const result = convertStorageToMarkdown(storage, { onUnconverted: (u) => seen.push(`${u.kept ? 'kept' : 'lost'} ${u.element}`) });
    const expected = ['lost span', 'kept ac:structured-macro[ac:name=status]', 'kept ac:structured-macro[ac:name=gallery]', 'lost table'];
    assert.deepEqual(seen, expected);
    assert.deepEqual(result.unconverted.map((u) => `${u.kept ? 'kept' : 'lost'} ${u.element}`), expected);
    assert.match(result.unconverted[0].detail, /color/);
    assert.match(result.unconverted[3].detail, /layout "wide"/);
    assert.equal(storageToMarkdown(storage), result.markdown); // the string API is unchanged for existing callers
  });

  it('links by page id go through pageHref; without a target they are kept verbatim', () => {
    const storage = '<p><ac:link ac:anchor="Setup"><ri:content-entity ri:content-id="123" /><ac:plain-text-link-body><![CDATA[setup]]></ac:plain-text-link-body></ac:link></p>';
    const seen: unknown[] = [];
    const md = storageToMarkdown(storage, { pageHref: (...args) => (seen.push(args), args[3] === '123' ? 'guide/setup.md#setup' : undefined) });
    assert.deepEqual(seen, [['', undefined, 'Setup', '123']]);
    assert.equal(md, '[setup](guide/setup.md#setup)\n');
    const kept = convertStorageToMarkdown(storage);
    assert.equal(kept.markdown, `<!--confluence-storage ${storage.slice(3, -4)}-->setup<!--/confluence-storage-->\n`);
    assert.deepEqual(kept.unconverted.map((u) => u.element), ['ac:link']);
  });

  it('gives the anchors of a page for links from other pages', () => {
    const storage = '<h2>Getting started</h2><h2>Getting started</h2><p><ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">spot</ac:parameter></ac:structured-macro> x</p>';
    assert.deepEqual(convertStorageToMarkdown(storage).anchors, { 'Getting-started': 'getting-started', spot: 'spot' });
  });
});

// More Markdown in the forms an import writes, on top of the golden fixtures.
const IMPORT_FORMS = [
  '<table>\n<tr>\n<th>A</th>\n<th>B</th>\n</tr>\n<tr>\n<td>\n\n- one\n- two\n\n</td>\n<td><strong>x</strong></td>\n</tr>\n</table>\n',
  'Owner: <!--confluence-storage <ac:link><ri:user ri:account-id="9" /></ac:link>-->@Someone<!--/confluence-storage-->\n',
  '<!--confluence-storage <ac:structured-macro ac:name="excerpt"><ac:rich-text-body>-->\n\n> [!NOTE]\n> inside\n\n<!--confluence-storage </ac:rich-text-body></ac:structured-macro>-->\n',
  '<pre>a  b\n  c &lt; d</pre>\n',
  '<img src="https://x.test/i.png" alt="i" height="20">\n',
  '- [ ] task with <!--confluence-storage <time datetime="2026-01-01" />-->2026-01-01<!--/confluence-storage-->\n',
];

describe('Markdown -> storage -> Markdown -> storage is idempotent (a)', () => {
  const names = readdirSync(goldenDir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
  const cases = [
    ...names.map((n) => ({ name: `golden ${n}`, source: readFileSync(join(goldenDir, `${n}.md`), 'utf8'), options: goldenOptions(n) })),
    ...IMPORT_FORMS.map((source, i) => ({ name: `import form ${i + 1}`, source, options: opts })),
  ];
  for (const c of cases) {
    it(c.name, () => {
      const first = convertMarkdown(c.source, c.options);
      // title and links as an import writes them: front matter title, attachments and pages by name
      const markdown = (s: string) =>
        `---\ntitle: "${first.title}"\n---\n` + storageToMarkdown(s, { pageHref: (t) => `${t}.md`, attachmentHref: (f) => first.attachments.find((a) => a.name === f)?.path.replace(/^docs\//, '') });
      const options = { ...c.options, resolveDocument: (p: string) => ({ title: p.replace(/^docs\//, '').replace(/\.md$/, ''), spaceKey: 'DOCS' }) };
      const second = convertMarkdown(markdown(first.storage), options);
      const third = convertMarkdown(markdown(second.storage), options);
      assert.deepEqual(isWellFormedStorage(second.storage), { ok: true });
      assert.equal(third.storage, second.storage, markdown(second.storage));
    });
  }
});
