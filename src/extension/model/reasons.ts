import type { SyncReport } from '../../core';
// Host-free: engine reasons are written for both front ends; in the editor, CLI flags are noise.

/** Removes CLI advice such as "or publish with --force" / "run with --allow-secrets" from a reason. */
export function reasonForEditor(reason: string | undefined): string | undefined {
  if (!reason) return reason;
  return reason
    .replace(/[,;]?\s*(?:or\s+)?(?:publish|run|re-?run|use)\s+(?:it\s+)?with\s+--[\w-]+(?:\s+[\w./-]+)?/gi, '')
    .replace(/\s*\((?:use\s+)?--[\w-]+\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Whether a failed result of a cancelled publish failed only because of the cancel. */
export function failedBecauseCancelled(message: string | undefined): boolean {
  return /\b(cancel+ed|cancelled|abort(ed)?)\b|parent page .* was not published/i.test(message ?? '');
}

/** Counts for the result message: unchanged pages say so, and pages not written because of a cancel say that. */
export function summarise(report: SyncReport, cancelled: boolean): string {
  const counts = new Map<string, number>();
  for (const r of report.results) {
    let key: string = r.action;
    if (key === 'skipped') key = 'unchanged';
    if (cancelled && r.action === 'error' && failedBecauseCancelled(r.message)) key = 'not published (cancelled)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ['created', 'updated', 'moved', 'unchanged', 'not published (cancelled)', 'conflict', 'blocked', 'error', 'orphan', 'archived', 'deleted'];
  return [...counts.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([k, n]) => `${n} ${k}`).join(', ');
}
