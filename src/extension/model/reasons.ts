import type { SyncReport } from '../../core';
import { msg, t } from './translate';
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

/** The words of the result counts, in the order shown. */
const COUNTED: Record<string, string> = {
  created: msg('{0} created'), updated: msg('{0} updated'), moved: msg('{0} moved'), unchanged: msg('{0} unchanged'),
  'not published (cancelled)': msg('{0} not published (cancelled)'), conflict: msg('{0} conflict'), blocked: msg('{0} blocked'),
  error: msg('{0} error'), orphan: msg('{0} orphan'), archived: msg('{0} archived'), deleted: msg('{0} deleted'),
};

/** Counts for the result message: unchanged pages say so, and pages not written because of a cancel say that. */
export function summarise(report: SyncReport, cancelled: boolean): string {
  const counts = new Map<string, number>();
  for (const r of report.results) {
    let key: string = r.action;
    if (key === 'skipped') key = 'unchanged';
    if (cancelled && r.action === 'error' && failedBecauseCancelled(r.message)) key = 'not published (cancelled)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = Object.keys(COUNTED);
  return [...counts.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([k, n]) => (COUNTED[k] ? t(COUNTED[k], n) : `${n} ${k}`)).join(', ');
}
