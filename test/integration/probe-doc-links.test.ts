/**
 * Found by an adversarial probe of the merged issue-10 work: a document that is a symbolic link to another file
 * inside the docs root was published as a document of its own, under its own name, whatever the target's rules:
 * `docs/pub.md -> drafts/private.md` published an excluded draft, `docs/h.md -> .hidden/h.md` a hidden file,
 * `docs/ops.md -> ops.secrets.md` a `*.secrets.md` file (the "never published" rule), and `docs/dup.md -> a/real.md`
 * published one document twice and made the real one fail ("title already used by docs/dup.md").
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

describe('probe: a document that is a link to a file inside the docs root', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;

  const cli = (args: string[]) =>
    runCliCaptured(args, root, { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' });
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-probe-links-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is not published: excluded, hidden, publish:false and *.secrets.md targets stay back; the real document publishes once', async () => {
    write('.confluence.yml', 'spaceKey: DOCS\ndocsRoot: docs\nrootPageTitle: Links Root\nexclude:\n  - "**/drafts/**"\n');
    write('docs/index.md', '# Links Root\n');
    write('docs/a/real.md', '# Real\n\nREAL_TEXT\n');
    write('docs/drafts/private.md', '# Private draft\n\nDRAFT_ONLY_TEXT\n');
    write('docs/.hidden/h.md', '# Hidden\n\nHIDDEN_TEXT\n');
    write('docs/ops.secrets.md', '# Ops\n\nSECRETS_MD_TEXT\n');
    write('docs/unpub.md', '---\npublish: false\n---\n# Unpublished\n\nUNPUBLISHED_TEXT\n');
    symlinkSync('a/real.md', join(root, 'docs/dup.md'));
    symlinkSync('drafts/private.md', join(root, 'docs/pub.md'));
    symlinkSync('.hidden/h.md', join(root, 'docs/h.md'));
    symlinkSync('ops.secrets.md', join(root, 'docs/ops.md'));
    symlinkSync('unpub.md', join(root, 'docs/unpub-link.md'));

    const r = await cli(['sync', '--allow-secrets']);
    assert.equal(r.code, 0, r.out + r.err);
    for (const link of ['docs/dup.md', 'docs/pub.md', 'docs/h.md', 'docs/ops.md', 'docs/unpub-link.md']) {
      assert.match(r.err, new RegExp(`${link.replace('.', '\\.')}: symbolic link to .* not published`), `no warning naming ${link}:\n${r.err}`);
    }
    const sent = JSON.stringify(server.requestLog.map((e) => e.body ?? ''));
    for (const needle of ['DRAFT_ONLY_TEXT', 'HIDDEN_TEXT', 'SECRETS_MD_TEXT', 'UNPUBLISHED_TEXT']) assert.ok(!sent.includes(needle), `${needle} was sent`);
    assert.equal(sent.split('REAL_TEXT').length - 1, 1, 'the real document is published exactly once');
    assert.match(r.out, /Created\s+docs\/a\/real\.md\s+"Real"/);
  });
});
