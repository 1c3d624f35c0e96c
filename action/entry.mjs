#!/usr/bin/env node
// The GitHub Action's entry (action.yml runs it on Node 20): runs the packed `confluence` CLI with --format github
// (annotations + job summary) and --report, then sets the step outputs from the JSON report.
//
// Inputs arrive as INPUT_<NAME> (names upper-cased, dashes kept: INPUT_DOCS-ROOT, or with underscores), as for any
// action. Mode `auto`: publish on a push (or manual run) to the default branch, plan everywhere else — a pull request
// shows what would change and writes nothing. Plain Node, no dependencies: it runs straight from the action's checkout.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const MODES = ['auto', 'plan', 'publish', 'scan'];
const AUTH = ['', 'scoped', 'basic', 'pat'];

/** An input by name (`docs-root` is INPUT_DOCS-ROOT; INPUT_DOCS_ROOT is accepted too), trimmed; '' when unset. */
export function input(name, from = env) {
  const key = `INPUT_${name.toUpperCase()}`;
  return (from[key] ?? from[key.replace(/-/g, '_')] ?? '').trim();
}

/** Workflow-command escaping (data part). */
const esc = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

class ActionError extends Error {}

/** publish | plan | scan, from the mode input and the event. */
export function resolveMode(from = env) {
  const mode = (input('mode', from) || 'auto').toLowerCase();
  if (!MODES.includes(mode)) throw new ActionError(`input mode must be one of ${MODES.join(', ')}, got '${mode}'`);
  if (mode !== 'auto') return { mode, why: 'mode input' };
  const event = from.GITHUB_EVENT_NAME ?? '';
  let defaultBranch = '';
  try {
    if (from.GITHUB_EVENT_PATH && existsSync(from.GITHUB_EVENT_PATH)) {
      defaultBranch = JSON.parse(readFileSync(from.GITHUB_EVENT_PATH, 'utf8'))?.repository?.default_branch ?? '';
    }
  } catch {
    // an unreadable event file: no default branch known, so plan (never publish by guess)
  }
  const onDefault = defaultBranch !== '' && from.GITHUB_REF === `refs/heads/${defaultBranch}`;
  if ((event === 'push' || event === 'workflow_dispatch' || event === 'schedule') && onDefault) {
    return { mode: 'publish', why: `${event} to the default branch (${defaultBranch})` };
  }
  return { mode: 'plan', why: onDefault ? `${event || 'this event'} publishes nothing` : `${event || 'this event'} on ${from.GITHUB_REF ?? 'a ref'} that is not the default branch${defaultBranch ? ` (${defaultBranch})` : ''}` };
}

/** The command that runs the CLI: the `cli` input (a path: a `confluence` bin or a cli.js), else npx of the package. */
function cliCommand() {
  const given = input('cli');
  if (given) {
    const path = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), given);
    return path.endsWith('.js') || path.endsWith('.mjs') ? [process.execPath, [path]] : [path, []];
  }
  let version = input('cli-version');
  if (!version) {
    try {
      version = JSON.parse(readFileSync(join(HERE, '..', 'package.json'), 'utf8')).version;
    } catch {
      version = 'latest';
    }
  }
  return ['npx', ['--yes', `docs-to-confluence@${version}`]];
}

/** The child's environment: the inputs as the CLI's variables (credentials only when given). */
function cliEnvironment() {
  const out = { ...env, GITHUB_ACTIONS: env.GITHUB_ACTIONS ?? 'true' };
  const set = (name, value) => {
    if (value) out[name] = value;
  };
  set('CONFLUENCE_URL', input('site'));
  set('CONFLUENCE_SPACE', input('space'));
  set('CONFLUENCE_DOCS_ROOT', input('docs-root'));
  set('CONFLUENCE_EMAIL', input('email'));
  set('CONFLUENCE_API_TOKEN', input('api-token'));
  set('CONFLUENCE_PAT', input('pat'));
  const auth = input('auth').toLowerCase();
  if (!AUTH.includes(auth)) throw new ActionError(`input auth must be scoped, basic or pat, got '${auth}'`);
  set('CONFLUENCE_AUTH', auth);
  set('CONFLUENCE_CLOUD_ID', input('cloud-id'));
  return out;
}

/** Step outputs: counts (planned ones for a plan), the raw summary, the report path. */
export function outputsOf(mode, report) {
  const s = report && !Array.isArray(report) ? report.summary ?? {} : {};
  const n = (...keys) => String(keys.reduce((sum, k) => sum + (Number(s[k]) || 0), 0));
  const findings = Array.isArray(report)
    ? report.length
    : (report?.results ?? []).reduce((sum, r) => sum + (r.findings?.length ?? 0), 0);
  return {
    created: n('created', 'create'),
    updated: n('updated', 'update', 'moved', 'move'),
    unchanged: n('skipped', 'unchanged'),
    conflicts: n('conflict'),
    blocked: n('blocked'),
    errors: n('error'),
    orphans: n('orphan', 'archived', 'deleted'),
    findings: String(findings),
    summary: JSON.stringify(s),
  };
}

function setOutputs(values) {
  const lines = Object.entries(values).map(([k, v]) => `${k}=${String(v).replace(/\r?\n/g, ' ')}\n`).join('');
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, lines);
  else process.stdout.write(`(GITHUB_OUTPUT is not set; outputs:)\n${lines}`);
}

async function main() {
  const { mode, why } = resolveMode();
  const cwd = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), input('working-directory') || '.');
  if (!existsSync(cwd)) throw new ActionError(`working-directory ${input('working-directory')} does not exist`);
  const reportPath = resolve(cwd, input('report') || join(env.RUNNER_TEMP || tmpdir(), `confluence-report-${process.pid}.json`));
  const childEnv = cliEnvironment();
  if (mode !== 'scan' && !childEnv.CONFLUENCE_URL && !existsSync(join(cwd, '.confluence.yml'))) {
    throw new ActionError('no Confluence site: set the `site` input (e.g. https://acme.atlassian.net) or `baseUrl:` in .confluence.yml');
  }
  const command = mode === 'publish' ? 'sync' : mode;
  const extra = input('args') ? input('args').split(/\s+/) : [];
  const args = [command, '--format', 'github', '--report', reportPath, ...(mode === 'scan' && input('docs-root') ? [input('docs-root')] : []), ...extra];
  const [cmd, pre] = cliCommand();
  console.log(`docs-to-confluence: ${mode} (${why}) in ${cwd}`);
  console.log(`> confluence ${args.join(' ')}`);
  const code = await new Promise((done) => {
    const child = spawn(cmd, [...pre, ...args], { cwd, env: childEnv, stdio: 'inherit' });
    child.on('error', (err) => {
      console.log(`::error title=docs-to-confluence::${esc(`could not start the CLI (${cmd}): ${err.message}`)}`);
      done(1);
    });
    child.on('close', (status, signal) => done(status ?? (signal ? 1 : 0)));
  });
  let report;
  if (existsSync(reportPath)) {
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8'));
    } catch {
      report = undefined;
    }
  }
  setOutputs({ mode, report: report ? reportPath : '', 'exit-code': code, ...outputsOf(mode, report) });
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      const message = err instanceof ActionError ? err.message : `unexpected failure: ${err?.stack ?? err}`;
      console.log(`::error title=docs-to-confluence::${esc(message)}`);
      process.exit(2);
    },
  );
}
