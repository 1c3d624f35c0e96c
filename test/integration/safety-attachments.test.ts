/**
 * Nothing outside the docs leaves (issue 10, cases 1 and 2): symbolic links out of the workspace, hidden, key and
 * environment files, git-ignored files and text attachments holding secrets never reach the server. Each case
 * publishes over HTTP to the embedded server and then inspects what the server stored.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { loadWorkspaceConfig, SyncEngine, type SyncPlan, type SyncReport } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

const fastRetry = { baseDelayMs: 5, maxDelayMs: 100 };
const cat = (...parts: string[]) => parts.join('');
// An Atlassian API token in the shape the scanner knows (built from parts so this file is not itself a finding).
const TOKEN = cat('ATATT3', 'xFfGF0', 'q9Lm2Zk8VbYw3Pq7sH1cXe5Dg9JoLk2MnBvCx4Za8Qw6Er7Ty1Ui3Op5As7Df9Gh2Jk4Lz6Xc8Vb0Nm1Qa3Ws5Ed7Rf9Tg', '=1A2B3C4D');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa6d4b90000000049454e44ae426082', 'hex');
const OUTSIDE_SECRET = 'root:x:0:0:TOP-SECRET-OUTSIDE:/root:/bin/bash\n';

describe('safety: nothing outside the docs leaves the machine (symlinks, attachment policy, attachment scan)', function () {
  this.timeout(120000);
  let server: LocalServer;
  let api: ConfluenceClient;
  let root: string;
  let outside: string;

  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  const publish = async (): Promise<{ plan: SyncPlan; report: SyncReport }> => {
    const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    const engine = new SyncEngine({ root, config, api });
    const plan = await engine.plan();
    return { plan, report: await engine.apply(plan) };
  };
  /** Titles of every attachment the server holds (read over HTTP), and its own count of current attachments. */
  const stored = async (): Promise<string[]> => {
    const pages = await api.listPages((await api.getSpace('DOCS')).id);
    const titles = (await Promise.all(pages.map((p) => api.listAttachments(p.id)))).flat().map((a) => a.title);
    assert.equal(server.stats().attachments, titles.length);
    return titles.sort();
  };
  const uploads = () => server.requestLog.filter((e) => e.method !== 'GET' && /attachment|\/child\/attachment/.test(e.path));
  const diagnostics = (plan: SyncPlan, file: string) => (plan.items.find((i) => i.file === file)?.diagnostics ?? []).map((d) => `${d.code}: ${d.message}`);
  const cliRun = (cwd: string, args: string[]) =>
    runCliCaptured(args, cwd, { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token' });
  /** No page body and no request the server received holds any of the needles. */
  const assertNothingLeaked = async (...needles: string[]) => {
    const pages = await api.listPages((await api.getSpace('DOCS')).id);
    const bodies = await Promise.all(pages.map(async (p) => (await api.getPage(p.id, { body: true }))?.body ?? ''));
    const sent = server.requestLog.map((e) => JSON.stringify(e.body ?? ''));
    for (const n of needles) {
      assert.ok(!bodies.some((b) => b.includes(n)), `a page body holds "${n}"`);
      assert.ok(!sent.some((b) => b.includes(n)), `a request sent "${n}"`);
    }
  };
  before(async () => {
    server = await startLocalServer();
  });
  after(async () => {
    api?.close?.();
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-safety-'));
    outside = mkdtempSync(join(tmpdir(), 'd2c-outside-'));
    writeFileSync(join(outside, 'passwd'), OUTSIDE_SECRET);
    writeFileSync(join(outside, 'hostname.png'), OUTSIDE_SECRET);
    writeFileSync(join(outside, 'leak.md'), `# Leak\n\n${OUTSIDE_SECRET}`);
    api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }, { retry: fastRetry });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('a file symlink to outside (docs/logo.png -> …/passwd) is refused with a warning naming the link; nothing uploaded', async () => {
    write('docs/index.md', '# Home\n\n![logo](logo.png)\n');
    symlinkSync(join(outside, 'passwd'), join(root, 'docs/logo.png'));
    const { plan, report } = await publish();
    assert.equal(report.summary.error, undefined, JSON.stringify(report.results));
    const warnings = diagnostics(plan, 'docs/index.md');
    assert.ok(warnings.some((w) => w.startsWith('attachment-refused') && w.includes(`docs/logo.png -> ${join(outside, 'passwd')}`)), warnings.join('\n'));
    assert.deepEqual(await stored(), []);
    assert.deepEqual(uploads(), []);
    await assertNothingLeaked('TOP-SECRET-OUTSIDE');
  });

  it('a folder symlink to outside (docs/etc -> …) is neither followed by discovery nor used for images', async () => {
    write('docs/index.md', '# Home\n\n![h](etc/hostname.png)\n');
    symlinkSync(outside, join(root, 'docs/etc'));
    const { plan, report } = await publish();
    assert.deepEqual(plan.items.map((i) => i.file).sort(), ['docs/index.md'], 'the linked folder’s leak.md is not a document');
    assert.ok(plan.warnings?.some((w) => w.message.includes(`docs/etc -> ${outside}`)), JSON.stringify(plan.warnings));
    const warnings = diagnostics(plan, 'docs/index.md');
    assert.ok(warnings.some((w) => w.startsWith('attachment-refused') && w.includes(`docs/etc -> ${outside}`)), warnings.join('\n'));
    assert.equal(report.summary.created, 1);
    assert.deepEqual(await stored(), []);
    const pages = await api.listPages((await api.getSpace('DOCS')).id);
    assert.ok(!pages.some((p) => p.title === 'Leak'));
    await assertNothingLeaked('TOP-SECRET-OUTSIDE');
  });

  it('a document symlinked from outside the docs root is not published', async () => {
    write('docs/index.md', '# Home\n');
    symlinkSync(join(outside, 'leak.md'), join(root, 'docs/leak.md'));
    symlinkSync(join(root, 'docs/nowhere.md'), join(root, 'docs/dangling.md'));
    const { plan } = await publish();
    assert.deepEqual(plan.items.map((i) => i.file), ['docs/index.md']);
    const messages = (plan.warnings ?? []).map((w) => w.message);
    assert.ok(messages.some((m) => m.includes(`docs/leak.md -> ${join(outside, 'leak.md')}`) && /outside the docs root/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('docs/dangling.md: broken symbolic link')), messages.join('\n'));
    await assertNothingLeaked('TOP-SECRET-OUTSIDE');
  });

  it('[env](../.env), [key](keys/deploy_key.pem) and <img src="/.env"> are refused by name; nothing uploaded', async () => {
    write('.env', `CONFLUENCE_API_TOKEN=${TOKEN}\n`);
    write('docs/keys/deploy_key.pem', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    write('docs/keys/id_ed25519.pub', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG example\n');
    write('docs/index.md', '# Home\n\n[env](../.env) and [key](keys/deploy_key.pem) and [ssh](keys/id_ed25519.pub)\n\n<img src="/.env">\n');
    const { plan, report } = await publish();
    assert.equal(report.summary.created, 1, JSON.stringify(report.results));
    const warnings = diagnostics(plan, 'docs/index.md').filter((w) => w.startsWith('attachment-refused'));
    assert.equal(warnings.length, 4, warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('.env is not attached: environment files')));
    assert.ok(warnings.some((w) => w.includes('docs/keys/deploy_key.pem is not attached: key, certificate')));
    assert.ok(warnings.some((w) => w.includes('docs/keys/id_ed25519.pub is not attached: key, certificate')));
    assert.deepEqual(await stored(), []);
    assert.deepEqual(uploads(), []);
    await assertNothingLeaked(TOKEN);
  });

  it('a .txt attachment holding an API token blocks the document that links it (findings name the attachment); nothing sent', async () => {
    write('docs/index.md', '# Home\n');
    write('docs/guide.md', '# Guide\n\nSee [the notes](notes.txt).\n');
    write('docs/notes.txt', `Setup notes\n\nexport CONFLUENCE_API_TOKEN=${TOKEN}\n`);
    const { plan, report } = await publish();
    const item = plan.items.find((i) => i.file === 'docs/guide.md')!;
    assert.equal(item.action, 'blocked');
    assert.equal(item.code, 'secrets');
    assert.ok(item.findings!.length >= 1);
    assert.deepEqual(
      item.findings!.map((f) => [f.file, f.line, f.rule]),
      [['docs/notes.txt', 3, 'atlassian-api-token']],
    );
    assert.match(item.reason!, /docs\/notes\.txt line 3 \(atlassian-api-token\)/);
    assert.equal(report.results.find((r) => r.file === 'docs/guide.md')!.action, 'blocked');
    assert.deepEqual(await stored(), []);
    await assertNothingLeaked(TOKEN);
    const pages = await api.listPages((await api.getSpace('DOCS')).id);
    assert.ok(!pages.some((p) => p.title === 'Guide'));

    // The CLI's plan shows the attachment file and line, like a document finding.
    const r = await cliRun(root, ['plan', '--space', 'DOCS']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /Blocked\s+docs\/guide\.md/);
    assert.match(r.out, /docs\/notes\.txt:3:\d+ atlassian-api-token/);
  });

  it('a git-ignored file is never attached; tracked attachable files and shared assets outside the docs folder are', async function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    spawnSync('git', ['init', '-q'], { cwd: root });
    write('.gitignore', 'build/\n*.log\n');
    write('build/report.png', PNG);
    write('docs/debug.log', 'a log\n');
    write('assets/shared.png', PNG);
    write('docs/img/ok.png', PNG);
    write('docs/index.md', '# Home\n\n![r](../build/report.png) [log](debug.log) ![s](/assets/shared.png) ![ok](img/ok.png)\n');
    const { plan, report } = await publish();
    assert.equal(report.summary.created, 1, JSON.stringify(report.results));
    const warnings = diagnostics(plan, 'docs/index.md').filter((w) => w.startsWith('attachment-refused'));
    assert.deepEqual(warnings.length, 2, warnings.join('\n'));
    assert.ok(warnings.every((w) => /git ignores it/.test(w)), warnings.join('\n'));
    assert.deepEqual(await stored(), ['ok.png', 'shared.png']);
    assert.equal(uploads().length, 2, JSON.stringify(uploads().map((e) => e.path)));
  });

  it('`confluence create --body-file` applies the same policy: refused links are named, nothing uploaded', async () => {
    write('.env', `CONFLUENCE_API_TOKEN=${TOKEN}\n`);
    write('docs/page.md', '# Page\n\n[env](../.env) ![logo](logo.png) ![ok](ok.png)\n');
    write('docs/ok.png', PNG);
    symlinkSync(join(outside, 'passwd'), join(root, 'docs/logo.png'));
    const r = await cliRun(root, ['create', '--space', 'DOCS', '--title', 'Made by hand', '--body-file', 'docs/page.md']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: docs\/page\.md:3: link to "\.\.\/\.env": \.env is not attached: environment files/);
    assert.match(r.err, new RegExp(`docs/logo\\.png is not attached: symbolic link to a file outside the workspace \\(docs/logo\\.png -> ${outside}/passwd\\)`));
    assert.deepEqual(await stored(), ['ok.png']);
    await assertNothingLeaked(TOKEN, 'TOP-SECRET-OUTSIDE');
  });

  it('a link swapped for a symlink to outside between plan and apply is refused at upload (defence in depth)', async () => {
    write('docs/index.md', '# Home\n\n![logo](logo.png)\n');
    write('docs/logo.png', PNG);
    const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    const engine = new SyncEngine({ root, config, api });
    const plan = await engine.plan();
    assert.equal(plan.items[0].action, 'create');
    unlinkSync(join(root, 'docs/logo.png'));
    symlinkSync(join(outside, 'passwd'), join(root, 'docs/logo.png'));
    const report = await engine.apply(plan);
    const r = report.results.find((x) => x.file === 'docs/index.md')!;
    assert.equal(r.action, 'error');
    assert.match(r.message!, /docs\/logo\.png is not attached: symbolic link to a file outside the workspace/);
    assert.deepEqual(await stored(), []);
    const pages = await api.listPages((await api.getSpace('DOCS')).id);
    assert.ok(!pages.some((p) => p.title === 'Home'), 'the page that would show it is not written either');
  });

  it('a file changed between plan and apply is not uploaded (its content was not the one scanned)', async () => {
    write('docs/index.md', '# Home\n\n[data](data.csv)\n');
    write('docs/data.csv', 'a,b\n1,2\n');
    const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
    const engine = new SyncEngine({ root, config, api });
    const plan = await engine.plan();
    write('docs/data.csv', `a,b\n1,${TOKEN}\n`);
    const report = await engine.apply(plan);
    const r = report.results.find((x) => x.file === 'docs/index.md')!;
    assert.equal(r.action, 'error');
    assert.match(r.message!, /docs\/data\.csv is not attached: it changed after the plan was made/);
    await assertNothingLeaked(TOKEN);
    assert.deepEqual(await stored(), []);
  });
});
