// Host-free: runs the editor's preview and check jobs (editorJobs.ts) in a worker thread (dist/editorWorker.js beside
// the extension bundle), latest-wins per document: a job asked for while an older one of the same document and kind
// is still waiting replaces it (both callers get the newer job's answer). Where the worker cannot start the jobs run
// in-thread (the worker's file loaded as a module; unit tests pass `inThread`), still one at a time per document.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { CheckResult, EditorJob, EditorWork, PreviewResult } from './editorJobs';

export type WorkerRequest = { id: number; kind: 'preview' | 'check'; job: EditorJob } | { id: number; kind: 'invalidate' };
export type WorkerResponse = { id: number; result: PreviewResult | CheckResult } | { id: number; error: string };

type Kind = 'preview' | 'check';
type Result<K extends Kind> = K extends 'preview' ? PreviewResult : CheckResult;

interface Slot {
  busy: boolean;
  next?: { job: EditorJob; waiters: { resolve: (r: unknown) => void; reject: (e: unknown) => void }[] };
}

export class EditorWorkClient {
  #worker: Worker | undefined;
  #inThread: Pick<EditorWork, 'preview' | 'check' | 'invalidate'> | undefined;
  #seq = 0;
  readonly #waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: unknown) => void }>();
  readonly #slots = new Map<string, Slot>();

  readonly #script: string | undefined;
  readonly #makeInThread: () => Pick<EditorWork, 'preview' | 'check' | 'invalidate'>;
  readonly #onLog: ((line: string) => void) | undefined;

  /**
   * `script`: the worker's file (default dist/editorWorker.js beside the extension bundle); `inThread`: the jobs when
   * no worker runs (default: that file's EditorWork, loaded in this thread).
   */
  constructor(options: { script?: string; inThread?: () => Pick<EditorWork, 'preview' | 'check' | 'invalidate'>; onLog?: (line: string) => void } = {}) {
    const script = options.script ?? path.join(__dirname, 'editorWorker.js');
    this.#script = options.inThread && !options.script ? undefined : script;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.#makeInThread = options.inThread ?? (() => new (require(script) as { EditorWork: new () => EditorWork }).EditorWork());
    this.#onLog = options.onLog;
  }

  /** Runs a job (or a newer one of the same document and kind that replaced it before it started); undefined after dispose. */
  run<K extends Kind>(kind: K, key: string, job: EditorJob): Promise<Result<K> | undefined> {
    const slotKey = `${kind}\0${key}`;
    let slot = this.#slots.get(slotKey);
    if (!slot) this.#slots.set(slotKey, (slot = { busy: false }));
    if (slot.busy) {
      const waiters = slot.next?.waiters ?? [];
      slot.next = { job, waiters };
      return new Promise((resolve, reject) => waiters.push({ resolve: resolve as (r: unknown) => void, reject }));
    }
    return this.#start(kind, slotKey, slot, job) as Promise<Result<K>>;
  }

  /** The workspace changed (file events, saves, edits of other documents): forget cached reads. */
  invalidate(): void {
    this.#inThread?.invalidate();
    this.#worker?.postMessage({ id: 0, kind: 'invalidate' } satisfies WorkerRequest);
  }

  dispose(): void {
    void this.#worker?.terminate();
    this.#worker = undefined;
    for (const w of this.#waiting.values()) w.resolve(undefined);
    this.#waiting.clear();
  }

  async #start(kind: Kind, slotKey: string, slot: Slot, job: EditorJob): Promise<unknown> {
    slot.busy = true;
    try {
      return await this.#exec(kind, job);
    } finally {
      slot.busy = false;
      const next = slot.next;
      slot.next = undefined;
      if (next) {
        this.#start(kind, slotKey, slot, next.job).then(
          (r) => next.waiters.forEach((w) => w.resolve(r)),
          (e: unknown) => next.waiters.forEach((w) => w.reject(e)),
        );
      }
      else this.#slots.delete(slotKey);
    }
  }

  #exec(kind: Kind, job: EditorJob): Promise<unknown> {
    const worker = this.#ensureWorker();
    if (!worker) {
      this.#inThread ??= this.#makeInThread();
      return kind === 'preview' ? Promise.resolve(this.#inThread.preview(job)) : this.#inThread.check(job);
    }
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ id, kind, job } satisfies WorkerRequest);
    });
  }

  #ensureWorker(): Worker | undefined {
    if (this.#worker || !this.#script || !existsSync(this.#script)) return this.#worker;
    // Required on the first job, not at activation (issue 13: activation < 50 ms; ~4 ms in a fresh host).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new WorkerThread(this.#script);
    worker.unref();
    worker.on('message', (m: WorkerResponse) => {
      const w = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (!w) return;
      if ('error' in m) w.reject(new Error(m.error));
      else w.resolve(m.result);
    });
    worker.on('error', (e) => this.#onLog?.(`Editor worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      // A crashed worker: fail what it had, start a new one on the next job.
      this.#worker = undefined;
      for (const w of this.#waiting.values()) w.reject(new Error(`the editor worker stopped (exit code ${code})`));
      this.#waiting.clear();
    });
    this.#worker = worker;
    return worker;
  }
}
