// The read side in the editor (issue 12): host-free parts — the remote-check interval, the tree's remote marks and
// states, the status bar's "N changed in Confluence", the merge editor's three texts from pull's markers, the import
// and pull summaries, and the publish run going on after the conflict choice Merge (no "plan changed" question).
import assert from 'node:assert/strict';
import type { ImportReport } from '../../../src/core/read/import';
import type { PullReport } from '../../../src/core/read/pull';
import type { RemoteCheck } from '../../../src/core/read/pull/check';
import { mergeDocument } from '../../../src/core/read/pull/merge';
import type { PlanItem, SyncPlan, SyncReport } from '../../../src/core/sync/types';
import { describeState, type DocEntry } from '../../../src/extension/model/docTree';
import {
  DEFAULT_REMOTE_CHECK_MINUTES, importReportMarkdown, importSummary, pullCounts, pullSummary, remoteCheckDelay, remoteMarks, splitConflictMarkers,
} from '../../../src/extension/model/readSide';
import { statusView } from '../../../src/extension/model/statusSummary';
import { SyncState, type SyncStateChange } from '../../../src/extension/model/syncState';
import { PublishLock } from '../../../src/extension/publish/publishLock';
import { runPublish, type PublishSteps } from '../../../src/extension/publish/publishRun';

const doc = (file: string, state: DocEntry['state']): DocEntry => ({ file, state, pageId: '1', version: 3 });

describe('extension read side: remote check interval', () => {
  it('minutes become milliseconds; 0, negative and nonsense switch the timer off; values are clamped to 1 min .. 24 h', () => {
    assert.equal(DEFAULT_REMOTE_CHECK_MINUTES, 10);
    assert.equal(remoteCheckDelay(10), 600_000);
    assert.equal(remoteCheckDelay('5'), 300_000);
    assert.equal(remoteCheckDelay(0), undefined);
    assert.equal(remoteCheckDelay(-3), undefined);
    assert.equal(remoteCheckDelay(Number.NaN), undefined);
    assert.equal(remoteCheckDelay(undefined), undefined);
    assert.equal(remoteCheckDelay('often'), undefined);
    assert.equal(remoteCheckDelay(0.1), 60_000, 'at least a minute');
    assert.equal(remoteCheckDelay(100_000), 24 * 60 * 60_000, 'at most a day');
  });
});

describe('extension read side: remote states in the model', () => {
  const check: RemoteCheck = {
    checkedAt: '2026-12-05T10:00:00Z', newPages: 1,
    items: [
      { file: 'docs/a.md', pageId: '1', state: 'changed-remotely', version: 5, localVersion: 3 },
      { file: 'docs/b.md', pageId: '2', state: 'deleted-remotely', localVersion: 2 },
      { file: 'docs/c.md', pageId: '3', state: 'moved-remotely', version: 2, localVersion: 2 },
    ],
  };

  it('a check becomes marks for edited and deleted pages (a move alone is not a mark)', () => {
    assert.deepEqual(remoteMarks(check), [
      ['docs/a.md', { state: 'changed-remotely', version: 5, localVersion: 3 }],
      ['docs/b.md', { state: 'deleted-remotely', version: undefined, localVersion: 2 }],
    ]);
  });

  it('marks show over in-sync and changed-locally, never over a conflict; counts, words and the remote count follow', async () => {
    const state = new SyncState();
    state.setLocal({ docs: [doc('docs/a.md', 'changed'), doc('docs/b.md', 'in-sync'), doc('docs/e.md', 'in-sync')], docsRoot: 'docs' });
    await state.recordPlan({ items: [{ file: 'docs/e.md', kind: 'document', action: 'error', title: 'E', reason: 'bad' }], rootPageTitle: 'R', spaceKey: 'DOCS', summary: {} } as SyncPlan);
    const seen: SyncStateChange[] = [];
    state.onDidChange((p) => seen.push(p));
    state.recordRemote([...remoteMarks(check), ['docs/e.md', { state: 'changed-remotely', version: 9, localVersion: 3 }]]);
    assert.deepEqual(seen, ['docs', 'remote']);
    assert.equal(state.entry('docs/a.md')?.state, 'changed-remotely');
    assert.match(state.entry('docs/a.md')!.message!, /version 3 → 5.*local changes too: Pull merges both/);
    assert.equal(state.entry('docs/b.md')?.state, 'deleted-remotely');
    assert.equal(state.entry('docs/e.md')?.state, 'error', 'an error says more');
    assert.equal(state.counts['changed-remotely'], 1);
    assert.equal(state.counts['deleted-remotely'], 1);
    assert.equal(state.remoteChanges, 3);
    assert.equal(describeState('changed-remotely'), 'changed in Confluence');
    assert.equal(describeState('deleted-remotely'), 'deleted in Confluence');
    assert.equal(state.node('docs/a.md')?.state, 'changed-remotely');

    seen.length = 0;
    state.recordRemote([...remoteMarks(check), ['docs/e.md', { state: 'changed-remotely', version: 9, localVersion: 3 }]]);
    assert.deepEqual(seen, [], 'the same check again fires nothing');
    state.recordRemote([]);
    assert.equal(state.entry('docs/a.md')?.state, 'changed', 'caught up: the local state again');
    assert.equal(state.remoteChanges, 0);
  });

  it('a publish of the file clears its mark', async () => {
    const state = new SyncState();
    state.setLocal({ docs: [doc('docs/a.md', 'changed')], docsRoot: 'docs' });
    state.recordRemote(remoteMarks(check));
    await state.recordReport({ results: [{ file: 'docs/a.md', action: 'updated', title: 'A', pageId: '1', version: 6 }] } as unknown as SyncReport);
    assert.equal(state.entry('docs/a.md')?.state, 'in-sync', 'the mark is gone; the page written is in sync');
  });

  it('the status bar says "N changed in Confluence" and pulls on click; problems still come first', () => {
    const counts = { 'in-sync': 3, changed: 1, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0, 'changed-remotely': 2, 'deleted-remotely': 0 };
    const v = statusView({ configured: true, signedIn: true, trusted: true, counts, remoteChanges: 2 });
    assert.equal(v.text, '$(cloud-download) Confluence: 2 changed in Confluence');
    assert.equal(v.action, 'pull');
    assert.equal(statusView({ configured: true, signedIn: true, trusted: true, counts: { ...counts, conflict: 1 }, remoteChanges: 2 }).action, 'showProblems');
    assert.equal(statusView({ configured: true, signedIn: true, trusted: true, counts, remoteChanges: 0 }).action, 'publishWorkspace');
  });
});

describe('extension read side: the merge editor texts from pull\'s conflict markers', () => {
  it('splits a real merge result back into base, local and Confluence (merged lines belong to all three)', () => {
    const base = '# T\n\nalpha\n\nbeta\n\ngamma\n';
    const ours = '# T\n\nalpha local\n\nbeta\n\ngamma\n';
    const theirs = '# T\n\nalpha remote\n\nbeta\n\ngamma remote\n';
    const merged = mergeDocument(base, ours, theirs, 7);
    assert.equal(merged.conflicts.length, 1);
    const sides = splitConflictMarkers(merged.text)!;
    assert.equal(sides.conflicts, 1);
    assert.equal(sides.local, '# T\n\nalpha local\n\nbeta\n\ngamma remote\n');
    assert.equal(sides.theirs, theirs);
    assert.equal(sides.base, '# T\n\nalpha\n\nbeta\n\ngamma remote\n');
  });

  it('keeps CRLF line ends; no markers or an unfinished block: undefined', () => {
    const sides = splitConflictMarkers('a\r\n<<<<<<< local\r\nx\r\n||||||| base\r\no\r\n=======\r\ny\r\n>>>>>>> confluence v2\r\nz')!;
    assert.deepEqual(sides, { base: 'a\r\no\r\nz', local: 'a\r\nx\r\nz', theirs: 'a\r\ny\r\nz', conflicts: 1 });
    assert.equal(splitConflictMarkers('plain text\n'), undefined);
    assert.equal(splitConflictMarkers('<<<<<<< local\nx\n=======\ny\n'), undefined);
  });
});

describe('extension read side: summaries', () => {
  const report: ImportReport = {
    space: 'DOCS', root: { id: '10', title: 'Handbook' }, docsRoot: 'docs', mappingFile: 'docs/.confluence-mapping.json', dryRun: false,
    pages: [{ pageId: '10', title: 'Handbook', file: 'docs/index.md', version: 2 }, { pageId: '11', title: 'A | B', file: 'docs/a-b.md', version: 1 }],
    files: ['docs/index.md', 'docs/a-b.md', 'docs/index.assets/x.png'],
    attachments: [{ pageId: '10', name: 'x.png', file: 'docs/index.assets/x.png', bytes: 12 }, { pageId: '11', name: 'x.png', file: 'docs/index.assets/x.png', bytes: 12, shared: true }],
    unconverted: [{ pageId: '11', title: 'A | B', file: 'docs/a-b.md', element: 'macro:gadget', detail: 'unknown macro' }],
    secrets: [{ file: 'docs/a-b.md', line: 4, rule: 'aws-key', preview: 'AKIA…', replaced: true }],
    skipped: [], mappingProblems: [], configWritten: true, resumed: false, existing: [],
  };

  it('import: one line with pages, files, attachments (shared ones once), kept elements, secrets', () => {
    assert.equal(importSummary(report), 'Imported "Handbook" from space DOCS into docs/: 2 pages, 3 files, 1 attachment, 1 element kept as is, 1 secret replaced by a placeholder.');
  });

  it('import report: Markdown tables per section, cells escaped, no value of a secret', () => {
    const md = importReportMarkdown(report);
    assert.match(md, /^# Import of "Handbook" \(space DOCS\)/);
    assert.match(md, /## Pages\n\n\| File \| Title \| Page \| Version \|\n\|---\|---\|---\|---\|\n\| docs\/index.md \| Handbook \| 10 \| 2 \|\n\| docs\/a-b.md \| A \\\| B \| 11 \| 1 \|/);
    assert.match(md, /## Kept as is[^\n]*\n\n[^\n]*\n[^\n]*\n\| docs\/a-b.md \| A \\\| B \| macro:gadget \| unknown macro \|/);
    assert.match(md, /\| docs\/a-b.md \| 4 \| aws-key \| AKIA… \| placeholder \$\{REDACTED_SECRET\} \|/);
    assert.match(md, /`.confluence.yml` was written/);
    assert.doesNotMatch(md, /## Skipped/);
  });

  it('pull: updated, merged, conflicts, errors, deleted and new pages counted; nothing: up to date', () => {
    const item = (file: string, state: PullReport['items'][number]['state'], action: PullReport['items'][number]['action']) => ({ file, state, action, pageId: '1', title: file });
    const r: PullReport = {
      items: [
        item('a.md', 'changed-remotely', 'updated'), item('b.md', 'changed-remotely', 'updated'), item('c.md', 'changed-remotely', 'merged'),
        item('d.md', 'changed-remotely', 'conflict'), item('e.md', 'deleted-remotely', 'reported'), item('New', 'new-remotely', 'reported'),
        item('f.md', 'unchanged', 'unchanged'),
      ],
      summary: {}, requests: { search: 1, listing: 1 }, checkedAt: '', dryRun: false,
    };
    assert.deepEqual(pullCounts(r), { updated: 2, merged: 1, conflicts: ['d.md'], errors: 0, deleted: 1, newPages: 1 });
    assert.equal(pullSummary(r), 'Pulled from Confluence: 2 files updated, 1 merged with your local edits, 1 conflict to resolve, 1 page deleted in Confluence (files kept), 1 new page in Confluence (not imported).');
    assert.equal(pullSummary({ ...r, items: [item('f.md', 'unchanged', 'unchanged')] }), 'Pulled from Confluence: every file is up to date.');
  });
});

describe('extension read side: the conflict choice Merge in a publish', () => {
  const planOf = (...items: PlanItem[]): SyncPlan => ({ items, rootPageTitle: 'Root', spaceKey: 'DOCS', summary: {} });
  const conflict: PlanItem = { file: 'docs/a.md', kind: 'document', action: 'conflict', title: 'A', code: 'remote-edited', pageId: '11', remoteVersion: 5, localVersion: 4 };
  const merged: PlanItem = { file: 'docs/a.md', kind: 'document', action: 'update', title: 'A', pageId: '11' };
  const other: PlanItem = { file: 'docs/b.md', kind: 'document', action: 'unchanged', title: 'B' };

  function steps(plans: SyncPlan[], pulled: string[] | undefined, applied: SyncPlan[], rounds: number[]): PublishSteps<string> {
    let n = 0;
    return {
      plan: async () => ({ engine: 'e', plan: plans[Math.min(n++, plans.length - 1)] }),
      decide: async (_plan, round) => {
        rounds.push(round);
        return { go: true, options: {}, pulled };
      },
      apply: async (planned) => {
        applied.push(planned.plan);
        return { report: { results: [] } as unknown as SyncReport, cancelled: false };
      },
      report: () => undefined,
    };
  }

  it('a clean merge turns the conflict into an update: published without asking again', async () => {
    const applied: SyncPlan[] = [];
    const rounds: number[] = [];
    const outcome = await runPublish(new PublishLock(), steps([planOf(conflict, other), planOf(merged, other)], ['docs/a.md'], applied, rounds), false);
    assert.equal(outcome.kind, 'applied');
    assert.deepEqual(rounds, [0], 'asked once');
    assert.deepEqual(applied[0].items.map((i) => i.action), ['update', 'unchanged']);
  });

  it('without a merge, skipping the only conflict writes nothing (the run does not plan again)', async () => {
    const applied: SyncPlan[] = [];
    const rounds: number[] = [];
    const outcome = await runPublish(new PublishLock(), steps([planOf(conflict, other), planOf(merged, other)], undefined, applied, rounds), false);
    assert.equal(outcome.kind, 'nothing-to-write');
    assert.deepEqual(applied, []);
  });

  it('a merge does not excuse other changes: another file changing under the answers asks again', async () => {
    const applied: SyncPlan[] = [];
    const rounds: number[] = [];
    const changedB: PlanItem = { ...other, action: 'conflict', code: 'remote-edited', pageId: '12', remoteVersion: 3 };
    await runPublish(new PublishLock(), steps([planOf(conflict, other), planOf(merged, changedB), planOf(merged, changedB)], ['docs/a.md'], applied, rounds), false);
    assert.deepEqual(rounds.slice(0, 2), [0, 1], 'asked again for the new plan');
  });
});
