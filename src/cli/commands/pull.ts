/** `confluence pull`: edits made in Confluence merged into the working files (three-way merge). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultSecretScanner, pullFromConfluence, type ConfluenceApi, type PullItem, type PullReport } from '../../core';
import { CliExit, type CliIO } from '../context';
import { withInterrupts, type Interrupts } from '../interrupt';
import { addCommonOptions, connect, guardAsync, openWorkspace, requireSpace, stderrLogger, type CommonOptions, type Workspace } from '../session';
import type { CommandModule } from './index';

export interface PullCliOptions extends CommonOptions {
  applyDeletes?: boolean;
  new?: boolean;
}

const WORD: Record<PullItem['action'], string> = {
  updated: 'Updated', merged: 'Merged', conflict: 'Conflict', unchanged: 'Unchanged', reported: 'Reported', removed: 'Removed',
  moved: 'Moved', imported: 'Imported', error: 'Error', 'would-update': 'Would update', 'would-merge': 'Would merge', 'would-conflict': 'Would conflict',
};
const STATE_WORD: Record<PullItem['state'], string> = {
  'changed-remotely': 'changed in Confluence', 'deleted-remotely': 'deleted in Confluence', 'moved-remotely': 'moved in Confluence',
  'new-remotely': 'new in Confluence', unchanged: 'unchanged',
};

const PULL_HELP =
  '\nEvery mapped document whose page was edited in Confluence since the last publish or pull is merged into its\n' +
  'file (three-way, line by line). Overlapping edits leave conflict markers (<<<<<<< local ... >>>>>>> confluence vN)\n' +
  'in the file; sync refuses such a file until they are removed. Pages deleted, moved or created in Confluence are\n' +
  'reported; --apply-deletes removes/moves the files (a file edited locally is never removed), --new writes the new\n' +
  'pages as files.\n' +
  '\nExit status: 0 clean, 1 conflicts left in files (or a page could not be pulled), 2 usage or configuration error,\n' +
  '75 another publish or pull holds the workspace, 130 interrupted.\n';

export function formatPullItem(i: PullItem): string {
  const versions = i.localVersion !== undefined && i.version !== undefined && i.version !== i.localVersion ? `  v${i.localVersion} -> v${i.version}` : '';
  const head = i.state === 'new-remotely' && i.action !== 'imported' ? `"${i.title}" (page ${i.pageId})` : `${i.file}  "${i.title}"`;
  const word = i.action === 'reported' ? STATE_WORD[i.state].replace(/^./, (c) => c.toUpperCase()) : WORD[i.action];
  let line = `${word.padEnd(9)}  ${head}${versions}`;
  if (i.message) line += `\n           ${i.message}`;
  return line + '\n';
}

export function printPullReport(io: CliIO, report: PullReport, json: boolean, elapsedMs: number, verbose: boolean, spaceKey: string): void {
  if (json) {
    io.stdout(JSON.stringify({ dryRun: report.dryRun, spaceKey, items: report.items, summary: report.summary, requests: report.requests, elapsedMs }, null, 2) + '\n');
    return;
  }
  for (const i of report.items) if (verbose || i.action !== 'unchanged') io.stdout(formatPullItem(i));
  const parts = Object.entries(report.summary).map(([k, n]) => `${n} ${(WORD[k as PullItem['action']] ?? k).toLowerCase()}`);
  const how = `checked with ${report.requests.search} search + ${report.requests.listing} listing pass`;
  io.stdout(`Pull from space ${spaceKey}: ${parts.join(', ') || 'nothing mapped'} (${how}) in ${(elapsedMs / 1000).toFixed(1)} s${report.dryRun ? ' (dry run: nothing was written)' : ''}\n`);
}

/** Exit status of a pull: 1 when conflicts are left in files or a page could not be pulled. */
export function pullExitStatus(report: PullReport): number {
  const s = report.summary;
  return (s.conflict ?? 0) + (s['would-conflict'] ?? 0) + (s.error ?? 0) > 0 ? 1 : 0;
}

/** Pulls with an open workspace and connection (also the first half of `sync --pull`). */
export async function pullWith(io: CliIO, ws: Workspace, api: ConfluenceApi, paths: string[], opts: PullCliOptions, interrupts: Interrupts): Promise<PullReport> {
  const started = Date.now();
  const report = await guardAsync(() =>
    pullFromConfluence({
      root: ws.root, config: ws.config, api, paths: paths.length ? paths.map((p) => resolve(io.cwd, p)) : undefined,
      applyDeletes: Boolean(opts.applyDeletes), importNew: Boolean(opts.new), dryRun: Boolean(opts.dryRun),
      scanSecrets: defaultSecretScanner(ws.root), logger: stderrLogger(io, Boolean(opts.verbose)), runLock: { tool: 'confluence CLI' },
      stop: interrupts.stop, signal: interrupts.abort,
    }),
  );
  printPullReport(io, report, Boolean(opts.json), Date.now() - started, Boolean(opts.verbose), ws.config.spaceKey!);
  return report;
}

async function runPull(io: CliIO, paths: string[], opts: PullCliOptions): Promise<void> {
  return withInterrupts(io, async (interrupts) => {
    const ws = openWorkspace(io, opts);
    requireSpace(ws);
    for (const p of paths) if (!existsSync(resolve(io.cwd, p))) throw new CliExit(2, `error: ${p}: no such file or folder`);
    const api = await connect(io, ws, opts);
    interrupts.applying = !opts.dryRun;
    const report = await pullWith(io, ws, api, paths, opts, interrupts);
    if (interrupts.interrupted) throw new CliExit(interrupts.exitCode, 'Interrupted: files pulled so far are recorded; run `confluence pull` again to finish.');
    const status = pullExitStatus(report);
    if (status) throw new CliExit(status);
  });
}

export const pullCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    addCommonOptions(
      program
        .command('pull')
        .description('Merge edits made in Confluence into the mapped Markdown files (three-way merge; conflicts get markers)')
        .argument('[paths...]', 'files or folders to pull (default: every mapped document)')
        .option('--apply-deletes', 'remove files of pages deleted in Confluence (unless edited locally) and move files of moved pages')
        .option('--new', 'import pages created in Confluence under a folder page of the docs tree (written and recorded as a publish would)'),
      ['space', 'json', 'dry-run', 'verbose'],
    )
      .addHelpText('after', PULL_HELP)
      .action(async (paths: string[], opts: PullCliOptions) => runPull(io, paths, opts));
  },
};
