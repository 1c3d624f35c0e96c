// Measuring aid, off by default: with CONFLUENCE_MEASURE_STALLS=<file> in the extension host's environment, the
// longest event-loop stall of the extension host in each half second is appended to <file> as a JSON line
// { t, maxMs, p99Ms } (perf_hooks' event-loop delay histogram, 10 ms resolution). The e2e spec
// test/e2e/editing-large.e2e.ts reads it while typing in a 1 MB document.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type * as vscode from 'vscode';

export function startStallMonitor(file: string | undefined): vscode.Disposable | undefined {
  if (!file) return undefined;
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const timer = setInterval(() => {
    try {
      appendFileSync(file, `${JSON.stringify({ t: Date.now(), maxMs: Math.round(h.max / 1e5) / 10, p99Ms: Math.round(h.percentile(99) / 1e5) / 10 })}\n`);
    } catch {
      // a measuring aid: never an error for the user
    }
    h.reset();
  }, 500);
  timer.unref();
  return { dispose: () => { clearInterval(timer); h.disable(); } };
}
