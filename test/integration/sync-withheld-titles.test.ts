/**
 * Issue 10, case 3: a document with a likely secret (in its body, title, front matter or file name) contributes
 * nothing to Confluence or to the plan/sync output beyond its path and the rule ids: not its title to its folder
 * page's list, not its title to links from other pages, not to plan lines, sync lines or --json.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

// Built at run time so this file itself holds no token-shaped string.
const TOKEN = ['ghp', 'Zq7Xk2Lm9Pw4Rt6Yv8Bn3Cs5Df1Gh0Jk2Lm4Np6'].join('_');
const SECRET_TAIL = TOKEN.slice(8); // any visible piece of it is a leak

describe('withheld documents: a secret in a title, front matter or file name reaches nothing', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[]) => runCliCaptured(args, root, env);
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const sent = () => JSON.stringify(server.requestLog.map((e) => [e.path, e.query, e.body]));

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-withheld-'));
    env = { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' };
    write('docs/index.md', '# Handbook\n\nStart here.\n');
    write('docs/guide/ok.md', '# Deploying\n\nSee [the token page](token.md) and [escaped](escaped.md#usage).\n');
    // the secret in the front matter title (in the body scan's reach) ...
    write('docs/guide/token.md', `---\ntitle: "Rotate ${TOKEN}"\n---\n\nHow to rotate.\n`);
    // ... and hidden from a scan of the raw text by a YAML escape: only the parsed title shows it
    write('docs/guide/escaped.md', `---\ntitle: "Escaped \\x${TOKEN.charCodeAt(0).toString(16)}${TOKEN.slice(1)}"\nlabels: [ops]\n---\n\n## Usage\n\nText.\n`);
    // the secret in the file name: even the path is withheld (masked)
    write(`docs/guide/${TOKEN}.md`, '# Harmless title\n\nText.\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('plan --json, plan, sync and the pages sent show only paths (masked where the path holds the secret) and rule ids', async () => {
    assert.ok(!readFileSync(join(root, 'docs/guide/escaped.md'), 'utf8').includes(TOKEN), 'the escaped title hides the token from the raw text');
    const json = await cli(['plan', '--json']);
    assert.equal(json.code, 1, json.err);
    assert.ok(!json.out.includes(SECRET_TAIL) && !json.err.includes(SECRET_TAIL), `plan --json leaks the secret:\n${json.out}\n${json.err}`);
    const results = JSON.parse(json.out).results as Array<{ file: string; action: string; title: string; code?: string; findings?: Array<{ rule: string; line: number }> }>;
    const byFile = new Map(results.map((r) => [r.file, r]));
    for (const f of ['docs/guide/token.md', 'docs/guide/escaped.md']) {
      const r = byFile.get(f)!;
      assert.equal(r.action, 'blocked', f);
      assert.ok(!/Rotate|Escaped/.test(r.title), `${f} shows its title: ${r.title}`);
      assert.ok(r.findings?.some((x) => x.rule === 'github-token' && x.line === 2), `${f}: finding on the title line: ${JSON.stringify(r.findings)}`);
    }
    const masked = results.find((r) => r.code === 'secret-in-path');
    assert.ok(masked && masked.action === 'blocked' && masked.code === 'secret-in-path', JSON.stringify(results.map((r) => r.file)));
    assert.match(masked.file, /\*{4}/);

    const plan = await cli(['plan']);
    assert.ok(!plan.out.includes(SECRET_TAIL) && !plan.err.includes(SECRET_TAIL), `plan leaks:\n${plan.out}\n${plan.err}`);
    assert.match(plan.out, /Blocked\s+docs\/guide\/token\.md/);

    const sync = await cli(['sync']);
    assert.equal(sync.code, 1, sync.err);
    assert.ok(!sync.out.includes(SECRET_TAIL) && !sync.err.includes(SECRET_TAIL), `sync leaks:\n${sync.out}\n${sync.err}`);
    assert.ok(!sent().includes(SECRET_TAIL), 'a request to Confluence carries the secret');
    assert.ok(!sent().includes('Rotate') && !sent().includes('Escaped'), 'a withheld title reached a page (folder list or link text)');
    const mapping = readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8');
    assert.ok(!mapping.includes(SECRET_TAIL), 'the mapping file names the secret path');

    // the folder page and the linking page were published, without the withheld titles
    const created = server.requestLog.filter((e) => e.method === 'POST' && /\/pages$/.test(e.path)).map((e) => e.body as { title: string; body: { value: string } });
    const folder = created.find((b) => b.title === 'Guide')!;
    assert.ok(folder, JSON.stringify(created.map((b) => b.title)));
    assert.match(folder.body.value, /Deploying/);
    const linking = created.find((b) => b.title === 'Deploying')!;
    assert.match(linking.body.value, /the token page \(token\.md\)/, 'a link to a withheld document stays text: the file name');

    const again = await cli(['sync', '--json']);
    assert.ok(!again.out.includes(SECRET_TAIL) && !again.out.includes('Rotate'), again.out);
    const second = JSON.parse(again.out) as { results: Array<{ file: string; action: string }> };
    assert.deepEqual(second.results.filter((r) => r.action !== 'skipped' && r.action !== 'blocked'), []);
  });
});
