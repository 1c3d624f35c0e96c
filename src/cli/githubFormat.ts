/**
 * `--format github` (automatic when GITHUB_ACTIONS=true): the report of `plan`, `sync`, `publish` and `scan` as GitHub
 * Actions sees it — findings as workflow annotations on their file and line (secrets, broken links and other converter
 * warnings, conflicts, blocked and failed documents), and a job summary (`$GITHUB_STEP_SUMMARY`, Markdown) with the
 * plan or result table and links to the pages. Fed by the same objects as `--json`; stdout keeps the text report.
 * `--report <file>` writes the `--json` report to a file whatever the format (the GitHub Action reads it).
 */
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { DocumentDiagnostic, PlanItem, SecretFinding, SyncPlan, SyncReport, SyncResult } from '../core';
import { CliExit, type CliIO } from './context';
import { planJson, reportJson } from './report';

export type OutputFormat = 'text' | 'json' | 'github';
const FORMATS: OutputFormat[] = ['text', 'json', 'github'];

export interface FormatOptions {
  format?: string;
  json?: boolean;
  report?: string;
}

/** `--format` and `--report`, for the commands that print a report. */
export function addFormatOptions(cmd: Command): Command {
  return cmd
    .option('--format <format>', 'text, json (= --json) or github: annotations + job summary (default on GitHub Actions: github)')
    .option('--report <file>', 'also write the JSON report (as --json prints it) to this file');
}

/** The output format: `--json` / `--format`, else github when running on GitHub Actions, else text. */
export function outputFormat(opts: FormatOptions, env: NodeJS.ProcessEnv): OutputFormat {
  const given = opts.format?.trim().toLowerCase();
  if (given !== undefined && !FORMATS.includes(given as OutputFormat)) {
    throw new CliExit(2, `error: --format must be one of ${FORMATS.join(', ')}, got '${opts.format}'`);
  }
  if (opts.json) {
    if (given && given !== 'json') throw new CliExit(2, `error: --json and --format ${given} contradict each other: give one`);
    return 'json';
  }
  if (given) return given as OutputFormat;
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
}

/** Same rule from raw arguments (for failures before the options are parsed, see fatal.ts). */
export function formatFromArgv(argv: string[], env: NodeJS.ProcessEnv): OutputFormat {
  const args = argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'));
  if (args.includes('--json')) return 'json';
  for (const [i, a] of args.entries()) {
    const value = a === '--format' ? args[i + 1] : a.startsWith('--format=') ? a.slice('--format='.length) : undefined;
    if (value && FORMATS.includes(value as OutputFormat)) return value as OutputFormat;
  }
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
}

// ----- workflow commands -----------------------------------------------------------------------------------------

type Level = 'error' | 'warning' | 'notice';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Paths in annotations are relative to the repository (GITHUB_WORKSPACE), the CLI's ones to its working folder. */
function repoPath(file: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE;
  const clean = file.replace(/\/$/, '');
  if (!workspace) return clean;
  const rel = relative(resolve(workspace), resolve(cwd, clean));
  return rel.startsWith('..') ? clean : rel.split(sep).join('/');
}

export interface Annotation {
  level: Level;
  file?: string;
  line?: number;
  column?: number;
  title: string;
  message: string;
}

/** `::error file=docs/a.md,line=3,col=5,title=…::message` (escaped as the runner expects). */
export function workflowCommand(a: Annotation, cwd: string, env: NodeJS.ProcessEnv): string {
  const props: string[] = [];
  if (a.file) props.push(`file=${escapeProperty(repoPath(a.file, cwd, env))}`);
  if (a.file && a.line) props.push(`line=${a.line}`);
  if (a.file && a.line && a.column) props.push(`col=${a.column}`);
  props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

const LEVEL: Record<DocumentDiagnostic['severity'], Level> = { error: 'error', warning: 'warning', info: 'notice' };

export function secretAnnotation(f: SecretFinding, file?: string): Annotation {
  return {
    level: 'error',
    file: f.file || file,
    line: f.line,
    column: f.column,
    title: `Possible secret (${f.rule})`,
    message: `${f.message} (${f.preview}). Remove it, or if it is not a secret add its fingerprint ${f.fingerprint} to .confluence-secrets-ignore.`,
  };
}

function diagnosticAnnotation(d: DocumentDiagnostic): Annotation {
  return { level: LEVEL[d.severity], file: d.file, line: d.line, column: d.column, title: `Confluence: ${d.code}`, message: d.message };
}

const PROBLEM_TITLE: Record<string, string> = { conflict: 'Confluence conflict', blocked: 'Not published (blocked)', error: 'Not published (error)' };

/** Annotations for a plan: converter diagnostics, secrets, and documents that conflict, are blocked or fail. */
export function planAnnotations(plan: SyncPlan): Annotation[] {
  const out: Annotation[] = (plan.warnings ?? []).map(diagnosticAnnotation);
  for (const item of plan.items) {
    for (const d of item.diagnostics ?? []) out.push(diagnosticAnnotation(d));
    for (const f of item.findings ?? []) out.push(secretAnnotation(f, item.file));
    const title = PROBLEM_TITLE[item.action];
    // Secrets already have their own annotation on the line; the item-level one would repeat it.
    if (title && !(item.code === 'secrets' && item.findings?.length)) {
      out.push({ level: 'error', file: item.file, line: item.kind === 'document' ? 1 : undefined, title, message: item.reason ?? `${item.action}: "${item.title}"` });
    }
  }
  return out;
}

/** Annotations for what a publish could not do (its plan's annotations come from planAnnotations). */
export function resultAnnotations(report: SyncReport, plan: SyncPlan): Annotation[] {
  const plannedProblem = new Set(plan.items.filter((i) => PROBLEM_TITLE[i.action]).map((i) => i.file));
  return report.results
    .filter((r) => PROBLEM_TITLE[r.action] && !plannedProblem.has(r.file))
    .map((r) => ({ level: 'error' as const, file: r.file, line: r.file.endsWith('/') ? undefined : 1, title: PROBLEM_TITLE[r.action], message: r.message ?? `${r.action}: "${r.title}"` }));
}

// ----- job summary -----------------------------------------------------------------------------------------------

const MAX_ROWS = 300;
const cell = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, '<br>');
const code = (s: string) => `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '&#124;')}</code>`;
const link = (title: string, url?: string) => (url ? `[${cell(title)}](${url})` : cell(title));
const count = (summary: Record<string, number>) =>
  Object.entries(summary)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'nothing to publish';

function table(header: string[], rows: string[][]): string {
  if (!rows.length) return '';
  const shown = rows.slice(0, MAX_ROWS);
  const more = rows.length > MAX_ROWS ? `\n_…and ${rows.length - MAX_ROWS} more (see the JSON report)._\n` : '';
  return `| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${shown.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n${more}`;
}

function planRow(i: PlanItem, pageUrl?: (id: string) => string): string[] {
  const where = i.parentTitle && (i.action === 'create' || i.action === 'move' || i.moves) ? ` (${i.action === 'create' ? 'under' : 'moves under'} ${cell(i.parentTitle)})` : '';
  const secrets = i.findings?.length ? `${i.findings.length} possible secret(s)` : '';
  return [i.action, code(i.file), link(i.title, i.pageId && pageUrl ? pageUrl(i.pageId) : undefined) + where, cell([i.reason, secrets].filter(Boolean).join('; '))];
}

/** Markdown for the job summary of a plan: what would change, unchanged pages folded away. */
export function planSummaryMarkdown(plan: SyncPlan, pageUrl?: (id: string) => string): string {
  const changing = plan.items.filter((i) => i.action !== 'unchanged');
  const unchanged = plan.items.filter((i) => i.action === 'unchanged');
  let md = `### Confluence plan: space ${cell(plan.spaceKey)}, under "${cell(plan.rootPageTitle)}"\n\n`;
  md += `**${count(plan.summary)}** (dry run: nothing was written)\n\n`;
  md += changing.length ? table(['Action', 'File', 'Page', 'Note'], changing.map((i) => planRow(i, pageUrl))) : 'Nothing would change.\n';
  if (unchanged.length) {
    md += `\n<details><summary>${unchanged.length} unchanged page(s)</summary>\n\n${table(['File', 'Page'], unchanged.map((i) => [code(i.file), link(i.title, i.pageId && pageUrl ? pageUrl(i.pageId) : undefined)]))}\n</details>\n`;
  }
  return md + '\n';
}

const resultRow = (r: SyncResult) => [r.action, code(r.file), link(r.title, r.url), cell(r.message ?? '')];

/** Markdown for the job summary of a publish: what was done, with links to the pages; skipped ones folded away. */
export function reportSummaryMarkdown(report: SyncReport, spaceKey: string, elapsedMs: number): string {
  const done = report.results.filter((r) => r.action !== 'skipped');
  const skipped = report.results.filter((r) => r.action === 'skipped');
  let md = `### Confluence publish: space ${cell(spaceKey)}\n\n**${count(report.summary)}** in ${(elapsedMs / 1000).toFixed(1)} s\n\n`;
  md += done.length ? table(['Result', 'File', 'Page', 'Note'], done.map(resultRow)) : 'Nothing changed: every page was up to date.\n';
  if (skipped.length) md += `\n<details><summary>${skipped.length} unchanged page(s)</summary>\n\n${table(['File', 'Page'], skipped.map((r) => [code(r.file), link(r.title, r.url)]))}\n</details>\n`;
  return md + '\n';
}

export interface ScanRow extends Pick<SecretFinding, 'file' | 'line' | 'column' | 'rule' | 'message' | 'preview' | 'fingerprint'> {
  attachedTo?: string[];
}

export function scanSummaryMarkdown(rows: ScanRow[], scanned: number): string {
  let md = `### Confluence secret scan\n\n`;
  if (!rows.length) return md + `No secrets found in ${scanned} file(s).\n\n`;
  md += `**${rows.length} possible secret(s)** in ${new Set(rows.map((r) => r.file)).size} of ${scanned} file(s): publishing them is blocked.\n\n`;
  md += table(['File', 'Line', 'Rule', 'Preview', 'Fingerprint'], rows.map((r) => [code(r.file), String(r.line), cell(r.rule), code(r.preview), code(r.fingerprint)]));
  return md + '\n';
}

// ----- output ------------------------------------------------------------------------------------------------------

/**
 * Writes the annotations (stdout, where the runner reads workflow commands) and appends the Markdown to
 * $GITHUB_STEP_SUMMARY. Without that variable (not on a runner) the summary is skipped with a note.
 */
export function emitGithub(io: CliIO, annotations: Annotation[], markdown: string): void {
  for (const a of annotations) io.stdout(workflowCommand(a, io.cwd, io.env) + '\n');
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    io.stderr('note: GITHUB_STEP_SUMMARY is not set, so no job summary was written (--format github)\n');
    return;
  }
  try {
    appendFileSync(file, markdown);
  } catch (err) {
    io.stderr(`warning: could not append the job summary to ${file}: ${(err as Error).message}\n`);
  }
}

/** `--report <file>`: the JSON report, written whole (a reader never sees half a file). */
export function writeReportFile(io: CliIO, path: string | undefined, report: unknown): void {
  if (!path) return;
  const abs = resolve(io.cwd, path);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    const tmp = `${abs}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n');
    renameSync(tmp, abs);
  } catch (err) {
    throw new CliExit(2, `error: --report ${path}: cannot write the report (${(err as Error).message})`);
  }
}

/** Under `--format github`, a failure that ends the command is an annotation too. */
export function fatalAnnotation(io: CliIO, argv: string[], message: string): void {
  if (formatFromArgv(argv, io.env) !== 'github' || !message) return;
  io.stdout(workflowCommand({ level: 'error', title: 'Confluence', message: message.replace(/^error:\s*/, '').trim() }, io.cwd, io.env) + '\n');
}

// ----- the commands' one call each ---------------------------------------------------------------------------------

/** After a plan was printed: GitHub annotations + summary (github format) and the `--report` file. */
export function finishPlan(io: CliIO, format: OutputFormat, reportPath: string | undefined, plan: SyncPlan, pageUrl?: (id: string) => string): void {
  if (format === 'github') emitGithub(io, planAnnotations(plan), planSummaryMarkdown(plan, pageUrl));
  writeReportFile(io, reportPath, planJson(plan, pageUrl));
}

/** After a publish was printed: GitHub annotations + summary (github format) and the `--report` file. */
export function finishSync(io: CliIO, format: OutputFormat, reportPath: string | undefined, plan: SyncPlan, report: SyncReport, elapsedMs: number): void {
  if (format === 'github') emitGithub(io, [...planAnnotations(plan), ...resultAnnotations(report, plan)], reportSummaryMarkdown(report, plan.spaceKey, elapsedMs));
  writeReportFile(io, reportPath, reportJson(report, elapsedMs));
}

/** After a scan was printed: GitHub annotations + summary (github format) and the `--report` file. */
export function finishScan(io: CliIO, format: OutputFormat, reportPath: string | undefined, rows: ScanRow[], scanned: number): void {
  if (format === 'github') emitGithub(io, rows.map((r) => secretAnnotation(r)), scanSummaryMarkdown(rows, scanned));
  writeReportFile(io, reportPath, rows);
}
