/** Rows of the scale benchmark, printed as a Markdown table (pasteable into the README's Performance section). */
import type { CliRun, Requests } from './scaleProcess';

export interface Row {
  size: string;
  scenario: string;
  requests: Requests;
  run: CliRun;
  /** What the issue asks of this scenario, and whether it held. */
  target?: { text: string; ok: boolean };
  note?: string;
}

export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const reqText = (r: Requests) => `${r.reads + r.writes} (${r.reads} / ${r.writes})${r.throttled ? `, ${r.throttled}×429` : ''}${r.faults ? `, ${r.faults} faults` : ''}`;

export function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}\n`);
  console.log('| Docs | Scenario | Requests (reads / writes) | Wall | Peak RSS | Target |');
  console.log('|---:|---|---:|---:|---:|---|');
  for (const r of rows) {
    const target = r.target ? `${r.target.ok ? '✓' : '✗'} ${r.target.text}` : '';
    const fail = r.run.code !== 0 ? ` **exit ${r.run.code}**` : '';
    console.log(`| ${r.size} | ${r.scenario}${fail} | ${reqText(r.requests)} | ${secs(r.run.ms)} | ${r.run.rssMb.toFixed(0)} MB | ${target}${r.note ? ` ${r.note}` : ''} |`);
  }
}

