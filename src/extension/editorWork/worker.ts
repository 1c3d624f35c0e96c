// The editor worker thread (bundled as dist/editorWorker.js): converts and checks the document being edited off the
// extension host's main thread. Messages: { id, kind: 'preview' | 'check', job } -> { id, result } | { id, error };
// { kind: 'invalidate' } drops what was cached of the workspace.
import { parentPort } from 'node:worker_threads';
import { EditorWork } from './editorJobs';
import type { WorkerRequest, WorkerResponse } from './editorWorker';

/** Also the in-thread fallback of the host (EditorWorkClient requires this file when no worker can start). */
export { EditorWork };

const work = new EditorWork();
const port = parentPort;
port?.on('message', (m: WorkerRequest) => {
  if (m.kind === 'invalidate') {
    work.invalidate();
    return;
  }
  void (async () => {
    try {
      const result = m.kind === 'preview' ? work.preview(m.job) : await work.check(m.job);
      port.postMessage({ id: m.id, result } satisfies WorkerResponse);
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies WorkerResponse);
    }
  })();
});
