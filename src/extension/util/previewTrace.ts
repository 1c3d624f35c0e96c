// Off by default: with CONFLUENCE_TRACE_PREVIEW set to a file, each step from an edit to the patch posted to the
// preview's webview (and each time a worker is sent a document's whole text) is appended to it as a JSON line with
// its time. The editing-large e2e test attributes the preview's delay from it.
import { appendFileSync } from 'node:fs';

const TRACE_FILE = process.env.CONFLUENCE_TRACE_PREVIEW;

export function tracePreview(step: string, detail?: Record<string, unknown>): void {
  if (TRACE_FILE) appendFileSync(TRACE_FILE, `${JSON.stringify({ t: Date.now(), step, ...detail })}\n`);
}
