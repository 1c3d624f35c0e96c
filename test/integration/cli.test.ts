/** The `confluence` CLI in-process (runCli with captured output) against the embedded server. */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/context';
import { runCli } from '../../src/cli/program';
import { startLocalServer, type LocalServer } from '../../src/server/index';

const SAMPLES = join(__dirname, '../../samples/docs');

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('confluence CLI (in-process)', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;
  let env: NodeJS.ProcessEnv;

  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}, cwd = root): Promise<Run> => {
    let out = '';
    let err = '';
    const io: CliIO = { cwd, env: { ...env, ...extraEnv }, stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false };
    const code = await runCli(args, io);
    return { code, out, err };
  };
  const mapping = () => JSON.parse(readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8')) as Record<string, { page_id: string }>;

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-cli-'));
    cpSync(SAMPLES, join(root, 'docs'), { recursive: true });
    env = { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('--help works on every command', async () => {
    for (const cmd of [[], ['sync'], ['publish'], ['plan'], ['create'], ['update'], ['read'], ['status'], ['mapping', 'rebuild'], ['demo']]) {
      const r = await cli([...cmd, '--help']);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.err}`);
      assert.match(r.out, /Usage: confluence/, cmd.join(' '));
    }
  });

  it('unknown flags, missing arguments and bad values exit 2 with a clear message', async () => {
    let r = await cli(['sync', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown option '--bogus'/);
    r = await cli(['publish']);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing required argument 'files'/);
    r = await cli(['create', '--space', 'DOCS', '--body-file', 'docs/index.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--title/);
    r = await cli(['sync', '--orphans', 'burn']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--orphans must be one of report, archive, delete/);
    r = await cli(['sync', 'docs/nope.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /docs\/nope\.md: no such file/);
  });

  it('missing credentials exit 2 naming the variables; http:// is refused except for loopback', async () => {
    let r = await cli(['sync'], { CONFLUENCE_EMAIL: '', CONFLUENCE_API_TOKEN: '' });
    assert.equal(r.code, 2);
    assert.match(r.err, /CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN \(Cloud\), or CONFLUENCE_PAT \(Data Center\)/);
    r = await cli(['sync'], { CONFLUENCE_URL: 'http://confluence.example.com' });
    assert.equal(r.code, 2);
    assert.match(r.err, /http:\/\/.*only accepted for localhost/);
  });

  it('reads credentials from .env without overriding real variables', async () => {
    writeFileSync(join(root, '.env'), `# local\nCONFLUENCE_URL=${server.cloudBaseUrl}\nexport CONFLUENCE_EMAIL="demo@example.com"\nCONFLUENCE_API_TOKEN='local-dev-token'\n`);
    env = { CONFLUENCE_SPACE: 'DOCS' };
    const r = await cli(['plan']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Create\s+docs\/index\.md/);
  });

  it('an unknown space is a clear error naming the setting', async () => {
    const r = await cli(['plan', '--space', 'NOPE']);
    assert.equal(r.code, 1);
    assert.match(r.err, /NOPE/);
    assert.match(r.err, /CONFLUENCE_SPACE/);
  });

  it('a wrong token is a clear error naming the variable to fix', async () => {
    const r = await cli(['sync'], { CONFLUENCE_API_TOKEN: 'wrong' });
    assert.equal(r.code, 1);
    assert.match(r.err, /CONFLUENCE_API_TOKEN/);
    assert.doesNotMatch(r.err, /wrong/);
  });

  it('plan writes nothing; sync prints one line per file and a summary; --json is machine-readable', async () => {
    const p = await cli(['plan']);
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /Plan for space DOCS: 13 create \(dry run: nothing was written\)/);
    assert.equal(server.requestLog.filter((e) => e.method !== 'GET').length, 0);
    assert.ok(!existsSync(join(root, 'docs/.confluence-mapping.json')));

    const s = await cli(['sync']);
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /^Created\s+docs\/getting-started\/installation\.md\s+"Installation"\s+http:\/\/127\.0\.0\.1:\d+\/wiki\/spaces\/DOCS\/pages\/\d+/m);
    assert.match(s.out, /13 created in \d+\.\d s/);

    const again = await cli(['sync']);
    assert.equal(again.out.match(/^Skipped\s+docs\//gm)?.length, 13, 'one line per file, skipped ones too');

    writeFileSync(join(root, 'docs/guides/alerting.md'), '# Alerting\n\nShorter now.\n');
    const j = await cli(['sync', '--json']);
    assert.equal(j.code, 0, j.err);
    const report = JSON.parse(j.out);
    assert.deepEqual(report.summary, { skipped: 12, updated: 1 });
    const row = report.results.find((r: { file: string }) => r.file === 'docs/guides/alerting.md');
    assert.deepEqual(Object.keys(row).sort(), ['action', 'file', 'pageId', 'title', 'url', 'version'].sort());
    assert.equal(row.action, 'updated');
    assert.equal(row.version, 2);

    const dry = JSON.parse((await cli(['sync', '--dry-run', '--json'])).out);
    assert.equal(dry.dryRun, true);
    assert.deepEqual(dry.summary, { unchanged: 13 });
  });

  it('converter warnings (a broken link) go to stderr with file and line', async () => {
    writeFileSync(join(root, 'docs/guides/alerting.md'), '# Alerting\n\nSee [the missing page](nowhere.md).\n');
    const r = await cli(['plan']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^warning: docs\/guides\/alerting\.md:3(:\d+)?: .*nowhere\.md/m);
  });

  it('publish FILE publishes that file and its parents; exit 1 on a conflict', async () => {
    const r = await cli(['publish', 'docs/reference/api.md']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(Object.keys(mapping()).sort(), ['docs/index.md', 'docs/reference/api.md', 'docs/reference/index.md']);

    const id = mapping()['docs/reference/api.md'].page_id;
    const read = await cli(['read', id, '--format', 'storage', '--json']);
    const page = JSON.parse(read.out);
    const upd = await cli(['update', id, '--space', 'DOCS', '--body-file', join(root, 'docs/reference/cli.md')]);
    assert.equal(upd.code, 0, upd.err);
    assert.match(upd.out, new RegExp(`Updated page ${id} "HTTP API" \\(version ${page.version + 1}\\)`));
    writeFileSync(join(root, 'docs/reference/api.md'), '# HTTP API\n\nLocal change.\n');
    const c = await cli(['publish', 'docs/reference/api.md']);
    assert.equal(c.code, 1);
    assert.match(c.out, /^Conflict\s+docs\/reference\/api\.md/m);
    assert.match(c.out, /--force/);
    const f = await cli(['publish', 'docs/reference/api.md', '--force']);
    assert.equal(f.code, 0, f.out + f.err);
  });

  it('create, update and read single pages (seed-compatible)', async () => {
    writeFileSync(join(root, 'note.md'), '# Release notes\n\n- [x] shipped\n\n```js\nconsole.log(1)\n```\n');
    let r = await cli(['create', '--title', 'Release 2.4', '--space', 'DOCS', '--body-file', 'note.md', '--labels', 'release,Notes', '--jira-ticket', 'LH-12']);
    assert.equal(r.code, 0, r.err);
    const id = /Created page (\d+)/.exec(r.out)![1];
    r = await cli(['create', '--title', 'Child', '--space', 'DOCS', '--body-file', 'note.md', '--parent', 'Release 2.4']);
    assert.equal(r.code, 0, r.err);
    r = await cli(['create', '--title', 'Release 2.4', '--space', 'DOCS', '--body-file', 'note.md']);
    assert.equal(r.code, 1);
    assert.match(r.err, /already exists.*confluence update/);
    r = await cli(['update', 'Release 2.4', '--space', 'DOCS', '--title', 'Release 2.4.1']);
    assert.equal(r.code, 0, r.err);
    r = await cli(['read', id, '--format', 'storage']);
    assert.match(r.out, /ac:name="jira"/);
    assert.match(r.out, /ac:name="code"/);
    r = await cli(['read', 'Release 2.4.1', '--space', 'DOCS']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /console\.log\(1\)/);
    r = await cli(['read', 'No such page', '--space', 'DOCS']);
    assert.equal(r.code, 1);
    assert.match(r.err, /no page titled "No such page" in space DOCS/);
  });

  it('status is offline and shows changed and new files', async () => {
    await cli(['sync']);
    writeFileSync(join(root, 'docs/guides/alerting.md'), '# Alerting\n\nchanged\n');
    writeFileSync(join(root, 'docs/guides/new.md'), '# Brand new\n');
    const r = await cli(['status', '--json'], { CONFLUENCE_URL: '' });
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    const state = (f: string) => s.files.find((x: { file: string }) => x.file === f).state;
    assert.equal(state('docs/guides/alerting.md'), 'changed');
    assert.equal(state('docs/guides/new.md'), 'new');
    assert.equal(state('docs/reference/cli.md'), 'in-sync');
  });

  it('orphans: archive/delete need a yes; mapping rebuild recovers the mapping', async () => {
    await cli(['sync']);
    rmSync(join(root, 'docs/reference/cli.md'));
    let r = await cli(['sync', '--orphans', 'delete']);
    assert.equal(r.code, 2);
    assert.match(r.err, /needs a yes.*--yes[\s\S]*docs\/reference\/cli\.md/);
    r = await cli(['sync', '--orphans', 'delete', '--yes']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Deleted\s+docs\/reference\/cli\.md/m);

    const before = mapping();
    rmSync(join(root, 'docs/.confluence-mapping.json'));
    r = await cli(['mapping', 'rebuild']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /12 page\(s\) recovered/);
    const after = mapping();
    assert.deepEqual(Object.keys(after), Object.keys(before));
    for (const [k, e] of Object.entries(before)) assert.equal(after[k].page_id, e.page_id, k);
    r = await cli(['sync', '--json']);
    assert.deepEqual(JSON.parse(r.out).summary, { skipped: 12 }, 'the rebuilt mapping is complete');
  });

  it('a corrupt mapping file is an error naming it, and it is left alone', async () => {
    writeFileSync(join(root, 'docs/.confluence-mapping.json'), '{ "docs/index.md": ');
    const r = await cli(['sync']);
    assert.equal(r.code, 2);
    assert.match(r.err, /docs\/\.confluence-mapping\.json:1: the mapping file is not valid JSON/);
    assert.equal(readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8'), '{ "docs/index.md": ');
  });

  it('demo --no-serve publishes the samples to a local server and prints the root page URL', async () => {
    const r = await cli(['demo', '--no-serve']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /13 created/);
    assert.match(r.out, /Open the docs: http:\/\/127\.0\.0\.1:\d+\/wiki\/spaces\/DOCS\/pages\/\d+/);
  });
});
