// A large tree opens with its deeper folders collapsed, so a refresh builds and sends only the rows shown (issue 13:
// a publish that changed every document of 2,000 refreshed 2,000+ items at its end).
import assert from 'node:assert/strict';
import type { SyncReport } from '../../../src/core/sync/types';
import { EXPANDED_ROWS, foldersToExpand, type DocEntry, type TreeNodeData } from '../../../src/extension/model/docTree';
import { SyncState } from '../../../src/extension/model/syncState';

const docsIn = (folders: number, perFolder: number, state: DocEntry['state'] = 'new'): DocEntry[] => {
  const docs: DocEntry[] = [];
  for (let f = 0; f < folders; f++) for (let d = 0; d < perFolder; d++) docs.push({ file: `docs/f${f}/d${d}.md`, state });
  return docs;
};

/** The rows a tree view fetches: the roots, and the children of every expanded folder (recursively). */
function fetchedRows(state: SyncState): number {
  let rows = 0;
  const visit = (nodes: readonly TreeNodeData[]): void => {
    for (const n of nodes) {
      rows++;
      if (n.kind === 'folder' && state.startsExpanded(n)) visit(n.children);
    }
  };
  visit(state.roots);
  return rows;
}

describe('extension: folders expanded at first (large trees open collapsed)', () => {
  it('a small tree shows every folder expanded', () => {
    const state = new SyncState();
    state.setLocal({ docs: [...docsIn(10, 50), { file: 'docs/f0/deep/x.md', state: 'new' }], docsRoot: 'docs' });
    const folders = [...walk(state.roots)].filter((n) => n.kind === 'folder');
    assert.ok(folders.length >= 12);
    assert.ok(folders.every((f) => state.startsExpanded(f)), 'all folders of a 501-document tree expanded');
  });

  it('a 2,000-document tree shows its root expanded and the 40 folders below collapsed: 41 rows, not 2,041', () => {
    const state = new SyncState();
    state.setLocal({ docs: docsIn(40, 50), docsRoot: 'docs' });
    assert.equal(state.startsExpanded(state.roots[0]), true);
    assert.equal(state.roots[0].children.filter((c) => state.startsExpanded(c)).length, 0);
    assert.equal(fetchedRows(state), 41);
  });

  it('10,000 documents nested 3 deep: the rows fetched stay within the budget', () => {
    const docs: DocEntry[] = [];
    for (let a = 0; a < 10; a++) for (let b = 0; b < 4; b++) for (let c = 0; c < 5; c++) for (let d = 0; d < 50; d++) docs.push({ file: `docs/a${a}/b${b}/c${c}/d${d}.md`, state: 'new' });
    const state = new SyncState();
    state.setLocal({ docs, docsRoot: 'docs' });
    const rows = fetchedRows(state);
    assert.ok(rows <= EXPANDED_ROWS, `${rows} rows`);
    assert.equal(rows, 1 + 10 + 40 + 200, 'levels expanded while they fit: root, a*, b* (c* holds 10,000)');
  });

  it('a level is expanded whole or not at all, and a tree that fits exactly is all open', () => {
    const tree = (sizes: number[]): TreeNodeData[] => {
      const root: TreeNodeData = { id: 'r/', kind: 'folder', name: 'r', path: 'r/', state: 'new', counts: {}, children: [] };
      sizes.forEach((n, i) => {
        const f: TreeNodeData = { id: `r/${i}/`, kind: 'folder', name: String(i), path: `r/${i}/`, state: 'new', counts: {}, children: [], parent: root };
        for (let d = 0; d < n; d++) f.children.push({ id: `r/${i}/${d}`, kind: 'doc', name: String(d), path: `r/${i}/${d}`, state: 'new', counts: {}, children: [], parent: f });
        root.children.push(f);
      });
      return [root];
    };
    assert.deepEqual([...foldersToExpand(tree([3, 4]), 10)].sort(), ['r/', 'r/0/', 'r/1/'], '1 + 2 + 7 = 10 rows');
    assert.deepEqual([...foldersToExpand(tree([3, 5]), 10)], ['r/'], 'the second level would need 11 rows: none of it opens');
  });

  it('the end of a publish of 2,000 documents: one refresh from the root for the report; a rescan would change nothing', async () => {
    const state = new SyncState({ now: () => new Date('2026-12-06T06:00:00Z') });
    state.setLocal({ docs: docsIn(40, 50), docsRoot: 'docs' });
    const changes: (readonly TreeNodeData[] | 'all')[] = [];
    state.onDidChange((p) => p === 'docs' && changes.push(state.changedNodes));
    const results = docsIn(40, 50).map((d, i) => ({ file: d.file, action: 'created', title: d.file, pageId: String(i + 1), version: 1 }));
    assert.equal(await state.recordReport({ results } as unknown as SyncReport), true, 'the report brings the tree up to date');
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0] === 'all' ? 'all' : changes[0].map((n) => n.id), ['docs/'], 'one refresh from the root, not 2,000 element refreshes');
    assert.equal(state.entry('docs/f3/d7.md')?.pageId, String(3 * 50 + 7 + 1), 'the written pages are known at once');
    assert.equal(state.counts['in-sync'], 2_000);
    // What a rescan after the publish would read (disk and the mapping): the same states, nothing to refresh.
    const times = state.publishTimes;
    state.setLocal({ docs: docsIn(40, 50, 'in-sync').map((d, i) => ({ ...d, pageId: String(i + 1), version: 1, lastPublished: times[d.file] })), docsRoot: 'docs' });
    assert.equal(changes.length, 2);
    assert.deepEqual(changes[1], [], 'the rescan finds nothing the report did not already show');
  });
});

function* walk(nodes: readonly TreeNodeData[]): Generator<TreeNodeData> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}
