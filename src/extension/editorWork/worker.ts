// The editor worker thread (bundled as dist/editorWorker.js): converts and checks the document being edited off the
// extension host's main thread. Messages: editorWorker.ts's WorkerRequest -> WorkerResponse (see workerProtocol.ts).
import { parentPort } from 'node:worker_threads';
import { EditorWork } from './editorJobs';
import { WorkerEndpoint } from './workerProtocol';

/** Also the in-thread fallback of the host (EditorWorkClient requires this file when no worker can start). */
export { EditorWork };

const port = parentPort;
if (port) {
  const endpoint = new WorkerEndpoint(new EditorWork());
  port.on('message', (m) => void endpoint.handle(m).then((r) => r && port.postMessage(r)));
}
