/**
 * `confluence render` walks folders as the publish does: folder links are not followed (no ELOOP on a loop, nothing
 * from outside the tree), dangling links and loops are warnings, and images are read under the attachment policy.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

describe('CLI render and symbolic links', function () {
  this.timeout(60000);
  const h = useCliHarness();
  let outside: string;

  beforeEach(() => {
    outside = mkdtempSync(join(tmpdir(), 'd2c-render-outside-'));
    writeFileSync(join(outside, 'private.md'), '# Outside private notes\n\nOUTSIDE-ONLY-TEXT\n');
    writeFileSync(join(outside, 'secret.png'), 'OUTSIDE-IMAGE-BYTES');
    // A loop, a dangling link, a folder link out of the tree and a file link out of the tree.
    symlinkSync('.', join(h.root, 'docs/guides/loop'));
    symlinkSync(join(h.root, 'docs/missing-target'), join(h.root, 'docs/guides/dangling.md'));
    symlinkSync(outside, join(h.root, 'docs/external'));
    symlinkSync(join(outside, 'private.md'), join(h.root, 'docs/reference/linked.md'));
    symlinkSync(join(outside, 'secret.png'), join(h.root, 'docs/guides/logo.png'));
    writeFileSync(join(h.root, 'docs/guides/logo-page.md'), '# Logo\n\n![logo](logo.png)\n');
  });
  afterEach(() => rmSync(outside, { recursive: true, force: true }));

  const allFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));

  it('a folder with a loop, a dangling link and links out of the tree renders: exit 0, warnings, nothing outside rendered', async () => {
    const r = await h.cli(['render', 'docs', '--out', 'out']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /ELOOP|ENOENT/);
    assert.match(r.err, /warning: docs\/guides\/loop: symbolic link to a folder; not followed/);
    assert.match(r.err, /warning: docs\/guides\/dangling\.md: broken symbolic link/);
    assert.match(r.err, /warning: docs\/external: symbolic link to a folder outside docs/);
    assert.match(r.err, /warning: docs\/reference\/linked\.md: symbolic link to a file outside docs/);
    const files = allFiles(join(h.root, 'out'));
    assert.ok(files.includes('guides/alerting.xml'), files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('external/') || f.startsWith('guides/loop/') || f === 'reference/linked.xml'), files.join(', '));
    const all = files.map((f) => readFileSync(join(h.root, 'out', f), 'utf8')).join('\n');
    assert.doesNotMatch(all, /OUTSIDE-ONLY-TEXT|Outside private notes/);
    // The image link out of the workspace is refused as sync would refuse it.
    assert.match(r.err, /docs\/guides\/logo-page\.md:\d+: .*logo\.png.*\[attachment-refused\]/);
    assert.ok(existsSync(join(h.root, 'out/guides/logo-page.xml')));
    assert.doesNotMatch(readFileSync(join(h.root, 'out/guides/logo-page.xml'), 'utf8'), /<ri:attachment/);
  });

  it('a loop below the folder named on the command line does not fail the run', async () => {
    mkdirSync(join(h.root, 'docs/deep/er'), { recursive: true });
    writeFileSync(join(h.root, 'docs/deep/er/page.md'), '# Deep page\n');
    symlinkSync('..', join(h.root, 'docs/deep/er/up'));
    const r = await h.cli(['render', 'docs/deep', '--out', 'out2']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(allFiles(join(h.root, 'out2')), ['er/page.xml']);
  });
});
