/**
 * `confluence create` / `update --body-file` keep sync's promise: nothing secret leaves. The body, its title and
 * front matter (also YAML-escaped), its text attachments and the --title/--labels values are scanned before any
 * request; a finding is exit 1 with sync's finding lines (path:line:column rule-id, masked) and nothing sent;
 * `--allow-secrets` publishes anyway; `*.secrets.md` is refused.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

const TOKEN = ['ghp', 'Zq7Xk2Lm9Pw4Rt6Yv8Bn3Cs5Df1Gh0Jk2Lm4Np6'].join('_');
const TAIL = TOKEN.slice(8); // any visible piece of it is a leak

describe('CLI create/update scan the page for secrets before sending it', function () {
  this.timeout(60000);
  const h = useCliHarness();
  const write = (rel: string, text: string) => writeFileSync(join(h.root, rel), text);
  const sent = (since = 0) => JSON.stringify(h.server.requestLog.slice(since).map((e) => [e.path, e.query, e.body]));
  const assertRefused = (r: { code: number; out: string; err: string }, line: RegExp) => {
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /likely secrets? found in .*nothing was sent/);
    assert.match(r.err, line);
    assert.match(r.err, /--allow-secrets/);
    assert.ok(!(r.out + r.err).includes(TAIL), 'the secret is never printed');
  };

  const CASES: Array<[string, string, Record<string, string>, RegExp]> = [
    ['the body', 'page.md', { 'page.md': `# Deploy\n\nUse token ${TOKEN} to deploy.\n` }, /page\.md:3:\d+ github-token/],
    ['a front matter value', 'page.md', { 'page.md': `---\nowner: "${TOKEN}"\n---\n\n# Deploy\n\nText.\n` }, /page\.md:2:\d+ github-token/],
    [
      'a YAML-escaped front matter title',
      'page.md',
      { 'page.md': `---\ntitle: "Escaped \\x${TOKEN.charCodeAt(0).toString(16)}${TOKEN.slice(1)}"\n---\n\n# Deploy\n` },
      /page\.md:2:\d+ github-token/,
    ],
    ['a text attachment', 'page.md', { 'page.md': '# Deploy\n\nSee [the settings](settings.json).\n', 'settings.json': `{\n  "token": "${TOKEN}"\n}\n` }, /settings\.json:2:\d+ github-token/],
    ['a storage-format body', 'page.xml', { 'page.xml': `<p>token ${TOKEN}</p>` }, /page\.xml:1:\d+ github-token/],
  ];

  for (const [what, file, files, line] of CASES) {
    it(`create refuses a secret in ${what}: exit 1, the finding line, nothing sent`, async () => {
      for (const [f, text] of Object.entries(files)) write(f, text);
      if (what.includes('escaped')) assert.ok(!readFileSync(join(h.root, file), 'utf8').includes(TOKEN), 'the escape hides the token from the raw text');
      const mark = h.server.requestLog.length;
      const r = await h.cli(['create', '--title', 'Deploy', '--body-file', file]);
      assertRefused(r, line);
      assert.equal(h.server.requestLog.length, mark, 'not a single request');
    });
  }

  it('update --body-file refuses the same way and leaves the page as it was', async () => {
    write('page.md', '# Deploy\n\nClean.\n');
    let r = await h.cli(['create', '--title', 'Deploy', '--body-file', 'page.md']);
    assert.equal(r.code, 0, r.err);
    const id = /Created page (\d+)/.exec(r.out)![1];
    write('page.md', `# Deploy\n\nNow with ${TOKEN}.\n`);
    const mark = h.server.requestLog.length;
    r = await h.cli(['update', id, '--body-file', 'page.md']);
    assertRefused(r, /page\.md:3:\d+ github-token/);
    assert.equal(h.server.requestLog.length, mark);
    r = await h.cli(['read', id, '--format', 'storage']);
    assert.match(r.out, /Clean\./);
  });

  it('--title and --labels on the command line are scanned too', async () => {
    write('page.md', '# Deploy\n\nClean.\n');
    let r = await h.cli(['create', '--title', `Deploy ${TOKEN}`, '--body-file', 'page.md']);
    assertRefused(r, /command line:1:\d+ github-token/);
    r = await h.cli(['create', '--title', 'Deploy', '--body-file', 'page.md', '--labels', `ops,${TOKEN}`]);
    assertRefused(r, /command line:1:\d+ github-token/);
    assert.equal(sent().includes(TAIL), false);
  });

  it('--allow-secrets publishes anyway with a warning naming the findings', async () => {
    write('page.md', `# Deploy\n\nUse token ${TOKEN} to deploy.\n`);
    const r = await h.cli(['create', '--title', 'Deploy', '--body-file', 'page.md', '--allow-secrets']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: 1 likely secret found; publishing anyway \(--allow-secrets\):\n\s+page\.md:3:\d+ github-token/);
    assert.ok(!r.err.includes(TAIL));
    assert.match(r.out, /Created page \d+/);
  });

  it('--json: the refusal is a JSON error with code SECRETS', async () => {
    write('page.md', `# Deploy\n\nUse token ${TOKEN} to deploy.\n`);
    const r = await h.cli(['create', '--title', 'Deploy', '--body-file', 'page.md', '--json']);
    assert.equal(r.code, 1);
    const err = JSON.parse(r.out).error;
    assert.equal(err.code, 'SECRETS');
    assert.match(err.message, /page\.md:3:\d+ github-token/);
    assert.ok(!r.out.includes(TAIL));
  });

  it('a *.secrets.md body file is refused (secretExclude), even with --allow-secrets', async () => {
    write('prod.secrets.md', '# Prod\n\nnothing detectable here\n');
    const mark = h.server.requestLog.length;
    for (const args of [['create', '--title', 'Prod', '--body-file', 'prod.secrets.md', '--allow-secrets'], ['update', '1', '--body-file', 'prod.secrets.md']]) {
      const r = await h.cli(args);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /--body-file prod\.secrets\.md: not published: it matches the secretExclude glob \*\*\/\*\.secrets\.md/);
    }
    assert.equal(h.server.requestLog.length, mark);
  });
});
