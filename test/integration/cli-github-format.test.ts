/**
 * Issue 16: `--format github` (automatic with GITHUB_ACTIONS=true) for plan, sync and scan, in a simulated GitHub
 * environment (GITHUB_ACTIONS, GITHUB_WORKSPACE, a temporary GITHUB_STEP_SUMMARY file) against the local server:
 * annotations on the right file and line for secrets, broken links and conflicts; a job summary with the plan/result
 * table and links to the pages; `--report` writes the JSON report.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

const cat = (...parts: string[]) => parts.join('');
const TOKEN = cat('ATATT3', 'xFfGF0', 'q9Lm2Zk8VbYw3Pq7sH1cXe5Dg9JoLk2MnBvCx4Za8Qw6Er7Ty1Ui3Op5As7Df9Gh2Jk4Lz6Xc8Vb0Nm1Qa3Ws5Ed7Rf9Tg', '=1A2B3C4D');

/** The workflow commands in an output: [{ level, props, message }]. */
function annotations(out: string): Array<{ level: string; props: Record<string, string>; message: string }> {
  return [...out.matchAll(/^::(error|warning|notice) ([^:]*)::(.*)$/gm)].map((m) => ({
    level: m[1],
    props: Object.fromEntries(m[2].split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])),
    message: m[3],
  }));
}

describe('confluence --format github (simulated GitHub Actions)', function () {
  this.timeout(60000);
  const h = useCliHarness();
  let summary: string;
  let gh: NodeJS.ProcessEnv;
  beforeEach(() => {
    summary = join(h.root, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    gh = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: h.root, GITHUB_STEP_SUMMARY: summary };
  });
  const write = (rel: string, text: string) => writeFileSync(join(h.root, rel), text);

  it('plan on Actions: a broken link and a secret are annotations on their line; the summary lists what would change', async () => {
    write('docs/guides/links.md', '# Links\n\nIntro.\n\nSee [the missing page](nowhere.md).\n');
    write('docs/guides/creds.md', `# Credentials\n\nfine\n\ntoken: ${TOKEN}\n`);
    const r = await h.cli(['plan'], gh);
    assert.equal(r.code, 1, r.err); // the secret blocks its document
    const found = annotations(r.out);
    const link = found.find((a) => a.props.file === 'docs/guides/links.md');
    assert.ok(link, r.out);
    assert.equal(link.level, 'warning');
    assert.equal(link.props.line, '5');
    assert.match(link.props.title, /link-unresolved/);
    assert.match(link.message, /nowhere\.md/);
    const secret = found.filter((a) => a.props.file === 'docs/guides/creds.md');
    assert.equal(secret.length, 1, 'one annotation for the secret, not a second one for the blocked document');
    assert.equal(secret[0].level, 'error');
    assert.equal(secret[0].props.line, '5');
    assert.equal(secret[0].props.col, '8');
    assert.match(secret[0].props.title, /Possible secret/);
    assert.ok(!r.out.includes(TOKEN) && !readFileSync(summary, 'utf8').includes(TOKEN), 'the secret itself is never printed');
    // Annotations replace the plain converter lines on stderr.
    assert.doesNotMatch(r.err, /link-unresolved/);
    // The text report is still there.
    assert.match(r.out, /^Create\s+docs\/index\.md/m);
    const md = readFileSync(summary, 'utf8');
    assert.ok(md.startsWith('# earlier step\n'), 'appended, not overwritten');
    assert.match(md, /### Confluence plan: space DOCS/);
    assert.match(md, /\| create \| <code>docs\/guides\/links\.md<\/code> \| Links \(under Guides\) \|/);
    assert.match(md, /\| blocked \| <code>docs\/guides\/creds\.md<\/code> \|/);
    assert.match(md, /dry run: nothing was written/);
    assert.deepEqual(h.writes(), [], 'a plan writes nothing');
  });

  it('sync: the summary links the pages; a conflict is an error annotation on the file; --report writes the JSON', async () => {
    let r = await h.cli(['sync', '--report', 'out/report.json'], gh);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(readFileSync(join(h.root, 'out/report.json'), 'utf8'));
    assert.equal(report.summary.created, report.results.length);
    let md = readFileSync(summary, 'utf8');
    assert.match(md, /### Confluence publish: space DOCS/);
    const api = report.results.find((x: { file: string }) => x.file === 'docs/reference/api.md');
    assert.ok(md.includes(`| created | <code>docs/reference/api.md</code> | [HTTP API](${api.url}) |`), md);
    assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+\//);

    // Someone edits the page in Confluence, and the file changes too: a conflict.
    const id = h.mapping()['docs/reference/api.md'].page_id;
    assert.equal((await h.cli(['update', id, '--space', 'DOCS', '--body-file', join(h.root, 'docs/reference/cli.md')])).code, 0);
    write('docs/reference/api.md', '# HTTP API\n\nLocal change.\n');
    writeFileSync(summary, '');
    r = await h.cli(['sync'], gh);
    assert.equal(r.code, 1);
    const conflict = annotations(r.out).find((a) => a.props.file === 'docs/reference/api.md');
    assert.ok(conflict, r.out);
    assert.equal(conflict.level, 'error');
    assert.equal(conflict.props.title, 'Confluence conflict');
    assert.match(conflict.message, /--force/);
    md = readFileSync(summary, 'utf8');
    assert.match(md, /\| conflict \| <code>docs\/reference\/api\.md<\/code> \|/);
    assert.match(md, /<details><summary>\d+ unchanged page\(s\)<\/summary>/);
  });

  it('paths are relative to GITHUB_WORKSPACE when the docs live in a subfolder of the repository', async () => {
    mkdirSync(join(h.root, 'site'));
    const { cpSync } = await import('node:fs');
    cpSync(join(h.root, 'docs'), join(h.root, 'site/docs'), { recursive: true });
    writeFileSync(join(h.root, 'site/docs/guides/links.md'), '# Links\n\n[x](gone.md)\n');
    const r = await h.cli(['plan'], gh, join(h.root, 'site'));
    assert.equal(r.code, 0, r.err);
    const link = annotations(r.out).find((a) => /gone\.md/.test(a.message));
    assert.equal(link?.props.file, 'site/docs/guides/links.md', r.out);
    assert.equal(link?.props.line, '3');
  });

  it('--json on Actions stays pure JSON with no summary; --format text turns GitHub output off', async () => {
    write('docs/guides/links.md', '# Links\n\n[x](gone.md)\n');
    let r = await h.cli(['plan', '--json'], gh);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).dryRun, true);
    r = await h.cli(['plan', '--format', 'text'], gh);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /^::/m);
    assert.match(r.err, /link-unresolved/);
    assert.equal(readFileSync(summary, 'utf8'), '# earlier step\n');
    r = await h.cli(['plan', '--format', 'yaml'], gh);
    assert.equal(r.code, 2);
    assert.match(r.err, /--format must be one of text, json, github/);
    r = await h.cli(['plan', '--json', '--format', 'github'], gh);
    assert.equal(r.code, 2);
  });

  it('scan --format github (off Actions too): annotations + summary; --report equals --json', async () => {
    write('docs/guides/creds.md', `# Credentials\n\ntoken: ${TOKEN}\n`);
    const r = await h.cli(['scan', '--format', 'github', '--report', 'scan.json'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.code, 1);
    const [a] = annotations(r.out);
    assert.deepEqual([a.level, a.props.file, a.props.line], ['error', 'docs/guides/creds.md', '3']);
    assert.match(a.message, /fingerprint [0-9a-f]+ to \.confluence-secrets-ignore/);
    const md = readFileSync(summary, 'utf8');
    assert.match(md, /### Confluence secret scan/);
    assert.match(md, /\*\*1 possible secret\(s\)\*\* in 1 of \d+ file\(s\)/);
    const json = await h.cli(['scan', '--json']);
    assert.deepEqual(JSON.parse(readFileSync(join(h.root, 'scan.json'), 'utf8')), JSON.parse(json.out));
    assert.ok(!md.includes(TOKEN) && !r.out.includes(TOKEN));
  });

  it('a failure that ends the command is an annotation too, without the token', async () => {
    const r = await h.cli(['plan'], { ...gh, CONFLUENCE_API_TOKEN: 'wrong-token-0123456789' });
    assert.equal(r.code, 1);
    const [a] = annotations(r.out);
    assert.equal(a?.level, 'error', r.out + r.err);
    assert.equal(a.props.title, 'Confluence');
    assert.match(a.message, /401/);
    assert.ok(!r.out.includes('wrong-token-0123456789'));
    assert.ok(!existsSync(join(h.root, 'docs/.confluence-mapping.json')));
  });
});
