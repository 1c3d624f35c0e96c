import { strict as assert } from 'node:assert';
import type { SyncPlan, SyncReport } from '../../../src/core';
import type { DocEntry } from '../../../src/extension/model/docTree';
import { QuietPeriod } from '../../../src/extension/model/quietPeriod';
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
    const shown = state.node('docs/s3/f3/g3/doc-3.md')!;
    counter.onTurn = () => {
      pageIdsSeen.add(state.entries.filter((e) => e.pageId).length);
      // The tree's node objects (what the view holds) too: compared in slices, written only at the end.
      pageIdsSeen.add(shown.entry?.pageId ? -1 : 0);
    };
    await state.recordReport(reportOf(local));
    // The report (10,000 rows), the merge (10,000) and the tree (10,000 documents + folders): one turn per 500 steps.
    assert.ok(counter.turns >= 60, `turns: ${counter.turns}`);
    assert.deepEqual([...pageIdsSeen], [0]);
    assert.equal(state.entries.filter((e) => e.pageId).length, 10_000);
    assert.equal(state.entry('docs/s3/f3/g3/doc-3.md')?.pageId, '1003');
    assert.equal(state.node('docs/s3/f3/g3/doc-3.md'), shown, 'the same node object, updated');
    assert.equal(shown.entry?.pageId, '1003');
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
      // A rescan lands while the report's states are being rebuilt (turns 1-24 read the report: 8 + 16; 25-32 merge).
      if (counter.turns === 28) state.setLocal({ docs: local.slice(1), docsRoot: 'docs' });
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

  describe('the end of a publish without a rescan (the report says what a rescan would)', () => {
    const result = (file: string, action: string, i = 0) => ({ file, action, title: file, pageId: String(500 + i), version: 2, url: `https://x/${i}` });

    it('pages written become in sync, as a rescan would show them: documents, folder pages, a moved file; the rest keeps its state', async () => {
      const state = new SyncState();
      const folderPages = new Map<string, DocEntry>([['docs/', { file: 'docs/', state: 'new' }], ['docs/g/', { file: 'docs/g/', state: 'new' }]]);
      state.setLocal({ docs: [
        { file: 'docs/a.md', state: 'new' }, { file: 'docs/g/b.md', state: 'changed' }, { file: 'docs/g/renamed.md', state: 'new' },
        { file: 'docs/c.md', state: 'changed' }, { file: 'docs/d.md', state: 'in-sync', pageId: '9' },
      ], folderPages, docsRoot: 'docs' });
      const caughtUp = await state.recordReport({ results: [
        result('docs/', 'created', 1), result('docs/g/', 'created', 2), result('docs/a.md', 'created', 3), result('docs/g/b.md', 'updated', 4),
        result('docs/g/renamed.md', 'moved', 5), result('docs/c.md', 'conflict', 6), result('docs/d.md', 'skipped', 7), result('docs/old.md', 'orphan', 8),
      ] } as unknown as SyncReport);
      assert.equal(caughtUp, true);
      assert.deepEqual(state.entries.map((e) => [e.file, e.state]), [
        ['docs/a.md', 'in-sync'], ['docs/g/b.md', 'in-sync'], ['docs/g/renamed.md', 'in-sync'], ['docs/c.md', 'conflict'], ['docs/d.md', 'in-sync'],
      ]);
      assert.equal(state.node('docs/g/')?.entry?.state, 'in-sync');
      assert.equal(state.node('docs/')?.entry?.state, 'in-sync');
      assert.equal(state.entry('docs/a.md')?.pageId, '503');
      // The same tree a rescan would read after this publish (its scan says in sync for every page written).
      const rescanned = new SyncState();
      rescanned.setLocal({ docs: [
        { file: 'docs/a.md', state: 'in-sync' }, { file: 'docs/g/b.md', state: 'in-sync' }, { file: 'docs/g/renamed.md', state: 'in-sync' },
        { file: 'docs/c.md', state: 'changed' }, { file: 'docs/d.md', state: 'in-sync' },
      ], folderPages: new Map([['docs/', { file: 'docs/', state: 'in-sync' }], ['docs/g/', { file: 'docs/g/', state: 'in-sync' }]]), docsRoot: 'docs' });
      await rescanned.recordPlan({ items: [{ file: 'docs/c.md', kind: 'document', action: 'conflict', title: 'C' }], rootPageTitle: 'R', spaceKey: 'S', summary: {} } as unknown as SyncPlan);
      assert.deepEqual(state.counts, rescanned.counts);
    });

    for (const [why, results, local] of [
      ['an error (the mapping may hold a pending entry)', [result('docs/a.md', 'error')], 'new'],
      ['a page written from a file the scan showed blocked (published anyway: Problems must be read again)', [result('docs/a.md', 'created')], 'blocked'],
      ['a page written from a file the scan does not know', [result('docs/elsewhere.md', 'created')], 'new'],
      ['an unchanged page the scan did not show in sync (recognised on the server)', [result('docs/a.md', 'skipped')], 'new'],
    ] as const) {
      it(`a rescan is still needed after ${why}`, async () => {
        const state = new SyncState();
        state.setLocal({ docs: [{ file: 'docs/a.md', state: local }], docsRoot: 'docs' });
        assert.equal(await state.recordReport({ results } as unknown as SyncReport), false);
        assert.equal(state.entry('docs/a.md')?.state, results[0].action === 'error' ? 'error' : local);
      });
    }

    it('a rescan that lands while the report is applied wins (the report is not applied to the older scan)', async () => {
      const counter = countingSlice(100);
      const state = new SyncState({ slice: counter.slice });
      const local = docs(2_000);
      state.setLocal({ docs: local, docsRoot: 'docs' });
      counter.onTurn = () => {
        // Turns 1-20 read the report's rows, 21-60 apply it to the scan.
        if (counter.turns === 30) state.setLocal({ docs: local.map((d) => ({ ...d, state: 'changed' })), docsRoot: 'docs' });
      };
      assert.equal(await state.recordReport(reportOf(local)), false);
      assert.equal(state.counts.changed, 2_000);
    });

    it('the loader rescans at the end only when an event was held, or the report did not bring the tree up to date', () => {
      const quiet = new QuietPeriod();
      assert.equal(quiet.hold(), false, 'not quiet: the caller rescans as usual');
      quiet.begin();
      assert.equal(quiet.end(true), false, 'a publish whose report says it all: no rescan');
      quiet.begin();
      assert.equal(quiet.end(false), true, 'a failed publish, or a report the state could not apply');
      quiet.begin();
      assert.equal(quiet.hold(), true, 'a document saved during the publish is held');
      assert.equal(quiet.end(true), true, '... and rescanned at the end');
      quiet.begin();
      assert.equal(quiet.end(true), false, 'the next publish starts with nothing held');
      quiet.begin();
      quiet.begin();
      quiet.hold();
      assert.equal(quiet.end(true), false, 'an inner quiet period does not end the outer one');
      assert.equal(quiet.active, true);
      assert.equal(quiet.end(true), true);
    });
  });
});
