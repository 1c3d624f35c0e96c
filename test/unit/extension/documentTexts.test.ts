import assert from 'node:assert/strict';
import { DocumentTexts, type DocumentSource, type TextChange } from '../../../src/extension/editorWork/documentTexts';
import type { EditorJob } from '../../../src/extension/editorWork/editorJobs';
import { EditorWork } from '../../../src/extension/editorWork/editorJobs';
import { EditorWorkClient, type WorkerLike } from '../../../src/extension/editorWork/editorWorker';
import { type WorkerRequest, type WorkerResponse, WorkerEndpoint } from '../../../src/extension/editorWork/workerProtocol';
import { MemoryFileSystem } from '../../../src/core';

/** A document as the editor holds it: edits change its text and version, as VS Code's do. */
class FakeDocument implements DocumentSource {
  key = 'file:///ws/docs/a.md';
  versionNow = 1;
  textNow: string;
  reads = 0;
  constructor(text: string) {
    this.textNow = text;
  }
  version = (): number => this.versionNow;
  length = (): number => this.textNow.length;
  text = (): string => {
    this.reads++;
    return this.textNow;
  };
  /** One event's changes, from the end of the text backwards (as VS Code lists a multi-cursor edit). */
  apply(changes: TextChange[]): TextChange[] {
    for (const c of changes) this.textNow = this.textNow.slice(0, c.offset) + c.text + this.textNow.slice(c.offset + c.deleteCount);
    this.versionNow++;
    return changes;
  }
}

/** The worker's side run in this thread, answering on a later turn like a thread does; counts the texts it was sent. */
function fakeWorker(files: Record<string, string> = {}): { spawn: () => WorkerLike; sent: WorkerRequest[]; kill: () => void } {
  const sent: WorkerRequest[] = [];
  let listeners: { message?: (m: WorkerResponse) => void; exit?: (code: number) => void } = {};
  let endpoint = new WorkerEndpoint(new EditorWork(new MemoryFileSystem(files)));
  const worker: WorkerLike = {
    postMessage: (m) => {
      sent.push(structuredClone(m));
      const copy = structuredClone(m);
      setImmediate(() => void endpoint.handle(copy).then((r) => r && listeners.message?.(r)));
    },
    on: (event: string, listener: (x: never) => void) => {
      (listeners as Record<string, unknown>)[event] = listener;
      return worker;
    },
    terminate: () => undefined,
  };
  return {
    spawn: () => worker,
    sent,
    kill: () => {
      const exit = listeners.exit;
      listeners = {};
      endpoint = new WorkerEndpoint(new EditorWork(new MemoryFileSystem(files)));
      exit?.(1);
    },
  };
}

const site = { root: '/ws', spaceKey: 'DOCS', docsRoot: 'docs' };
const texts = (sent: WorkerRequest[]): Array<string | undefined> => sent.flatMap((m) => (m.kind === 'check' || m.kind === 'preview' ? [m.job.text] : []));

describe('the worker keeps the edited document (a keystroke sends the edit, not the text)', () => {
  it('applies the changes of each event in order, and refuses a copy of another version or length', () => {
    const t = new DocumentTexts();
    t.open('a', 1, 'hello world');
    t.edit('a', 2, [{ offset: 6, deleteCount: 5, text: 'there' }, { offset: 0, deleteCount: 5, text: 'hi' }]);
    assert.equal(t.text({ key: 'a', version: 2, length: 8 }), 'hi there');
    t.edit('a', 2, [{ offset: 0, deleteCount: 2, text: 'x' }]);
    assert.equal(t.text({ key: 'a', version: 2, length: 8 }), 'hi there', 'an event it has seen is not applied twice');
    assert.equal(t.text({ key: 'a', version: 3, length: 8 }), undefined, 'a version it lacks');
    assert.equal(t.size, 0, 'and the copy is dropped');
    t.open('b', 1, 'abc');
    t.edit('b', 2, [{ offset: 2, deleteCount: 5, text: '' }]);
    assert.equal(t.text({ key: 'b', version: 2, length: 2 }), undefined, 'an edit past the end: not the host\'s text');
    t.open('c', 1, 'abc');
    assert.equal(t.text({ key: 'c', version: 1, length: 4 }), undefined, 'another length');
    // an edit applied in the wrong place keeps version and length; the edited line tells
    t.open('d', 2, 'one\r\nXtwo\r\nthree');
    assert.equal(t.text({ key: 'd', version: 2, length: 16, lines: [{ line: 1, text: 'Xtwo' }, { line: 2, text: 'three' }] }), 'one\r\nXtwo\r\nthree');
    assert.equal(t.text({ key: 'd', version: 2, length: 16, lines: [{ line: 1, text: 'twoX' }] }), undefined, 'another line 1');
    t.open('e', 1, 'a\nb');
    assert.equal(t.text({ key: 'e', version: 1, length: 3, lines: [{ line: 5, text: '' }] }), undefined, 'a line it lacks');
  });

  it('sends the text with the first job only; later jobs see the forwarded edits', async () => {
    const w = fakeWorker();
    const client = new EditorWorkClient({ script: 'worker.js', spawn: w.spawn });
    const doc = new FakeDocument('# A\n\n[x](gone.md)\n');
    const job = () => ({ text: doc as DocumentSource, rel: 'docs/a.md', site, unsaved: {} });
    const first = await client.run('check', doc.key, job());
    assert.deepEqual(first?.warnings.map((x) => x.line), [3]);
    for (const ch of 'typed') client.edit(doc.key, doc.versionNow + 1, doc.apply([{ offset: 4, deleteCount: 0, text: ch }]));
    client.edit(doc.key, doc.versionNow + 1, doc.apply([{ offset: doc.textNow.length, deleteCount: 0, text: '\n[y](gone2.md)\n' }, { offset: 0, deleteCount: 0, text: '\n' }]));
    const second = await client.run('check', doc.key, job());
    assert.deepEqual(second?.warnings.map((x) => x.line), [4, 6], JSON.stringify(second?.warnings));
    assert.deepEqual(texts(w.sent).map((t) => t !== undefined), [true, false]);
    assert.equal(doc.reads, 1);
    client.dispose();
  });

  it('an unsaved linked document is sent once too; its edits reach the worker, and links to it follow them', async () => {
    const w = fakeWorker({ '/ws/docs/a.md': '', '/ws/docs/b.md': '# Bee on disk\n' });
    const client = new EditorWorkClient({ script: 'worker.js', spawn: w.spawn });
    const doc = new FakeDocument('See [b](b.md).\n');
    const linked = new FakeDocument('# Bee\n');
    linked.key = 'file:///ws/docs/b.md';
    const job = () => ({ text: doc as DocumentSource, rel: 'docs/a.md', site, unsaved: { '/ws/docs/b.md': linked as DocumentSource } });
    const first = await client.run('preview', doc.key, job());
    assert.match(first!.blocks.join(''), /Confluence page: Bee"/, JSON.stringify(first));
    client.edit(linked.key, linked.versionNow + 1, linked.apply([{ offset: 2, deleteCount: 3, text: 'Wasp' }]));
    assert.match((await client.run('preview', doc.key, job()))!.blocks.join(''), /Confluence page: Wasp"/);
    assert.equal(linked.reads, 1, 'the linked document was read once');
    const jobs = w.sent.flatMap((m) => (m.kind === 'preview' ? [m.job] : []));
    assert.deepEqual(jobs.map((j) => j.unsavedDocs?.map((u) => u.text !== undefined)), [[true], [false]]);
    client.dispose();
  });

  it('sends the text again when the worker\'s copy has the edit in the wrong place (same version and length)', async () => {
    const w = fakeWorker();
    const client = new EditorWorkClient({ script: 'worker.js', spawn: w.spawn });
    const doc = new FakeDocument('alpha\nbeta\n');
    const source: DocumentSource = { ...doc, key: doc.key, version: doc.version, length: doc.length, text: doc.text, lines: () => [{ line: 1, text: doc.textNow.split('\n')[1] }] };
    const job = () => ({ text: source, rel: 'docs/a.md', site, unsaved: {} });
    await client.run('check', doc.key, job());
    doc.apply([{ offset: 6, deleteCount: 0, text: 'X' }]);
    // the worker is told of an edit at another offset: its copy reads "Xalpha / beta", the editor "alpha / Xbeta"
    client.edit(doc.key, doc.versionNow, [{ offset: 0, deleteCount: 0, text: 'X' }]);
    await client.run('check', doc.key, job());
    assert.deepEqual(texts(w.sent).map((t) => t !== undefined), [true, false, true], 'the copy was refused and the text sent');
    client.dispose();
  });

  it('sends the text again when the worker lacks that version (an edit it missed, a restarted worker)', async () => {
    const w = fakeWorker();
    const client = new EditorWorkClient({ script: 'worker.js', spawn: w.spawn });
    const doc = new FakeDocument('Paragraph.\n');
    const job = (): Omit<EditorJob, 'text'> & { text: DocumentSource } => ({ text: doc, rel: 'docs/a.md', site, unsaved: {}, incremental: { key: doc.key } });
    await client.run('preview', doc.key, job());
    doc.apply([{ offset: 0, deleteCount: 0, text: 'Missed ' }]);
    const missed = await client.run('preview', doc.key, job());
    assert.match(missed!.blocks.join(''), /Missed Paragraph/);
    assert.deepEqual(texts(w.sent).map((t) => t !== undefined), [true, false, true], 'asked without, then again with the text');
    w.kill();
    const restarted = await client.run('preview', doc.key, job());
    assert.match(restarted!.blocks.join(''), /Missed Paragraph/);
    assert.equal(texts(w.sent).at(-1), doc.textNow, 'a new worker gets the text');
    client.close(doc.key);
    assert.equal(w.sent.at(-1)?.kind, 'close');
    client.dispose();
  });
});
