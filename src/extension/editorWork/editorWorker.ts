// Host-free: runs the editor's preview and check jobs (editorJobs.ts) in a worker thread (dist/editorWorker.js beside
// the extension bundle), latest-wins per document: a job asked for while an older one of the same document and kind
// is still waiting replaces it (both callers get the newer job's answer). Where the worker cannot start the jobs run
// in-thread (the worker's file loaded as a module; unit tests pass `inThread`), still one at a time per document.
// A job's document text goes to the worker once; after that the host forwards each edit as it happens (`edit`), and
// jobs name the version the worker then holds (documentTexts.ts).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { DocumentRef, DocumentSource, TextChange } from './documentTexts';
import type { CheckResult, EditorJob, EditorWork, PreviewResult } from './editorJobs';
import type { WireJob, WorkerRequest, WorkerResponse } from './workerProtocol';

export type { WorkerRequest, WorkerResponse };

/**
 * A job as the host asks for it: with the text, or with the document to read it from when the job is sent (also for
 * the other open documents with unsaved changes).
 */
export type HostJob = Omit<EditorJob, 'text' | 'unsaved'> & { text: string | DocumentSource; unsaved: Record<string, string | DocumentSource> };

/** What the client needs of a worker thread (node's Worker; tests pass one that runs in-thread). */
export interface WorkerLike {
  postMessage(m: WorkerRequest): void;
  on(event: 'message', listener: (m: WorkerResponse) => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
  unref?(): void;
}

type Kind = 'preview' | 'check';
type Result<K extends Kind> = K extends 'preview' ? PreviewResult : CheckResult;

interface Waiter {
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  /** The worker lacked the document's text: send the job again with it. */
  resend?: () => void;
}

interface Slot {
  busy: boolean;
  next?: { job: HostJob; waiters: { resolve: (r: unknown) => void; reject: (e: unknown) => void }[] };
}

export class EditorWorkClient {
  #worker: WorkerLike | undefined;
  /** Documents whose text the worker holds (sent with a job, kept up to date by `edit`). */
  readonly #held = new Set<string>();
  #inThread: Pick<EditorWork, 'preview' | 'check' | 'invalidate'> | undefined;
  #seq = 0;
  readonly #waiting = new Map<number, Waiter>();
  readonly #slots = new Map<string, Slot>();

  readonly #script: string | undefined;
  readonly #makeInThread: () => Pick<EditorWork, 'preview' | 'check' | 'invalidate'>;
  readonly #onLog: ((line: string) => void) | undefined;
  readonly #spawn: ((script: string) => WorkerLike) | undefined;
  readonly #onWholeText: ((key: string, why: 'first' | 'resend') => void) | undefined;

  /**
   * `script`: the worker's file (default dist/editorWorker.js beside the extension bundle); `inThread`: the jobs when
   * no worker runs (default: that file's EditorWork, loaded in this thread).
   */
  constructor(options: { script?: string; inThread?: () => Pick<EditorWork, 'preview' | 'check' | 'invalidate'>; onLog?: (line: string) => void; spawn?: (script: string) => WorkerLike; onWholeText?: (key: string, why: 'first' | 'resend') => void } = {}) {
    const script = options.script ?? path.join(__dirname, 'editorWorker.js');
    this.#script = options.inThread && !options.script ? undefined : script;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.#makeInThread = options.inThread ?? (() => new (require(script) as { EditorWork: new () => EditorWork }).EditorWork());
    this.#onLog = options.onLog;
    this.#spawn = options.spawn;
    this.#onWholeText = options.onWholeText;
  }

  /** Runs a job (or a newer one of the same document and kind that replaced it before it started); undefined after dispose. */
  run<K extends Kind>(kind: K, key: string, job: HostJob): Promise<Result<K> | undefined> {
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

  /** A document changed (one text document event, its version after it): the worker's copy follows, if it has one. */
  edit(key: string, version: number, changes: readonly TextChange[]): void {
    if (!this.#worker || !this.#held.has(key)) return;
    this.#worker.postMessage({ id: 0, kind: 'edit', key, version, changes: changes.map((c) => ({ offset: c.offset, deleteCount: c.deleteCount, text: c.text })) });
  }

  /** A document was closed: the worker drops its copy. */
  close(key: string): void {
    if (this.#held.delete(key)) this.#worker?.postMessage({ id: 0, kind: 'close', key });
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

  async #start(kind: Kind, slotKey: string, slot: Slot, job: HostJob): Promise<unknown> {
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

  #exec(kind: Kind, job: HostJob): Promise<unknown> {
    const worker = this.#ensureWorker();
    if (!worker) {
      this.#inThread ??= this.#makeInThread();
      const read = (t: string | DocumentSource): string => (typeof t === 'string' ? t : t.text());
      const unsaved = Object.fromEntries(Object.entries(job.unsaved).map(([p, t]) => [p, read(t)]));
      const inThread: EditorJob = { ...job, text: read(job.text), unsaved };
      return kind === 'preview' ? Promise.resolve(this.#inThread.preview(inThread)) : this.#inThread.check(inThread);
    }
    return this.#send(worker, kind, job, false);
  }

  /** Posts a job; each document's text goes along unless the worker holds it (or `whole`: it said it does not). */
  #send(worker: WorkerLike, kind: Kind, job: HostJob, whole: boolean): Promise<unknown> {
    const sources: DocumentSource[] = [];
    const wireText = (t: string | DocumentSource): { text?: string; document?: DocumentRef } => {
      if (typeof t === 'string') return { text: t };
      sources.push(t);
      const held = !whole && this.#held.has(t.key);
      if (!held) this.#onWholeText?.(t.key, whole ? 'resend' : 'first');
      const out = { text: held ? undefined : t.text(), document: { key: t.key, version: t.version(), length: t.length(), lines: held ? t.lines?.() : undefined } };
      this.#held.add(t.key);
      return out;
    };
    const unsaved: Record<string, string> = {};
    const unsavedDocs: NonNullable<WireJob['unsavedDocs']> = [];
    for (const [p, t] of Object.entries(job.unsaved)) {
      const w = wireText(t);
      if (w.document) unsavedDocs.push({ path: p, text: w.text, document: w.document });
      else unsaved[p] = w.text!;
    }
    const main = wireText(job.text);
    const wire: WireJob = { ...job, text: main.text, document: main.document, unsaved, ...(unsavedDocs.length ? { unsavedDocs } : {}) };
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      const resend = sources.length && !whole ? () => this.#send(worker, kind, job, true).then(resolve, reject) : undefined;
      this.#waiting.set(id, { resolve, reject, resend });
      worker.postMessage({ id, kind, job: wire });
    });
  }

  #ensureWorker(): WorkerLike | undefined {
    if (this.#worker || !this.#script || (!this.#spawn && !existsSync(this.#script))) return this.#worker;
    const worker = this.#spawn?.(this.#script) ?? newWorkerThread(this.#script);
    worker.unref?.();
    worker.on('message', (m: WorkerResponse) => {
      const w = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (!w) return;
      if ('resend' in m) {
        if (w.resend) w.resend();
        else w.reject(new Error('the editor worker lost the document\'s text'));
      } else if ('error' in m) w.reject(new Error(m.error));
      else w.resolve(m.result);
    });
    worker.on('error', (e) => this.#onLog?.(`Editor worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      // A crashed worker: fail what it had, start a new one on the next job.
      this.#worker = undefined;
      this.#held.clear();
      for (const w of this.#waiting.values()) w.reject(new Error(`the editor worker stopped (exit code ${code})`));
      this.#waiting.clear();
    });
    this.#worker = worker;
    return worker;
  }
}

function newWorkerThread(script: string): WorkerLike {
  // Required on the first job, not at activation (issue 13: activation < 50 ms; ~4 ms in a fresh host).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  return new Worker(script);
}
