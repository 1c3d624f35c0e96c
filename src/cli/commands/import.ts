/** `confluence import`: a Confluence page tree -> Markdown files, so the docs can live in git from now on. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ImportError, type ImportProgress, type ImportReport, nodeFileSystem, runImport } from '../../core';
import { CliExit, type CliIO } from '../context';
import { withInterrupts, type Interrupts } from '../interrupt';
import { addCommonOptions, connect, guardAsync, openWorkspace, requireSpace, type CommonOptions } from '../session';
import type { CommandModule } from './index';

interface ImportOptions extends CommonOptions {
  root?: string;
  out?: string;
  keepSecrets?: boolean;
}

const IMPORT_HELP = `
Writes one Markdown file per page in folders that mirror the page tree (a page with children becomes a folder with
index.md), attachments next to their page (<page>.assets/), .confluence.yml (when absent) and the mapping file, so
that \`confluence sync\` right after writes nothing. Likely secrets are replaced by \${REDACTED_SECRET} and listed.

Examples:
  confluence import --space DOCS                       # the configured root page, else the space homepage
  confluence import --space DOCS --root "Team Handbook" --out handbook
  confluence import --space DOCS --root 123456 --dry-run --json

Exit status: 0 imported, 1 Confluence error or files that could not be recorded in the mapping, 2 usage,
configuration or files that already exist (nothing written; --force overwrites), 75 a publish holds the workspace,
130 interrupted (run it again: it resumes).
`;

async function runImportCommand(io: CliIO, opts: ImportOptions): Promise<void> {
  return withInterrupts(io, (interrupts) => importOnce(io, opts, interrupts));
}

async function importOnce(io: CliIO, opts: ImportOptions, interrupts: Interrupts): Promise<void> {
  const out = opts.out?.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (out !== undefined && (out.startsWith('/') || /^[A-Za-z]:/.test(out) || out.split('/').includes('..'))) {
    throw new CliExit(2, `error: --out ${opts.out}: give a folder inside the current folder (e.g. docs or handbook)`);
  }
  // the docs folder: --out, else the configured one, else docs (not the current folder: it holds .confluence.yml)
  const ws = openWorkspace(io, opts, { docsRoot: out || (configSetsDocsRoot(io.cwd) ? undefined : 'docs') });
  const config = ws.config;
  requireSpace(ws);
  const started = Date.now();
  const api = await connect(io, ws, opts);
  const json = Boolean(opts.json);
  const progress = progressLine(io, json);
  let report: ImportReport;
  try {
    report = await guardAsync(() =>
      runImport({
        root: ws.root, config, api, fs: nodeFileSystem, rootRef: opts.root, dryRun: Boolean(opts.dryRun), force: Boolean(opts.force),
        keepSecrets: Boolean(opts.keepSecrets), concurrency: config.concurrency, onProgress: progress.onProgress, signal: interrupts.stop, tool: 'confluence CLI',
      }).catch((err: unknown) => {
        if (err instanceof ImportError) {
          if (interrupts.interrupted || err.code === 'interrupted') throw new CliExit(interrupts.exitCode || 130, `Interrupted: ${err.message}`);
          throw new CliExit(err.code === 'root-not-found' ? 1 : 2, `error: ${err.message}`, 'IMPORT');
        }
        if (interrupts.interrupted) throw new CliExit(interrupts.exitCode, 'Interrupted: run `confluence import` again to finish; the files written so far are taken over.');
        throw err;
      }),
    );
  } finally {
    progress.done();
  }
  if (json) io.stdout(JSON.stringify({ ...report, elapsedMs: Date.now() - started }, null, 2) + '\n');
  else printImport(io, report, Date.now() - started);
  // a file kept with its secrets (--keep-secrets) is withheld by sync, as the user chose: a warning, not a failure
  if (report.mappingProblems.some((p) => !(opts.keepSecrets && p.code === 'secrets'))) throw new CliExit(1);
}

function configSetsDocsRoot(cwd: string): boolean {
  const path = join(cwd, '.confluence.yml');
  return nodeFileSystem.exists(path) && /^\s*(docs_?root|docsRoot|root|docs)\s*:/m.test(nodeFileSystem.readText(path));
}

/** On a terminal one updating line; otherwise one line per page (stderr, so stdout stays the report). */
function progressLine(io: CliIO, json: boolean): { onProgress: (e: ImportProgress) => void; done: () => void } {
  let shown = false;
  return {
    onProgress: (e) => {
      if (json || e.phase === 'list') return;
      const what = e.phase === 'fetch' ? `Read ${e.title ?? ''}` : `Wrote ${e.file ?? ''}`;
      if (io.isTTY) {
        io.stderr(`\r\x1b[K[${e.done}/${e.total}] ${what}`.slice(0, 200));
        shown = true;
      } else if (e.phase === 'fetch') io.stderr(`[${e.done}/${e.total}] ${what}\n`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

function printImport(io: CliIO, r: ImportReport, ms: number): void {
  const verb = r.dryRun ? 'Would write' : 'Wrote';
  for (const p of r.pages) io.stdout(`${verb}  ${p.file}  "${p.title}" (page ${p.pageId}, version ${p.version})\n`);
  for (const a of r.attachments) io.stdout(`${verb}  ${a.file}  (attachment of page ${a.pageId}${a.shared ? ', same bytes as another page: shared' : ''})\n`);
  for (const u of r.unconverted) io.stdout(`Kept as is  ${u.file}  ${u.element}${u.detail ? `: ${u.detail}` : ''} (page "${u.title}")\n`);
  for (const s of r.secrets) io.stdout(`Secret  ${s.file}:${s.line}  ${s.rule} (${s.preview})${s.replaced ? ' replaced by ${REDACTED_SECRET}' : ' kept (--keep-secrets)'}\n`);
  for (const s of r.skipped) io.stdout(`Skipped  "${s.title}"${s.attachment ? ` attachment ${s.attachment}` : ''}: ${s.reason}\n`);
  for (const p of r.mappingProblems) io.stderr(`warning: ${p.message}; the next sync will not see it as unchanged\n`);
  if (r.dryRun && r.existing.length) io.stdout(`Exists  ${r.existing.join('\n Exists  ')}\n(these files already exist: the import refuses them without --force)\n`);
  const parts = [`${r.pages.length} page(s)`, `${r.attachments.filter((a) => !a.shared).length} attachment(s)`];
  if (r.secrets.length) parts.push(`${r.secrets.length} secret(s) ${r.secrets.some((s) => s.replaced) ? 'replaced' : 'kept'}`);
  if (r.unconverted.length) parts.push(`${r.unconverted.length} element(s) kept as is`);
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped`);
  const tail = r.dryRun
    ? ' (dry run: nothing was written)'
    : ` in ${(ms / 1000).toFixed(1)} s into ${r.docsRoot}/${r.configWritten ? ', wrote .confluence.yml' : ''}${r.resumed ? ', resumed an interrupted import' : ''}${r.mappingProblems.length ? `; ${r.mappingProblems.length} file(s) not recorded in ${r.mappingFile} (see the warnings)` : '; `confluence sync` now writes nothing'}`;
  io.stdout(`Imported "${r.root.title}" from space ${r.space}: ${parts.join(', ')}${tail}\n`);
}

export const importCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    addCommonOptions(
      program.command('import').description('Import a Confluence page tree into Markdown files (then `sync` publishes them back)'),
      ['space', 'concurrency', 'json', 'dry-run', 'verbose'],
    )
      .option('--root <TITLE|ID>', 'the page to import with everything under it (default: the configured root page, else the space homepage)')
      .option('--out <DIR>', 'folder to write the docs to (default: the configured docs folder, else docs)')
      .option('--force', 'overwrite files that already exist')
      .option('--keep-secrets', 'write likely secrets as they are instead of a placeholder (they are still listed)')
      .addHelpText('after', IMPORT_HELP)
      .action(async (opts: ImportOptions) => runImportCommand(io, opts));
  },
};
