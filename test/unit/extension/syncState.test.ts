// The extension's SyncState (issue 11): one observable model that the publish run and the docs loader write and the
// status bar, tree and context keys observe. Host-free: runs without VS Code (its emitter has vscode's shape).
import assert from 'node:assert/strict';
import type { PlanItem, SyncPlan, SyncReport } from '../../../src/core/sync/types';
import type { DocEntry } from '../../../src/extension/model/docTree';
import { SyncState, type SyncStateChange } from '../../../src/extension/model/syncState';

const planOf = (...items: PlanItem[]): SyncPlan => ({ items, rootPageTitle: 'Root', spaceKey: 'DOCS', summary: {} });
const doc = (file: string, state: DocEntry['state'], extra: Partial<DocEntry> = {}): DocEntry => ({ file, state, ...extra });

function observed(state: SyncState): SyncStateChange[] {
  const seen: SyncStateChange[] = [];
  state.onDidChange((part) => seen.push(part));
  return seen;
}

describe('extension SyncState', () => {
  it('a local scan builds the documents, the tree and the counts, and fires "docs"', () => {
    const state = new SyncState();
    const seen = observed(state);
    state.setLocal({ docs: [doc('docs/a.md', 'new'), doc('docs/guide/b.md', 'changed'), doc('docs/x.secrets.md', 'excluded')], docsRoot: 'docs' });
    assert.deepEqual(seen, ['docs']);
    assert.deepEqual(state.roots.map((n) => n.path), ['docs/'], 'one root: the docs root page');
    assert.deepEqual(state.roots[0].children.map((n) => n.path), ['docs/guide/', 'docs/a.md']);
    assert.equal(state.node('docs/guide/b.md')?.state, 'changed');
    assert.equal(state.entry('docs/a.md')?.state, 'new');
    assert.equal(state.counts.new, 1);
    assert.equal(state.counts.changed, 1);
    state.setLocal({ docs: [], docsRoot: 'docs', loadError: 'bad mapping' });
    assert.equal(state.loadError, 'bad mapping');
  });

  it('what a plan found overlays the local states until a newer plan speaks about the file', async () => {
    const state = new SyncState({ likelySecrets: (n) => `${n} secrets!` });
    state.setLocal({ docs: [doc('a.md', 'changed'), doc('s.md', 'changed'), doc('e.md', 'new')], docsRoot: '.' });
    const seen = observed(state);
    await state.recordPlan(planOf(
      { file: 'a.md', kind: 'document', action: 'conflict', title: 'A', code: 'remote-edited', pageId: '7', remoteVersion: 3, reason: 'edited in Confluence (use --force)' },
      { file: 's.md', kind: 'document', action: 'blocked', title: 'S', findings: [{ line: 2, rule: '@secretlint/secretlint-rule-github' }, { line: 5, rule: 'jwt' }] as never },
      { file: 'e.md', kind: 'document', action: 'error', title: 'E', reason: 'bad front matter' },
    ));
    assert.deepEqual(seen, ['docs']);
    assert.deepEqual(state.entries.map((e) => [e.file, e.state, e.message]), [
      ['a.md', 'conflict', 'edited in Confluence'],
      ['s.md', 'blocked', '2 likely secrets: GitHub token (line 2), JSON web token (line 5)'],
      ['e.md', 'error', 'bad front matter'],
    ]);
    assert.equal(state.entry('a.md')?.version, 3);
    await state.recordPlan(planOf({ file: 'a.md', kind: 'document', action: 'update', title: 'A' }));
    assert.equal(state.entry('a.md')?.state, 'changed', 'the newer plan clears the conflict');
    state.setLocal({ docs: [doc('a.md', 'changed'), doc('s.md', 'changed'), doc('e.md', 'new')], docsRoot: '.' });
    assert.equal(state.entry('s.md')?.state, 'blocked', 'a rescan keeps what the last plan said');
  });

  it('a publish report marks written pages in sync with their time, kept in the times store', async () => {
    let stored: Record<string, string> = { 'old.md': '2020-01-01T00:00:00.000Z' };
    const state = new SyncState({ times: { get: () => stored, update: async (t) => void (stored = t) }, now: () => new Date('2026-12-05T10:00:00Z') });
    state.setLocal({ docs: [doc('a.md', 'changed'), doc('b.md', 'changed')], docsRoot: '.' });
    const report = { results: [
      { file: 'a.md', action: 'updated', title: 'A', pageId: '1', version: 4, url: 'https://x/1' },
      { file: 'b.md', action: 'conflict', title: 'B', pageId: '2', message: 'edited' },
    ], summary: {} } as SyncReport;
    await state.recordReport(report);
    assert.deepEqual(stored, { 'old.md': '2020-01-01T00:00:00.000Z', 'a.md': '2026-12-05T10:00:00.000Z' });
    assert.deepEqual(state.publishTimes, stored);
    const a = state.entry('a.md');
    assert.deepEqual([a?.state, a?.version, a?.url, a?.lastPublished], ['in-sync', 4, 'https://x/1', '2026-12-05T10:00:00.000Z'], 'the page written is in sync; the overlay adds the page');
    assert.equal(state.entry('b.md')?.state, 'conflict');
  });

  it('the run: running, progress (cleared when the run ends), and no event when nothing changed', () => {
    const state = new SyncState();
    const seen = observed(state);
    state.setRunning(true);
    state.setProgress({ done: 1, total: 3 });
    state.setProgress({ done: 1, total: 3 });
    assert.deepEqual(state.progress, { done: 1, total: 3 });
    assert.equal(state.running, true);
    state.setRunning(false);
    assert.equal(state.progress, undefined);
    state.setRunning(false);
    assert.deepEqual(seen, ['run', 'run', 'run']);
  });

  it('the last error and the remote-changes count fire their own part', () => {
    const state = new SyncState();
    const seen = observed(state);
    state.setLastError('site unreachable');
    state.setLastError('site unreachable');
    state.setRemoteChanges(2);
    state.setLastError(undefined);
    assert.deepEqual(seen, ['result', 'remote', 'result']);
    assert.equal(state.remoteChanges, 2);
    assert.equal(state.lastError, undefined);
  });

  it('a listener that throws does not keep the others from hearing, and a disposed subscription hears nothing', () => {
    const state = new SyncState();
    const heard: string[] = [];
    state.onDidChange(() => {
      throw new Error('bad listener');
    });
    const sub = state.onDidChange((p) => heard.push(`1:${p}`));
    state.onDidChange((p) => heard.push(`2:${p}`));
    state.setRemoteChanges(1);
    sub.dispose();
    state.setRemoteChanges(2);
    assert.deepEqual(heard, ['1:remote', '2:remote', '2:remote']);
  });

  it('takes the emitter it is given (vscode.EventEmitter in the extension)', () => {
    const fired: SyncStateChange[] = [];
    const state = new SyncState({ emitter: () => ({ event: () => ({ dispose() {} }), fire: (p: SyncStateChange) => void fired.push(p), dispose() {} }) });
    state.setRunning(true);
    assert.deepEqual(fired, ['run']);
  });
});
