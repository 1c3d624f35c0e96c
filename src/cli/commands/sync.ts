/** `confluence sync`, `publish` and `plan`: the publish engine from the command line. */
import { cliDiagramRenderers } from '../diagrams';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  decidePublish, defaultSecretScanner, mergeConflict, nodeFileSystem, type OrphanPolicy, type OrphansQuestion, type StandingAnswers,
  SyncEngine, type SyncPlan,
} from '../../core';
import { chooseForConflicts, terminalAsk } from '../conflict-prompt';
import { CliExit, type CliIO } from '../context';
import { interruptedSummary, withInterrupts, type Interrupts } from '../interrupt';
import { addFormatOptions, finishPlan, finishSync, type FormatOptions, outputFormat } from '../githubFormat';
import { exitStatusOf, printPlan, printReport, progressPrinter } from '../report';
import { addCommonOptions, connect, guardAsync, openWorkspace, requireSpace, stderrLogger, type CommonOptions } from '../session';
import { limitHeapGrowth } from '../heapGrowth';
import type { CommandModule } from './index';
import { pullExitStatus, pullWith } from './pull';

interface SyncOptions extends CommonOptions, FormatOptions {
  adopt?: boolean;
  orphans?: string;
  yes?: boolean;
  allowSecrets?: boolean;
  recreate?: boolean;
  pull?: boolean;
  comments?: string;
}

const ORPHAN_POLICIES = ['report', 'archive', 'delete'];

function addSyncOptions(cmd: Command, withDryRun: boolean): Command {
  addCommonOptions(cmd, ['space', 'concurrency', 'json', ...(withDryRun ? (['dry-run'] as const) : []), 'force', 'verbose']);
  return addFormatOptions(cmd)
    .option('--adopt', 'take over existing pages with the same title that this tool did not create')
    .option('--orphans <policy>', 'pages whose files are gone: report, archive or delete (asks first; --yes in CI)', 'report')
    .option('--yes', 'do not ask before archiving or deleting orphan pages')
    .option('--allow-secrets', 'publish files even when the secret scanner finds something')
    .option('--recreate', 'recreate mapped pages that were deleted in Confluence')
    .option('--pull', 'first merge edits made in Confluence into the files (confluence pull), then publish')
    .option('--comments <keep|drop>', "inline comments of updated pages: keep (re-anchor them in the new body, default; config `comments:`) or drop")
    .addHelpText('after', SYNC_EXIT_HELP);
}

const SYNC_EXIT_HELP =
  '\nExit status: 0 success, 1 a document errored, conflicted or was blocked, 2 usage or configuration error,\n' +
  '75 another publish holds the workspace (<mapping file>.lock; nothing written, run again later),\n' +
  '130 interrupted by Ctrl-C (143 by SIGTERM): pages in flight finish, the mapping file is saved.\n';

/** Plans (and unless dry-run, applies) a publish of `paths` (all docs when empty). Ctrl-C stops it cleanly (exit 130). */
export async function runSync(io: CliIO, paths: string[], opts: SyncOptions, dryRun: boolean): Promise<void> {
  return withInterrupts(io, (interrupts) => runSyncOnce(io, paths, opts, dryRun, interrupts));
}

async function runSyncOnce(io: CliIO, paths: string[], opts: SyncOptions, dryRun: boolean, interrupts: Interrupts): Promise<void> {
  if (!ORPHAN_POLICIES.includes(opts.orphans ?? 'report')) {
    throw new CliExit(2, `error: --orphans must be one of ${ORPHAN_POLICIES.join(', ')}, got '${opts.orphans}'`);
  }
  if (opts.comments !== undefined && opts.comments !== 'keep' && opts.comments !== 'drop') {
    throw new CliExit(2, `error: --comments must be keep or drop, got '${opts.comments}'`);
  }
  const format = outputFormat(opts, io.env);
  const json = format === 'json';
  const ws = openWorkspace(io, opts, opts.comments ? { comments: opts.comments } : {});
  requireSpace(ws);
  const absPaths = paths.map((p) => resolve(io.cwd, p));
  for (const [i, p] of absPaths.entries()) if (!existsSync(p)) throw new CliExit(2, `error: ${paths[i]}: no such file or folder`);
  const started = Date.now();
  const api = await connect(io, ws, opts);
  const diagrams = cliDiagramRenderers(ws.config.diagrams, io.env, ws.root);
  // the disk's documents: a publish records the document index that lets a later `status` skip unchanged files (a
  // dry run does not: `plan` stays as fast as it can be, and a status reads what changed since the last publish)
  const engine = new SyncEngine({ root: ws.root, config: ws.config, api, fs: nodeFileSystem, documentIndex: !dryRun, logger: stderrLogger(io, Boolean(opts.verbose)), runLock: { tool: 'confluence CLI' }, diagrams });
  // --pull: Confluence's edits first (a file left with conflict markers is then blocked by the plan).
  const pulled = opts.pull ? await pullWith(opts.json ? { ...io, stdout: io.stderr } : io, ws, api, paths, { verbose: opts.verbose, dryRun }, interrupts) : undefined;
  const planNow = () => guardAsync(() => engine.plan({ paths: absPaths.length ? absPaths : undefined, signal: interrupts.stop }));
  let plan: SyncPlan = await planNow();
  const ask = dryRun || opts.json || opts.force ? undefined : terminalAsk(io);
  const choices = ask
    ? await chooseForConflicts(io, plan, ask, (file) =>
        guardAsync(() => mergeConflict({ root: ws.root, config: ws.config, api, scanSecrets: defaultSecretScanner(ws.root), runLock: { tool: 'confluence CLI' }, stop: interrupts.stop, signal: interrupts.abort }, file)),
      )
    : undefined;
  if (choices?.pulled.length) plan = await planNow();
  const pageUrl = (id: string) => api.pageUrl(id);
  // Converter warnings (unresolved links, missing images...) go to stderr, so stdout stays the report.
  // (--format github turns them into annotations instead.)
  if (format === 'text') {
    for (const item of plan.items) {
      for (const d of item.diagnostics ?? []) if (d.severity !== 'error') io.stderr(`${d.severity}: ${d.file}:${d.line}${d.column ? `:${d.column}` : ''}: ${d.message} [${d.code}]\n`);
    }
  }
  if (dryRun) {
    printPlan(io, plan, json, pageUrl, Boolean(opts.verbose));
    finishPlan(io, format, opts.report, plan, pageUrl);
    const status = exitStatusOf(plan.summary);
    if (status) throw new CliExit(status);
    return;
  }
  const standing: StandingAnswers = {
    force: Boolean(opts.force),
    adopt: Boolean(opts.adopt),
    allowSecrets: Boolean(opts.allowSecrets),
    recreate: Boolean(opts.recreate),
    orphans: (opts.orphans ?? 'report') as OrphanPolicy,
    confirmOrphans: Boolean(opts.yes),
  };
  // The CLI asks one question only (removing orphans, on a terminal); secrets and conflicts are answered by the flags
  // and otherwise reported (the policy's non-interactive default).
  const decision = await decidePublish(plan, { onOrphans: (q) => confirm(io, orphanQuestionText(q)) }, standing);
  if (!decision.go) {
    const q = decision.orphans;
    if (!q) throw new CliExit(2, `error: publish stopped at the ${decision.stage} question; nothing was written.`);
    throw new CliExit(2, `error: not confirmed. ${q.policy === 'delete' ? 'Deleting' : 'Archiving'} pages needs a yes: run again on a terminal, or add --yes.\n${orphanList(q)}`);
  }
  const progress = progressPrinter(io, json, Boolean(opts.verbose));
  if (interrupts.interrupted) throw new CliExit(interrupts.exitCode, 'Interrupted before publishing: nothing was written.');
  interrupts.applying = true;
  // the publish's requests leave garbage V8 would let pile up to 4× the live heap; planning is GC-heavy and keeps V8's pace
  limitHeapGrowth();
  const report = await guardAsync(() =>
    engine.apply(plan, {
      ...decision.options,
      ...(choices?.overwrite.length ? { force: choices.overwrite } : {}),
      onProgress: progress.onProgress,
      stop: interrupts.stop,
      signal: interrupts.abort,
    }),
  );
  progress.done();
  printReport(io, report, json, Date.now() - started, Boolean(opts.verbose));
  finishSync(io, format, opts.report, plan, report, Date.now() - started);
  if (interrupts.interrupted) throw new CliExit(interrupts.exitCode, interruptedSummary(report, interrupts.abort.aborted));
  const status = Math.max(exitStatusOf(report.summary), pulled ? pullExitStatus(pulled) : 0);
  if (status) throw new CliExit(status);
}

/** Exactly the pages apply will remove; orphans the plan found not ours to remove are listed apart, as left alone. */
function orphanList(q: OrphansQuestion): string {
  return (
    q.remove.map((i) => `  ${i.file}  "${i.title}" (page ${i.pageId})\n`).join('') +
    (q.keep.length ? `Left alone (${q.keep.length}):\n${q.keep.map((i) => `  ${i.file}  (page ${i.pageId}): ${i.reason}\n`).join('')}` : '')
  );
}

function orphanQuestionText(q: OrphansQuestion): string {
  return `${q.policy === 'delete' ? 'Delete' : 'Archive'} ${q.remove.length} page(s) whose files are gone (only pages this tool created)?\n${orphanList(q)}`;
}

async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!io.isTTY || !process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question}[y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export const syncCommands: CommandModule = {
  register(program: Command, io: CliIO) {
    addSyncOptions(
      program
        .command('sync')
        .description('Publish the docs folder (or the given files/folders) to Confluence: plan, then apply')
        .argument('[paths...]', 'files or folders to publish (default: the whole docs root)'),
      true,
    ).action(async (paths: string[], opts: SyncOptions) => runSync(io, paths, opts, Boolean(opts.dryRun)));

    addSyncOptions(
      program
        .command('publish')
        .description('Publish the given Markdown files (and the folder pages above them)')
        .argument('<files...>', 'Markdown files to publish'),
      true,
    ).action(async (files: string[], opts: SyncOptions) => runSync(io, files, opts, Boolean(opts.dryRun)));

    addFormatOptions(
      addCommonOptions(
        program
          .command('plan')
          .description('Show what `sync` would do, per file, and write nothing (same as sync --dry-run)')
          .argument('[paths...]', 'files or folders to plan (default: the whole docs root)'),
        ['space', 'concurrency', 'json', 'verbose'],
      ),
    ).action(async (paths: string[], opts: SyncOptions) => runSync(io, paths, opts, true));
  },
};
