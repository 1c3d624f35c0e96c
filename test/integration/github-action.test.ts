/**
 * Issue 16: the GitHub Action (action.yml -> action/entry.mjs) in a simulated GitHub environment (event file,
 * GITHUB_* variables, temporary summary and output files) running the packed CLI (the npm tarball installed
 * offline, see packed-cli.ts) against the local server: publish on a push to the default branch, plan on a pull
 * request, outputs with the counts and the report path.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { packedCli, type PackedCli } from './packed-cli';

const REPO = join(__dirname, '../..');
const ENTRY = join(REPO, 'action/entry.mjs');

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

describe('GitHub Action (action.yml + action/entry.mjs, packed CLI)', function () {
  this.timeout(180000);
  let cli: PackedCli;
  let server: LocalServer;
  let work: string;
  let repo: string;

  before(async () => {
    cli = await packedCli();
    server = await startLocalServer();
  });
  after(async () => server?.close());
  beforeEach(() => {
    server.reset();
    work = mkdtempSync(join(tmpdir(), 'd2c-action-'));
    repo = join(work, 'repo');
    mkdirSync(repo);
    cpSync(join(REPO, 'samples/docs'), join(repo, 'documentation'), { recursive: true, filter: (src) => !src.endsWith('.confluence-mapping.json') });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** Runs the entry like the composite step does: inputs as INPUT_*, the runner's files in a temp folder. */
  function runAction(event: { name: string; ref: string }, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
    const runner = mkdtempSync(join(work, 'runner-'));
    const files = { event: join(runner, 'event.json'), output: join(runner, 'output'), summary: join(runner, 'summary.md') };
    writeFileSync(files.event, JSON.stringify({ repository: { default_branch: 'main' } }));
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const input = Object.fromEntries(Object.entries({ cli: cli.bin, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v]));
    const childEnv = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? work,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_REF: event.ref,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: repo,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: runner,
      ...input,
      ...env,
    };
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [ENTRY], { cwd: repo, env: childEnv });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => {
        const outputs = Object.fromEntries(
          readFileSync(files.output, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        resolve({ status, stdout, stderr, outputs, summary: readFileSync(files.summary, 'utf8') });
      });
    });
  }

  const site = () => ({ site: server.cloudBaseUrl, space: 'DOCS', 'docs-root': 'documentation', email: 'demo@example.com', 'api-token': 'local-dev-token' });
  const docCount = () => readdirMd(join(REPO, 'samples/docs'));

  it('push to the default branch publishes; outputs carry the counts and the report path; the summary links the pages', async () => {
    const r = await runAction({ name: 'push', ref: 'refs/heads/main' }, site());
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /docs-to-confluence: publish \(push to the default branch \(main\)\)/);
    assert.equal(r.outputs.mode, 'publish');
    assert.equal(r.outputs['exit-code'], '0');
    assert.ok(Number(r.outputs.created) >= docCount(), JSON.stringify(r.outputs));
    assert.equal(r.outputs.conflicts, '0');
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
    assert.equal(String(report.summary.created), r.outputs.created);
    assert.deepEqual(JSON.parse(r.outputs.summary), report.summary);
    assert.match(r.summary, /### Confluence publish: space DOCS/);
    assert.match(r.summary, /\| created \| <code>documentation\/reference\/api\.md<\/code> \| \[HTTP API\]\(http:\/\/127\.0\.0\.1:\d+\//);
    // The docs-root input was honoured: the mapping file sits in it.
    assert.ok(JSON.parse(readFileSync(join(repo, 'documentation/.confluence-mapping.json'), 'utf8'))['documentation/index.md']);
  });

  it('a pull request plans: nothing is written, a changed file is an update with its broken link annotated', async () => {
    assert.equal((await runAction({ name: 'push', ref: 'refs/heads/main' }, site())).status, 0);
    // A fresh checkout of the PR branch: the mapping file was not committed back; pages are recognised by their property.
    rmSync(join(repo, 'documentation/.confluence-mapping.json'));
    writeFileSync(join(repo, 'documentation/guides/alerting.md'), '# Alerting\n\nRewritten.\n\nSee [the old page](pager.md).\n');
    const writesBefore = server.requestLog.filter((e) => e.method !== 'GET').length;
    const r = await runAction({ name: 'pull_request', ref: 'refs/pull/7/merge' }, site());
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.mode, 'plan');
    assert.match(r.stdout, /plan \(pull_request on refs\/pull\/7\/merge that is not the default branch \(main\)\)/);
    assert.equal(r.outputs.updated, '1', JSON.stringify(r.outputs));
    assert.equal(r.outputs.created, '0');
    assert.equal(Number(r.outputs.unchanged), docCount() - 1);
    assert.equal(server.requestLog.filter((e) => e.method !== 'GET').length, writesBefore, 'a plan writes nothing');
    assert.match(r.stdout, /^::warning file=documentation\/guides\/alerting\.md,line=5,.*pager\.md/m);
    assert.match(r.summary, /\| update \| <code>documentation\/guides\/alerting\.md<\/code> \| \[Alerting\]\(/);
  });

  it('a push to another branch plans; mode publish forces a publish; scan needs no site', async () => {
    let r = await runAction({ name: 'push', ref: 'refs/heads/feature' }, site());
    assert.equal(r.outputs.mode, 'plan');
    assert.equal(Number(r.outputs.created), docCount());
    r = await runAction({ name: 'push', ref: 'refs/heads/feature' }, { ...site(), mode: 'publish' });
    assert.equal(r.outputs.mode, 'publish');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    writeFileSync(join(repo, 'documentation/guides/creds.md'), `# Creds\n\ntoken: ${['ATATT3', 'xFfGF0', 'q9Lm2Zk8VbYw3Pq7sH1cXe5Dg9JoLk2MnBvCx4Za8Qw6Er7Ty1Ui3Op5As7Df9Gh2Jk4Lz6Xc8Vb0Nm1Qa3Ws5Ed7Rf9Tg', '=1A2B3C4D'].join('')}\n`);
    r = await runAction({ name: 'pull_request', ref: 'refs/pull/8/merge' }, { mode: 'scan', 'docs-root': 'documentation' });
    assert.equal(r.status, 1);
    assert.equal(r.outputs.mode, 'scan');
    assert.equal(r.outputs.findings, '1');
    assert.match(r.stdout, /^::error file=documentation\/guides\/creds\.md,line=3,/m);
  });

  it('bad input: a clear annotation and exit 2; a wrong token fails the step with the CLI error, outputs still set', async () => {
    let r = await runAction({ name: 'push', ref: 'refs/heads/main' }, { ...site(), mode: 'deploy' });
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^::error title=docs-to-confluence::input mode must be one of auto, plan, publish, scan/m);
    r = await runAction({ name: 'push', ref: 'refs/heads/main' }, { ...site(), site: '' });
    assert.equal(r.status, 2);
    assert.match(r.stdout, /no Confluence site: set the `site` input/);
    r = await runAction({ name: 'push', ref: 'refs/heads/main' }, { ...site(), 'api-token': 'wrong-token-0123456789' });
    assert.equal(r.status, 1);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs.report, '');
    assert.match(r.stdout, /^::error title=Confluence::.*401/m);
    assert.ok(!(r.stdout + r.stderr).includes('wrong-token-0123456789'));
  });

  it('action.yml passes every input to the entry and maps every output from it', () => {
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8'));
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'run');
    assert.equal(action.runs.using, 'composite');
    assert.match(step.run, /action\/entry\.mjs/);
    for (const name of Object.keys(action.inputs)) {
      if (name === 'setup-node') continue;
      const key = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      assert.equal(step.env[key], `\${{ inputs.${name} }}`, `input ${name}`);
    }
    const entry = readFileSync(ENTRY, 'utf8');
    for (const [name, out] of Object.entries<{ value: string }>(action.outputs)) {
      assert.equal(out.value, `\${{ steps.run.outputs.${name} }}`);
      assert.ok(entry.includes(`${name}:`) || entry.includes(`'${name}'`) || entry.includes(` ${name},`), `entry sets output ${name}`);
    }
    const example = parse(readFileSync(join(REPO, 'docs/github-workflow-example.yml'), 'utf8'));
    const uses = example.jobs.confluence.steps.find((s: { uses?: string }) => s.uses?.startsWith('docs-to-confluence/'));
    for (const name of Object.keys(uses.with)) assert.ok(name in action.inputs, `example uses unknown input ${name}`);
  });
});

function readdirMd(dir: string): number {
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.md')).length;
}
