import { strict as assert } from 'node:assert';
import { scanText } from '../../../src/core/secrets';
import { localAttachmentName } from '../../../src/core/read/import/attachments';
import { layoutPages, relativeHref } from '../../../src/core/read/import/layout';
import { headingSlugs, ImportLinks } from '../../../src/core/read/import/links';
import { redactSecrets, SECRET_PLACEHOLDER } from '../../../src/core/read/import/secrets';
import type { FetchedPage } from '../../../src/core/read/import/types';

const TOKEN = ['ghp', 'R8x2Lq9ZtV4mWn7Kp3Ys6Hd1Jf5Gc0Ab8Ue2'].join('_');
const AWS = ['AKIA', 'QX7ZB3LMN4PRT6VW'].join('');

describe('read/import parts', () => {
  it('replaces every likely secret by the placeholder, so the scanner finds nothing in what is written', async () => {
    const text = `# Setup\n\nexport GITHUB_TOKEN=${TOKEN}\n\n| key | value |\n|---|---|\n| aws | ${AWS} |\n\ncurl https://admin:S3cr3tPassw0rdX9q@db.example.com/x\n`;
    const scan = (t: string, f: string) => scanText(t, f);
    const r = await redactSecrets(text, 'docs/a.md', scan, false);
    assert.ok(r.findings.length >= 2, JSON.stringify(r.findings.map((f) => f.rule)));
    assert.ok(!r.text.includes(TOKEN) && !r.text.includes(AWS));
    assert.deepEqual(await scanText(r.text, 'docs/a.md'), []);
    assert.deepEqual(r.remaining, []);
    assert.ok(r.text.includes(`export GITHUB_TOKEN=${SECRET_PLACEHOLDER}`));
    assert.ok(r.text.startsWith('# Setup\n'), 'the rest of the text is untouched');
    const kept = await redactSecrets(text, 'docs/a.md', scan, true);
    assert.equal(kept.text, text);
    assert.equal(kept.remaining.length, kept.findings.length);
  });

  it('links name the GitHub slug of the heading (numbered like GitHub), or keep an anchor macro name', () => {
    const slugs = headingSlugs('<h2>Install tools</h2><p>x</p><h2>Install tools</h2><ac:structured-macro ac:name="info"><ac:rich-text-body><h3>Step 1: Run</h3></ac:rich-text-body></ac:structured-macro>');
    assert.equal(slugs.get('Install-tools'), 'install-tools');
    assert.equal(slugs.get('Step-1:-Run'), 'step-1-run');
    assert.equal(slugs.get('Step 1: Run'), 'step-1-run', 'Data Center links may name the heading text');
    const links = new ImportLinks('DOCS');
    links.add('1', 'Deploy', 'docs/ops/deploy.md', '<h2>Rollback steps</h2>');
    assert.equal(links.resolve('docs/index.md', { title: 'deploy', anchor: 'Rollback-steps' }), 'ops/deploy.md#rollback-steps');
    assert.equal(links.resolve('docs/ops/deploy.md', { title: 'Deploy', anchor: 'Rollback-steps' }), '#rollback-steps');
    assert.equal(links.resolve('docs/a/b.md', { title: 'Deploy', anchor: 'my anchor' }), '../ops/deploy.md#my%20anchor');
    assert.equal(links.resolve('docs/index.md', { title: 'Deploy', spaceKey: 'OTHER' }), undefined, 'same title in another space');
    assert.equal(links.resolve('docs/index.md', { title: 'Nope' }), undefined);
  });

  it('lays the tree out as folders with index.md, leaves as files, assets beside', () => {
    const page = (id: string, title: string, children: string[]): FetchedPage => ({ page: { id, title, spaceId: 's', version: 1, status: 'current', webUrl: '' }, labels: [], attachments: [], children });
    const pages = new Map([
      ['1', page('1', 'Root', ['2', '3', '4'])],
      ['2', page('2', 'Guide', ['5'])],
      ['3', page('3', 'Setup', [])],
      ['4', page('4', 'setup', [])],
      ['5', page('5', 'Index', [])],
    ]);
    const layout = layoutPages('docs', '1', pages);
    assert.deepEqual([...layout].map(([id, l]) => [id, l.file, l.assets]), [
      ['1', 'docs/index.md', 'docs/index.assets'],
      ['2', 'docs/guide/index.md', 'docs/guide/index.assets'],
      ['5', 'docs/guide/_index.md', 'docs/guide/_index.assets'],
      ['3', 'docs/setup.md', 'docs/setup.assets'],
      ['4', 'docs/setup-2.md', 'docs/setup-2.assets'],
    ]);
    assert.equal(layoutPages('.', '1', pages).get('3')!.file, 'setup.md');
    assert.equal(relativeHref('docs/guide/index.md', 'docs/setup.assets/my file (1).png'), '../setup.assets/my%20file%20%281%29.png');
    assert.equal(relativeHref('docs/a.md', 'docs/über.md'), 'über.md');
  });

  it('attachment names stay as in Confluence where portable, and never leave their folder', () => {
    assert.equal(localAttachmentName('diagram v2.png'), 'diagram v2.png');
    assert.equal(localAttachmentName('../../etc/passwd.txt'), '.._.._etc_passwd.txt');
    assert.equal(localAttachmentName('a:b*c?.pdf'), 'a_b_c_.pdf');
    assert.equal(localAttachmentName('CON.png'), '_CON.png');
    assert.equal(localAttachmentName('trailing. '), 'trailing');
    const long = localAttachmentName(`${'x'.repeat(300)}.png`);
    assert.ok(Buffer.byteLength(long) <= 120 && long.endsWith('.png'), long);
  });
});
