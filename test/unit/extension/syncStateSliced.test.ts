import { strict as assert } from 'node:assert';
import type { SyncPlan, SyncReport } from '../../../src/core';
import type { DocEntry } from '../../../src/extension/model/docTree';
import type { Slice } from '../../../src/extension/model/steps';
import { SyncState, type SyncStateChange } from '../../../src/extension/model/syncState';

/** A slice that is used up every `every` steps; each turn is a real turn of the event loop (setImmediate). */
function countingSlice(every: number): { slice: () => Slice; turns: number; onTurn?: () => void } {
  const out = {
    turns: 0,
    onTurn: undefined as (() => void) | undefined,
    slice: (): Slice => {
      let steps = 0;
      return {
        get due() {
          return ++steps % every === 0;
        },
        turn: async () => {
          out.turns++;
          out.onTurn?.();
          await new Promise((r) => setImmediate(r));
        },
      };
    },
  };
  return out;
}

/** `n` documents in 200 folders nested 3 deep, as the 10,000-document benchmark tree. */
function docs(n: number, state: DocEntry['state'] = 'new'): DocEntry[] {
  return Array.from({ length: n }, (_, i) => ({ file: `docs/s${i % 10}/f${i % 20}/g${i % 200}/doc-${i}.md`, state }));
}

const reportOf = (entries: DocEntry[]): SyncReport =>
  ({ results: entries.map((e, i) => ({ file: e.file, action: 'created', title: e.file, pageId: String(1000 + i), version: 1, url: `https://x/${i}` })) }) as unknown as SyncReport;

describe('extension SyncState in slices (issue 13: the extension host never blocked by a rebuild over 10,000 documents)', () => {
  it('recordReport of a 10,000-row report gives the event loop turns, and the views never see half of it', async () => {
    const counter = countingSlice(500);
    const state = new SyncState({ slice: counter.slice });
    const local = docs(10_000);
    state.setLocal({ docs: local, docsRoot: 'docs' });
    const seen: SyncStateChange[] = [];
    state.onDidChange((c) => seen.push(c));
    // What the views can read at every turn: the previous publish's states whole, or the new ones whole.
    const pageIdsSeen = new Set<number>();
    counter.onTurn = () => pageIdsSeen.add(state.entries.filter((e) => e.pageId).length);
    await state.recordReport(reportOf(local));
    // The report (10,000 rows), the merge (10,000) and the tree (10,000 documents + folders): one turn per 500 steps.
    assert.ok(counter.turns >= 60, `turns: ${counter.turns}`);
    assert.deepEqual([...pageIdsSeen], [0]);
    assert.equal(state.entries.filter((e) => e.pageId).length, 10_000);
    assert.equal(state.entry('docs/s3/f3/g3/doc-3.md')?.pageId, '1003');
    assert.deepEqual(seen, ['docs'], 'one change for the views, at the end');
  });

  it('a plan of 10,000 documents is recorded in slices too', async () => {
    const counter = countingSlice(500);
    const state = new SyncState({ slice: counter.slice });
    const local = docs(10_000, 'changed');
    state.setLocal({ docs: local, docsRoot: 'docs' });
    const plan = { items: local.map((e) => ({ file: e.file, kind: 'document', action: 'error', title: e.file, reason: 'bad' })), rootPageTitle: 'R', spaceKey: 'S', summary: {} } as unknown as SyncPlan;
    const errorsSeen = new Set<number>();
    counter.onTurn = () => errorsSeen.add(state.counts.error);
    await state.recordPlan(plan);
    assert.ok(counter.turns >= 60, `turns: ${counter.turns}`);
    assert.deepEqual([...errorsSeen], [0]);
    assert.equal(state.counts.error, 10_000);
  });

  it('a newer change during a sliced rebuild wins: the older rebuild is dropped, not shown over it', async () => {
    const counter = countingSlice(500);
    const state = new SyncState({ slice: counter.slice });
    const local = docs(4_000);
    state.setLocal({ docs: local, docsRoot: 'docs' });
    const seen: SyncStateChange[] = [];
    state.onDidChange((c) => seen.push(c));
    counter.onTurn = () => {
      // A rescan lands while the report's states are being rebuilt (the report itself is read in the first 8 turns).
      if (counter.turns === 12) state.setLocal({ docs: local.slice(1), docsRoot: 'docs' });
    };
    await state.recordReport(reportOf(local));
    assert.equal(state.entries.length, 3_999);
    assert.equal(state.entries.filter((e) => e.pageId).length, 3_999, "the report's overlay is in the newer rebuild");
    assert.deepEqual(seen, ['docs'], "the rescan's rebuild only; the report's own rebuild was dropped");
  });

  it('loadLocal: the first scan of a large tree shows "loading" until the whole tree is ready', async () => {
    const counter = countingSlice(500);
    const state = new SyncState({ slice: counter.slice });
    const loadedSeen = new Set<string>();
    counter.onTurn = () => loadedSeen.add(`${state.loaded} ${state.roots.length}`);
    await state.loadLocal({ docs: docs(5_000), docsRoot: 'docs' });
    assert.ok(counter.turns > 0);
    assert.deepEqual([...loadedSeen], ['false 0']);
    assert.equal(state.loaded, true);
    assert.equal(state.counts.new, 5_000);
    assert.equal(state.entries.length, 5_000);
  });

  it('small changes are still shown at once (no turn: the slice is not used up)', async () => {
    const counter = countingSlice(1_000_000);
    const state = new SyncState({ slice: counter.slice });
    await state.loadLocal({ docs: docs(10), docsRoot: 'docs' });
    await state.recordReport(reportOf(docs(10)));
    assert.equal(counter.turns, 0);
    assert.equal(state.entries.filter((e) => e.pageId).length, 10);
  });
});
