import type { PlanItem, SecretFinding, SyncPlan, SyncProgress, SyncReport, SyncResult } from '../core';
import type { CliIO } from './context';

const RESULT_WORD: Record<SyncResult['action'], string> = {
  created: 'Created',
  updated: 'Updated',
  skipped: 'Skipped',
  moved: 'Moved',
  conflict: 'Conflict',
  blocked: 'Blocked',
  error: 'Error',
  orphan: 'Orphan',
  archived: 'Archived',
  deleted: 'Deleted',
};

const PLAN_WORD: Record<PlanItem['action'], string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  move: 'Move',
  conflict: 'Conflict',
  blocked: 'Blocked',
  orphan: 'Orphan',
  error: 'Error',
};

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** One line per result: `Created   docs/a.md  "Title"  https://…` plus an indented message. */
export function formatResult(r: SyncResult): string {
  const parts = [pad(RESULT_WORD[r.action], 9), r.file, `"${r.title}"`];
  if (r.url) parts.push(r.url);
  let line = parts.join('  ');
  if (r.message) line += `\n           ${r.message.replace(/\n/g, '\n           ')}`;
  return line + '\n';
}

/** One secret finding: `path:line:column rule-id: message (masked preview) [fingerprint]`, never the secret itself. */
export function formatFinding(f: SecretFinding, file?: string): string {
  return `${f.file || file}:${f.line}:${f.column} ${f.rule}: ${f.message} (${f.preview}) [${f.fingerprint}]`;
}

export function formatPlanItem(i: PlanItem, pageUrl?: (id: string) => string): string {
  const parts = [pad(PLAN_WORD[i.action], 9), i.file, `"${i.title}"`];
  if (i.parentTitle && (i.action === 'create' || i.action === 'move')) parts.push(`under "${i.parentTitle}"`);
  if (i.pageId && pageUrl) parts.push(pageUrl(i.pageId));
  let line = parts.join('  ');
  if (i.reason) line += `\n           ${i.reason.replace(/\n/g, '\n           ')}`;
  if (i.inlineComments) line += `\n           ${i.inlineComments.message}`;
  for (const f of i.findings ?? []) line += `\n           ${formatFinding(f, i.file)}`;
  return line + '\n';
}

export function formatSummary(summary: Record<string, number>, words: Record<string, string>): string {
  const parts = Object.entries(summary)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${(words[k] ?? k).toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'nothing to publish';
}

/** The `--json` report of a plan (also what `--report <file>` writes). */
export function planJson(plan: SyncPlan, pageUrl?: (id: string) => string): object {
  const results = plan.items.map((i) => ({
    file: i.file,
    action: i.action,
    pageId: i.pageId,
    title: i.title,
    url: i.pageId && pageUrl ? pageUrl(i.pageId) : undefined,
    version: i.remoteVersion,
    message: i.reason,
    parentTitle: i.parentTitle,
    code: i.code,
    findings: i.findings,
    diagnostics: i.diagnostics,
    inlineComments: i.inlineComments,
  }));
  return { dryRun: true, spaceKey: plan.spaceKey, rootPageTitle: plan.rootPageTitle, results, summary: plan.summary };
}

/** The `--json` report of a publish (also what `--report <file>` writes). */
export function reportJson(report: SyncReport, elapsedMs: number): object {
  return { results: report.results, summary: report.summary, elapsedMs };
}

export function printPlan(io: CliIO, plan: SyncPlan, json: boolean, pageUrl?: (id: string) => string, verbose = false): void {
  if (json) {
    io.stdout(JSON.stringify(planJson(plan, pageUrl), null, 2) + '\n');
    return;
  }
  for (const i of plan.items) if (verbose || i.action !== 'unchanged') io.stdout(formatPlanItem(i, pageUrl));
  io.stdout(`Plan for space ${plan.spaceKey}: ${formatSummary(plan.summary, PLAN_WORD)} (dry run: nothing was written)\n`);
}

export function printReport(io: CliIO, report: SyncReport, json: boolean, elapsedMs: number, verbose = false): void {
  if (json) {
    io.stdout(JSON.stringify(reportJson(report, elapsedMs), null, 2) + '\n');
    return;
  }
  if (!io.isTTY || verbose) {
    // Results were streamed as they happened (see progressPrinter) — unless verbose, which asks for all of them again.
    if (verbose) for (const r of report.results) io.stdout(formatResult(r));
  } else {
    // On a terminal the bar showed progress; list what happened, and only count the unchanged pages.
    for (const r of report.results) if (r.action !== 'skipped') io.stdout(formatResult(r));
    if (report.summary.skipped) io.stdout(`(${report.summary.skipped} unchanged page(s) skipped; --verbose lists them)\n`);
  }
  io.stdout(`${formatSummary(report.summary, RESULT_WORD)} in ${(elapsedMs / 1000).toFixed(1)} s\n`);
}

/**
 * Progress: on a terminal a bar on stderr redrawn in place; otherwise each result as a plain line on stdout as it
 * happens (one line per file, skipped ones included).
 */
export function progressPrinter(io: CliIO, json: boolean, verbose = false): { onProgress: (e: SyncProgress) => void; done: () => void } {
  let last = 0;
  let drawn = false;
  if (io.isTTY && !json) {
    return {
      onProgress: (e) => {
        const now = Date.now();
        if (now - last < 80 && e.done < e.total) return;
        last = now;
        const width = 24;
        const filled = e.total ? Math.round((e.done / e.total) * width) : width;
        io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.done}/${e.total} ${pad((e.file ?? '').slice(-40), 40)}`);
        drawn = true;
      },
      done: () => {
        if (drawn) io.stderr('\r' + ' '.repeat(80) + '\r');
      },
    };
  }
  return {
    onProgress: (e) => {
      if (json || !e.result || verbose) return;
      io.stdout(formatResult(e.result));
    },
    done: () => {},
  };
}

/** Exit status of a publish: 1 when anything errored, conflicted or was blocked. */
export function exitStatusOf(summary: Record<string, number>): number {
  return (summary.error ?? 0) + (summary.conflict ?? 0) + (summary.blocked ?? 0) > 0 ? 1 : 0;
}
