// Host-free: what the editor worker does with each message of the host (worker.ts runs it in the thread; tests run it
// in-thread). Jobs find their document's text in the message or in the copy the worker keeps (documentTexts.ts).
import { DocumentTexts, type DocumentRef, type TextChange } from './documentTexts';
import type { CheckResult, EditorJob, EditorWork, PreviewResult } from './editorJobs';

/**
 * A job as it travels to the worker: with the document's text, or with which version of it the worker holds; the same
 * for each other open document with unsaved changes (`unsavedDocs`, by path; `unsaved` holds texts sent as they are).
 */
export type WireJob = Omit<EditorJob, 'text'> & { text?: string; document?: DocumentRef; unsavedDocs?: Array<{ path: string; text?: string; document: DocumentRef }> };

export type WorkerRequest =
  | { id: number; kind: 'preview' | 'check'; job: WireJob }
  | { id: number; kind: 'invalidate' }
  | { id: number; kind: 'edit'; key: string; version: number; changes: TextChange[] }
  | { id: number; kind: 'close'; key: string };

/** `resend`: the worker lacks the text of the job's version; the host sends the job again with the text. */
export type WorkerResponse = { id: number; result: PreviewResult | CheckResult } | { id: number; error: string } | { id: number; resend: true };

export class WorkerEndpoint {
  readonly texts = new DocumentTexts();

  constructor(private readonly work: Pick<EditorWork, 'preview' | 'check' | 'invalidate'>) {}

  /** The answer to a job (undefined for the messages that get none). */
  async handle(m: WorkerRequest): Promise<WorkerResponse | undefined> {
    switch (m.kind) {
      case 'invalidate':
        this.work.invalidate();
        return undefined;
      case 'edit':
        this.texts.edit(m.key, m.version, m.changes);
        return undefined;
      case 'close':
        this.texts.close(m.key);
        return undefined;
    }
    const { document, unsavedDocs, ...rest } = m.job;
    const text = this.#textOf(rest.text, document);
    const unsaved = { ...rest.unsaved };
    for (const u of unsavedDocs ?? []) {
      const t = this.#textOf(u.text, u.document);
      if (t === undefined) return { id: m.id, resend: true };
      unsaved[u.path] = t;
    }
    if (text === undefined) return { id: m.id, resend: true };
    const job: EditorJob = { ...rest, text, unsaved };
    try {
      return { id: m.id, result: m.kind === 'preview' ? this.work.preview(job) : await this.work.check(job) };
    } catch (e) {
      return { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** A text sent along (kept, when it names its document), or the kept text of the version named. */
  #textOf(text: string | undefined, document: DocumentRef | undefined): string | undefined {
    if (document && text !== undefined) this.texts.open(document.key, document.version, text);
    else if (document) return this.texts.text(document);
    return text;
  }
}
