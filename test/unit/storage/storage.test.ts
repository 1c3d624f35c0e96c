import assert from 'node:assert/strict';
import { convertMarkdown } from '../../../src/core/markdown';
import { isWellFormedStorage, previewCss, storageToHtml, storageToMarkdown } from '../../../src/core/storage';

describe('isWellFormedStorage', () => {
  it('accepts storage with ac:/ri: elements, CDATA and XHTML entities', () => {
    const ok = [
      '<p>a &nbsp; &mdash; &amp; &#160; b</p>',
      '<ac:link><ri:page ri:content-title="x" /><ac:plain-text-link-body><![CDATA[a]]]]><![CDATA[>b]]></ac:plain-text-link-body></ac:link>',
      'plain text',
      '',
      '<p>one</p><p>two</p>',
      '<ac:plain-text-body><![CDATA[a && b]]></ac:plain-text-body><!-- x & y -->',
    ];
    for (const s of ok) assert.deepEqual(isWellFormedStorage(s), { ok: true }, s);
  });

  it('rejects what Confluence rejects, with line and column', () => {
    const bad: [string, number, RegExp][] = [
      ['<p>a<br>b</p>', 1, /close tag/],
      ['<p>\n\n  <b>x</i></p>', 3, /close tag/],
      ['<p>&bogus;</p>', 1, /entity/],
      ['<p>\u0001</p>', 1, /character/],
      ['<p>x</p>\n<x:y/>', 2, /prefix/],
      ['<p title=x>a</p>', 1, /quote|attribute/i],
      ['<p>a</p><p>b', 1, /unclosed/],
      ['<!-- a -- b -->', 1, /comment|--/],
      ['<p>ok</p>\n<p>AT&T</p>', 2, /unescaped "&"/],
      ['<a href="x?a=1&b=2">x</a>', 1, /unescaped "&"/],
    ];
    for (const [s, line, message] of bad) {
      const r = isWellFormedStorage(s);
      assert.equal(r.ok, false, s);
      if (!r.ok) {
        assert.equal(r.line, line, `${s}: ${r.message}`);
        assert.ok(r.column >= 1);
        assert.match(r.message, message, s);
      }
    }
  });
});

describe('storageToHtml', () => {
  const md = [
    '# T', '', '[[_TOC_]]', '', '## Setup steps', '', '> [!WARNING]', '> Careful', '', ':::tip Pro tip', 'Use it', ':::', '',
    '```sh title="run.sh" linenumbers', 'echo <hi>', 'ls', '```', '', '- [x] done', '- [ ] todo', '',
    '[other](other.md#setup-steps) [self](#setup-steps) ![d](d.png) ![r](https://x.test/r.png)', '',
    '<details><summary>More</summary>', '', 'hidden', '', '</details>',
  ].join('\n');
  const storage = convertMarkdown(md, {
    path: 'a.md',
    spaceKey: 'DOCS',
    resolveDocument: (p) => (p === 'other.md' ? { title: 'Other', spaceKey: 'DOCS', anchors: { 'setup-steps': 'Setup-steps' } } : undefined),
    readFile: () => new Uint8Array([1]),
  }).storage;

  it('shows panels, code macros, task lists, expand, TOC and page links the way Confluence does', () => {
    const html = storageToHtml(storage, {
      pageUrl: (title) => `/pages/${encodeURIComponent(title)}`,
      attachmentUrl: (name) => `/att/${name}`,
    });
    assert.match(html, /<div class="cf-panel cf-panel-warning">.*Careful/s);
    assert.match(html, /<div class="cf-panel cf-panel-tip">.*<p class="cf-panel-title">Pro tip<\/p>/s);
    assert.match(html, /<div class="cf-code cf-code-numbered" data-language="bash"><div class="cf-code-title">run.sh<\/div>/);
    assert.match(html, /<span class="cf-ln">1<\/span>echo &lt;hi&gt;/);
    assert.match(html, /<li class="cf-task cf-task-complete"><span class="cf-checkbox" role="checkbox" aria-checked="true">/);
    assert.match(html, /<a class="cf-page-link" href="\/pages\/Other#Setup-steps"/);
    assert.match(html, /<a href="#Setup-steps">self<\/a>/);
    assert.match(html, /<h2 id="Setup-steps">Setup steps<\/h2>/);
    assert.match(html, /<nav class="cf-toc"><ul><li><a href="#Setup-steps">Setup steps<\/a><\/li><\/ul><\/nav>/);
    assert.match(html, /<img class="cf-image" src="\/att\/d.png" alt="d" \/>/);
    assert.match(html, /<img class="cf-image" src="https:\/\/x.test\/r.png" alt="r" \/>/);
    assert.match(html, /<details class="cf-expand"><summary>More<\/summary>/);
    for (const cls of ['cf-panel-info', 'cf-panel-warning', 'cf-code-title', 'cf-task-complete', 'cf-expand', 'cf-toc']) {
      assert.ok(previewCss.includes(`.${cls}`), cls);
    }
  });

  it('accepts command: page URLs only when the host asks for them, never from links in the document', () => {
    const open = 'command:vscode.open?%5B%22x%22%5D';
    assert.match(storageToHtml(storage, { pageUrl: () => open, commandPageLinks: true }), /<a class="cf-page-link" href="command:vscode.open\?%5B%22x%22%5D"/);
    assert.match(storageToHtml(storage, { pageUrl: () => open }), /<span class="cf-page-link"/);
    const crafted = '<p><a href="command:workbench.action.terminal.new">run</a></p>';
    assert.doesNotMatch(storageToHtml(crafted, { pageUrl: () => open, commandPageLinks: true }), /command:/);
  });

  it('without URLs, page links and images are shown without targets', () => {
    const html = storageToHtml(storage);
    assert.match(html, /<span class="cf-page-link" title="Confluence page: Other › Setup-steps">other<\/span>/);
    assert.match(html, /<span class="cf-image-missing"/);
  });

  it('is safe to embed: no scripts, handlers or javascript: URLs survive', () => {
    const evil =
      '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">j</a><img src="x" onerror="y()" />' +
      '<iframe src="https://evil.test"></iframe><style>body{}</style></p>' +
      '<ac:image><ri:url ri:value="javascript:alert(1)" /></ac:image>' +
      '<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>alert(2)</script>]]></ac:plain-text-body></ac:structured-macro>';
    const html = storageToHtml(evil);
    assert.doesNotMatch(html, /<script|onclick|onerror|javascript:|<iframe|<style/i);
  });
});

describe('storageToMarkdown', () => {
  it('reads pages written in the Confluence editor', () => {
    const storage =
      '<p>Hi <ac:link><ri:user ri:account-id="5570:abc" /></ac:link> <span style="text-decoration: line-through;">old</span> due <time datetime="2026-03-01" /></p>' +
      '<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>Left</p></ac:layout-cell><ac:layout-cell><p>Right</p></ac:layout-cell></ac:layout-section></ac:layout>' +
      '<table data-layout="default"><colgroup><col style="width: 340.0px;" /></colgroup><tbody><tr><th><p><strong>Name</strong></p></th></tr><tr><td><p>a</p><p>b</p></td></tr></tbody></table>' +
      '<ul><li><p>one <ac:emoticon ac:name="tick" /></p></li><li><p>two</p></li></ul>' +
      '<p><ac:inline-comment-marker ac:ref="c1">commented</ac:inline-comment-marker> text &mdash; ok</p>';
    assert.equal(
      storageToMarkdown(storage, { userName: (id) => (id === '5570:abc' ? 'Jane Doe' : undefined) }),
      [
        'Hi <!--confluence-storage <ac:link><ri:user ri:account-id="5570:abc" /></ac:link>-->@Jane Doe<!--/confluence-storage--> ~~old~~ due <!--confluence-storage <time datetime="2026-03-01" />-->2026-03-01<!--/confluence-storage-->',
        '',
        '<!--confluence-storage <ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>-->',
        '',
        'Left',
        '',
        '<!--confluence-storage </ac:layout-cell><ac:layout-cell>-->',
        '',
        'Right',
        '',
        '<!--confluence-storage </ac:layout-cell></ac:layout-section></ac:layout>-->',
        '',
        '<table>\n<tr>\n<th><p><strong>Name</strong></p></th>\n</tr>\n<tr>\n<td><p>a</p><p>b</p></td>\n</tr>\n</table>',
        '',
        '-   one ✅',
        '',
        '-   two',
        '',
        '<!--confluence-storage <ac:inline-comment-marker ac:ref="c1">-->commented<!--confluence-storage </ac:inline-comment-marker>--> text — ok',
        '',
      ].join('\n'),
    );
  });

  it('recognises our footnotes even when Confluence dropped the list class', () => {
    const storage = convertMarkdown('A claim[^1].\n\n[^1]: The source.\n', { path: 'a.md' }).storage.replace(' class="footnotes"', '');
    assert.equal(storageToMarkdown(storage), 'A claim[^1].\n\n[^1]: The source.\n');
  });

  it('writes macros in the Markdown forms the converter reads back', () => {
    const storage =
      '<h2>Intro</h2>' +
      '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>Note this</p></ac:rich-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Careful</ac:parameter><ac:rich-text-body><p>Hot</p></ac:rich-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">python</ac:parameter><ac:parameter ac:name="title">a.py</ac:parameter><ac:plain-text-body><![CDATA[print("```")]]></ac:plain-text-body></ac:structured-macro>' +
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Done</ac:task-body></ac:task><ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>Open</ac:task-body></ac:task></ac:task-list>' +
      '<ac:structured-macro ac:name="toc" />' +
      '<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">More</ac:parameter><ac:rich-text-body><p>Hidden</p></ac:rich-text-body></ac:structured-macro>' +
      '<p><ac:link ac:anchor="Intro"><ri:page ri:content-title="Other Page" ri:space-key="OPS" /><ac:plain-text-link-body><![CDATA[see]]></ac:plain-text-link-body></ac:link> ' +
      '<ac:image ac:alt="Diagram" ac:width="400"><ri:attachment ri:filename="d.png" /></ac:image> a &lt;b&gt; &amp; c &mdash;</p>' +
      '<table><tbody><tr><th>A</th><th><p style="text-align: right;">B</p></th></tr><tr><td>1 | 2</td><td><p style="text-align: right;">3</p></td></tr></tbody></table>';
    const md = storageToMarkdown(storage, { pageHref: (t, s, a) => `${s}/${t}.md#${a}` });
    assert.equal(
      md,
      [
        '## Intro', '', '> [!NOTE]', '> Note this', '', ':::warning Careful', 'Hot', ':::', '',
        '````python title="a.py"', 'print("```")', '````', '', '- [x] Done', '- [ ] Open', '', '[[_TOC_]]', '',
        '<details>', '<summary>More</summary>', '', 'Hidden', '', '</details>', '',
        '[see](<OPS/Other Page.md#Intro>) ![Diagram](d.png){width=400} a \\<b> \\& c —', '',
        '| A | B |', '| --- | --: |', '| 1 \\| 2 | 3 |', '',
      ].join('\n'),
    );
  });
});
