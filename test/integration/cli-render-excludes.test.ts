/** `confluence render` follows the publish rules: `*.secrets.md` and excluded files are not rendered. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

describe('CLI render and the exclude rules', function () {
  this.timeout(60000);
  const h = useCliHarness();
  const SECRET = 'db_password: s3cr3t-Value-9f8e7d';

  beforeEach(() => {
    writeFileSync(join(h.root, 'docs/guides/prod.secrets.md'), `# Prod secrets\n\n${SECRET}\n`);
    mkdirSync(join(h.root, 'docs/drafts'));
    writeFileSync(join(h.root, 'docs/drafts/plan.md'), '# Draft plan\n');
    writeFileSync(join(h.root, '.confluence.yml'), 'exclude:\n  - "**/drafts/**"\n');
    writeFileSync(join(h.root, 'docs/guides/alerting.md'), '# Alerting\n\nSee [secrets](prod.secrets.md) and [draft](../drafts/plan.md).\n');
  });

  it('a folder render skips *.secrets.md and excluded files with a note', async () => {
    const r = await h.cli(['render', 'docs', '--out', 'out']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /note: docs\/guides\/prod\.secrets\.md skipped: it matches the secretExclude glob \*\*\/\*\.secrets\.md/);
    assert.match(r.err, /note: docs\/drafts\/plan\.md skipped: it matches the exclude glob \*\*\/drafts\/\*\*/);
    assert.ok(!existsSync(join(h.root, 'out/guides/prod.secrets.xml')));
    assert.ok(!existsSync(join(h.root, 'out/drafts')));
    assert.ok(readdirSync(join(h.root, 'out/guides')).includes('alerting.xml'));
  });

  it('an explicit path to an excluded file is refused; links to it do not resolve', async () => {
    let r = await h.cli(['render', 'docs/guides/prod.secrets.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /docs\/guides\/prod\.secrets\.md: not rendered: it matches the secretExclude glob/);
    assert.ok(!r.out.includes('s3cr3t'));
    r = await h.cli(['render', 'docs/drafts/plan.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /not rendered: it matches the exclude glob/);

    r = await h.cli(['render', 'docs/guides/alerting.md']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /Prod secrets|Draft plan/, 'no title of an excluded file leaks through a link');
  });

  it('help of sync, plan, render and scan documents the *.secrets.md exclusion', async () => {
    for (const cmd of ['sync', 'plan', 'render', 'scan']) {
      const r = await h.cli([cmd, '--help']);
      assert.match(r.out, /\*\.secrets\.md/, cmd);
    }
  });
});
