import { strict as assert } from 'node:assert';
import { convertMarkdown } from '../../../src/core/markdown/convert';
import { scanDocument } from '../../../src/core/markdown/title';
import { pageToMarkdown, type PageLinkTarget, type PageMarkdownContext } from '../../../src/core/read/pageMarkdown';

const ctx = (over: Partial<PageMarkdownContext> = {}): PageMarkdownContext => ({
  file: 'docs/guide/setup.md',
  spaceKey: 'DOCS',
  siteUrl: 'https://acme.atlassian.net/wiki',
  linkToPage: () => undefined,
  attachmentHref: (name) => `setup.assets/${name}`,
  ...over,
});

describe('read/pageMarkdown', () => {
  it('writes the title as the H1 the forward converter takes as the title and leaves out of the body', () => {
    const md = pageToMarkdown({ id: '1', title: 'Setup the API', body: '<h1>Overview</h1><p>Text</p>' }, ctx());
    assert.equal(md, '# Setup the API\n\n# Overview\n\nText\n');
    const back = convertMarkdown(md, { path: 'docs/guide/setup.md' });
    assert.equal(back.title, 'Setup the API');
    assert.equal(back.titleSource, 'h1');
    assert.match(back.storage, /<h1>Overview<\/h1>/, 'the body\'s own H1 stays a heading');
    assert.doesNotMatch(back.storage, /Setup the API/);
  });

  it('needs front matter only for a title an H1 cannot carry exactly', () => {
    const plain = pageToMarkdown({ id: '1', title: 'Use *stars* and [brackets] & <tags> #1', body: '<p>x</p>' }, ctx());
    assert.ok(plain.startsWith('# '), plain);
    assert.equal(scanDocument(plain, 'docs/x.md').title, 'Use *stars* and [brackets] & <tags> #1');
    assert.equal(convertMarkdown(plain, { path: 'docs/x.md' }).title, 'Use *stars* and [brackets] & <tags> #1');
    assert.equal(pageToMarkdown({ id: '2', title: 'Spaces  twice\tand tab', body: '<p>x</p>' }, ctx()), '# Spaces  twice\tand tab\n\nx\n');
    // a heading's text is trimmed: an H1 cannot say this title, front matter holds it as it is
    const odd = pageToMarkdown({ id: '3', title: ' leading space', body: '<p>x</p>' }, ctx());
    assert.equal(odd, '---\ntitle: " leading space"\n---\n\nx\n');
  });

  it('puts labels in the front matter, sorted, without those the config adds to every page', () => {
    const md = pageToMarkdown({ id: '1', title: 'Setup', body: '<p>x</p>', labels: ['zeta', 'docs', 'alpha'] }, ctx({ configLabels: ['docs'] }));
    assert.equal(md, '---\nlabels: ["alpha","zeta"]\n---\n\n# Setup\n\nx\n');
    const back = convertMarkdown(md, { path: 'docs/guide/setup.md' });
    assert.deepEqual(back.labels, ['alpha', 'zeta']);
    assert.equal(back.title, 'Setup');
  });

  it('links to imported pages through the resolver and to other pages by a Confluence URL; attachments next to the page', () => {
    const seen: PageLinkTarget[] = [];
    const body =
      '<p><ac:link ac:anchor="Getting-started"><ri:page ri:content-title="Install" /><ac:plain-text-link-body><![CDATA[install]]></ac:plain-text-link-body></ac:link> and ' +
      '<ac:link><ri:page ri:content-title="Elsewhere page" ri:space-key="OPS" /></ac:link> and ' +
      '<ac:link><ri:page ri:content-title="Not imported" /></ac:link></p>' +
      '<p><ac:image><ri:attachment ri:filename="flow chart.png" /></ac:image></p>';
    const md = pageToMarkdown(
      { id: '1', title: 'Setup', body },
      ctx({
        linkToPage: (t) => {
          seen.push(t);
          return t.title === 'Install' ? `install.md#${t.anchor === 'Getting-started' ? 'getting-started' : ''}` : undefined;
        },
      }),
    );
    assert.match(md, /\[install\]\(install\.md#getting-started\)/);
    assert.match(md, /\[Elsewhere page\]\(https:\/\/acme\.atlassian\.net\/wiki\/display\/OPS\/Elsewhere\+page\)/);
    assert.match(md, /\[Not imported\]\(https:\/\/acme\.atlassian\.net\/wiki\/display\/DOCS\/Not\+imported\)/);
    assert.match(md, /!\[\]\(<setup\.assets\/flow chart\.png>\)/);
    assert.deepEqual(seen.map((s) => [s.title, s.spaceKey, s.anchor]), [
      ['Install', undefined, 'Getting-started'],
      ['Elsewhere page', 'OPS', undefined],
      ['Not imported', undefined, undefined],
    ]);
  });

  it('is deterministic', () => {
    const page = { id: '1', title: 'Setup', body: '<table><tbody><tr><th>a</th></tr><tr><td>1</td></tr></tbody></table><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[npm i]]></ac:plain-text-body></ac:structured-macro>', labels: ['b', 'a'] };
    assert.equal(pageToMarkdown(page, ctx()), pageToMarkdown(page, ctx()));
  });
});
