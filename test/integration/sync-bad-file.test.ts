/**
 * Issue 10, case 13: one bad file fails (or is skipped) alone. A control character in a title is cleaned (with a
 * warning) instead of making its folder page, and with it the whole subtree, fail; a binary or non-UTF-8 `.md` is
 * skipped with a warning; a document over Confluence's 5 MB body limit fails before conversion and upload.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectConfluence } from '../../src/core/confluence/index';
import { loadWorkspaceConfig, SyncEngine } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';

describe('one bad file fails one file', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;
  const write = (rel: string, data: string | Buffer) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), data);
  };

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-badfile-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('control characters, binary and non-UTF-8 files and an oversized document affect only themselves', async () => {
    write('docs/index.md', '# Handbook\n');
    for (let i = 1; i <= 10; i++) write(`docs/section/sub/page-${i}.md`, `# Page ${i}\n\nText.\n`);
    write('docs/section/bell.md', '---\ntitle: "A\\aB\\u202Eevil"\n---\n\nBody.\n'); // BEL and a bidi override
    write('docs/section/sub/heading.md', '# Tab\tand \u0001 control\n\nBody.\n');
    write('docs/section/long.md', `# ${'Long title '.repeat(40)}\n\nBody.\n`);
    write('docs/section/binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    write('docs/section/latin1.md', Buffer.from('# Caf\xe9\n\nd\xe9j\xe0 vu\n', 'latin1'));
    write('docs/section/huge.md', `# Huge\n\n${'0123456789abcdef '.repeat(330_000)}\n`);
    const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    const api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }, { retry: { baseDelayMs: 5, maxDelayMs: 50 } });
    const e = new SyncEngine({ root, config, api });
    const plan = await e.plan();
    const item = (f: string) => plan.items.find((i) => i.file === f)!;

    assert.equal(item('docs/section/bell.md').title, 'ABevil');
    assert.ok(item('docs/section/bell.md').diagnostics?.some((d) => d.code === 'title-sanitised' && d.severity === 'warning'));
    assert.equal(item('docs/section/sub/heading.md').title, 'Tab and control');
    assert.ok(item('docs/section/long.md').title.length <= 255);
    for (const f of ['docs/section/binary.md', 'docs/section/latin1.md']) {
      assert.equal(item(f).action, 'unchanged', `${f}: ${JSON.stringify(item(f))}`);
      assert.match(item(f).reason!, /skipped: it (contains NUL bytes|is not valid UTF-8)/);
      assert.ok(item(f).diagnostics?.some((d) => d.code === 'not-text' && d.severity === 'warning'));
    }
    const huge = item('docs/section/huge.md');
    assert.equal(huge.action, 'error');
    assert.equal(huge.code, 'body-too-large');
    assert.match(huge.reason!, /5 MB \(5242880 bytes\)/);

    const report = await e.apply(plan);
    const failed = report.results.filter((r) => r.action === 'error');
    assert.deepEqual(failed.map((r) => r.file), ['docs/section/huge.md'], JSON.stringify(failed));
    assert.equal(report.results.filter((r) => r.action === 'created').length, 16, JSON.stringify(report.summary));
    const sent = JSON.stringify(server.requestLog.map((x) => x.body));
    assert.ok(!sent.includes('\\u0007') && !sent.includes('\\ufffd') && !sent.includes('Caf'), 'a control or replacement character, or the skipped file, reached Confluence');
    assert.ok(!server.requestLog.some((x) => JSON.stringify(x.body ?? '').includes('"Huge"')), 'the oversized document was sent');

    server.requestLog.length = 0;
    const e2 = new SyncEngine({ root, config, api });
    await e2.apply(await e2.plan());
    assert.equal(server.requestLog.filter((x) => x.method !== 'GET').length, 0, 'a re-run writes nothing');
  });
});
