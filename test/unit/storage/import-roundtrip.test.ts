import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertMarkdown, type ConvertOptions } from '../../../src/core/markdown';
import { convertStorageToMarkdown, isWellFormedStorage, type UnconvertedElement } from '../../../src/core/storage';

// Pages written the way Confluence's editors save them (test/fixtures/storage/*.xml, not by our converter):
// storage -> Markdown -> storage -> Markdown is stable, everything Markdown cannot express comes back verbatim, and
// the report names every element that was kept verbatim or dropped.
const dir = join(__dirname, '../../fixtures/storage');
const users: Record<string, string> = { '557058:f1e2d3c4-b5a6-4789-8012-3456789abcde': 'Jane Doe' };
const toMarkdown = (storage: string) => convertStorageToMarkdown(storage, { userName: (id) => users[id] });
const options: ConvertOptions = {
  path: 'docs/page.md',
  spaceKey: 'ENG',
  // every linked page is part of the import; attachments exist next to the page
  resolveDocument: (path) => ({ title: path.replace(/^docs\//, '').replace(/\.md$/, ''), spaceKey: 'ENG' }),
  readFile: () => new Uint8Array([1, 2, 3]),
};
// the page title lives in front matter (an import writes it there when the page starts with its own H1)
const publish = (markdown: string) => convertMarkdown(`---\ntitle: Page\n---\n${markdown}`, options);

const EXPECTED: Record<string, string[]> = {
  'cloud-editor': [
    'kept ri:user', 'kept time', 'kept ac:structured-macro[ac:name=status]', 'kept ac:structured-macro[ac:name=toc]',
    'kept ac:emoticon', 'kept ac:layout', 'kept ri:user', 'lost table', 'kept ri:user', 'kept ac:structured-macro[ac:name=jira]',
    'lost span', 'kept ac:inline-comment-marker', 'kept ac:structured-macro[ac:name=children]',
  ],
  datacenter: [
    'kept ri:user', 'kept ac:structured-macro[ac:name=view-file]', 'kept ac:structured-macro[ac:name=panel]',
    'lost ac:structured-macro[ac:name=noformat]', 'kept ac:structured-macro[ac:name=section]', 'kept ac:structured-macro[ac:name=column]',
    'kept ac:structured-macro[ac:name=column]', 'kept ac:structured-macro[ac:name=jira]', 'lost p', 'kept ac:structured-macro[ac:name=excerpt]',
  ],
  nested: [
    'kept ac:structured-macro[ac:name=status]', 'kept ac:link', 'kept ac:structured-macro[ac:name=details]', 'kept ri:user',
    'kept ac:adf-extension',
  ],
};

function keptParts(item: UnconvertedElement): string[] {
  return (item.xml ?? '').split('…');
}

describe('hand-written storage -> Markdown -> storage', () => {
  for (const name of Object.keys(EXPECTED)) {
    describe(name, () => {
      const source = readFileSync(join(dir, `${name}.xml`), 'utf8');
      const first = toMarkdown(source);
      const published = publish(first.markdown);

      it('reports every element not converted faithfully (c)', () => {
        assert.deepEqual(first.unconverted.map((u) => `${u.kept ? 'kept' : 'lost'} ${u.element}`), EXPECTED[name]);
        for (const u of first.unconverted) assert.ok(u.detail.length > 10, `${u.element} has a detail`);
      });

      it('publishes the Markdown without warnings, as well-formed storage', () => {
        assert.deepEqual(published.warnings, [], first.markdown);
        assert.deepEqual(isWellFormedStorage(published.storage), { ok: true });
      });

      it('brings every kept element back verbatim (b)', () => {
        for (const item of first.unconverted.filter((u) => u.kept)) {
          assert.ok(item.xml, `${item.element} names its XML`);
          for (const part of keptParts(item)) assert.ok(part && published.storage.includes(part), `${item.element}: ${part} is in the published storage`);
          // and as often as in the source (nothing duplicated, nothing lost)
          for (const part of keptParts(item)) assert.equal(published.storage.split(part).length, source.split(part).length, part);
        }
      });

      it('is stable: storage -> Markdown -> storage -> Markdown -> storage (b)', () => {
        const second = toMarkdown(published.storage);
        assert.equal(second.markdown, first.markdown);
        assert.equal(publish(second.markdown).storage, published.storage);
        assert.deepEqual(second.unconverted.filter((u) => u.kept).map((u) => u.xml), first.unconverted.filter((u) => u.kept).map((u) => u.xml));
      });
    });
  }
});

describe('what a page written in the Confluence editor becomes', () => {
  const cloud = toMarkdown(readFileSync(join(dir, 'cloud-editor.xml'), 'utf8')).markdown;
  const dc = toMarkdown(readFileSync(join(dir, 'datacenter.xml'), 'utf8')).markdown;
  const nested = toMarkdown(readFileSync(join(dir, 'nested.xml'), 'utf8')).markdown;

  it('mentions, dates, status and Jira issues: kept verbatim, with readable text beside them', () => {
    assert.match(cloud, /<!--confluence-storage <ac:link><ri:user ri:account-id="557058:f1e2d3c4-b5a6-4789-8012-3456789abcde" ri:local-id="u-1" \/><\/ac:link>-->@Jane Doe<!--\/confluence-storage-->/);
    assert.match(cloud, /-->`IN PROGRESS`<!--\/confluence-storage-->/);
    assert.match(cloud, /-->OPS-42<!--\/confluence-storage--> \|/);
    assert.match(dc, /-->@8a7f808a6e4d1c2b016e4d1c9a000001<!--\/confluence-storage-->/);
  });

  it('emoji become Unicode; a custom emoji is kept with its short name', () => {
    assert.match(cloud, / 🚀 <!--confluence-storage <ac:emoticon [^>]*:partyparrot:[^>]*\/>-->:partyparrot:<!--\/confluence-storage-->/);
  });

  it('links to headings use the slug the converter maps back; Confluence URLs may be rewritten', () => {
    assert.match(cloud, /\[the rollout plan\]\(#rollout-plan\)/);
    assert.match(nested, /\[the top\]\(#nested-content\)/);
    const rewritten = convertStorageToMarkdown(readFileSync(join(dir, 'cloud-editor.xml'), 'utf8'), {
      externalHref: (url) => (url.includes('/pages/12345/') ? 'setup-guide.md' : undefined),
      pageHref: (title, space) => `../${space}/${title.toLowerCase()}.md`,
    }).markdown;
    assert.match(rewritten, /\]\(setup-guide\.md\)/);
    assert.match(rewritten, /\[tooling \*\*page\*\*\]\(\.\.\/ENG\/tooling\.md\)/);
  });

  it('layouts and unknown macros with a body keep their tags around Markdown', () => {
    assert.match(cloud, /^<!--confluence-storage <\/ac:layout-cell><ac:layout-cell>-->$/m);
    assert.match(dc, /^<!--confluence-storage <ac:structured-macro ac:name="panel" [^\n]*<ac:rich-text-body>-->\n\nCheck the dashboard\.\n\n> \[!IMPORTANT\]/m);
    assert.match(cloud, /^```confluence-storage\n<ac:structured-macro ac:name="children"[^\n]*\n```$/m);
  });

  it('tables: GitHub tables when they can, HTML tables with Markdown cells otherwise', () => {
    assert.match(cloud, /^\| \*\*Step\*\* \| \*\*Owner\*\* \|$/m);
    assert.match(dc, /^<td colspan="2">Escalate after <strong>15<\/strong> minutes\.<\/td>$/m);
    assert.match(nested, /<td>\n\nRuns:\n\n```bash\nmake api\n```\n\n<\/td>/);
    assert.match(nested, /^\| a \\\| b \| `x\\\|y` and _z_ \|$/m);
  });

  it('attaches the files kept storage names (a PDF shown by a view-file macro)', () => {
    const published = publish(dc);
    assert.deepEqual(published.attachments.map((a) => a.name).sort(), ['runbook.pdf', 'topology.png']);
  });

  it('images: attributes Markdown has; <pre>; task lists; panels; expand', () => {
    assert.match(cloud, /^!\[architecture\.png\]\(architecture\.png\)\{width=600\}$/m);
    assert.match(dc, /^<img src="topology\.png" alt="" height="250">$/m);
    assert.match(dc, /^<pre>tail -f \/var\/log\/app\.log\ngrep ERROR {3}app\.log<\/pre>$/m);
    assert.match(cloud, /^- \[x\] Announce in \*\*#eng\*\*\n- \[ \] Migrate /m);
    assert.match(nested, /^:::warning Production\nSteps:/m);
    assert.match(nested, /^<details>\n<summary>Checklist<\/summary>\n\n- \[ \] Backup\n\n {2}- \[x\] snapshot/m);
  });
});
