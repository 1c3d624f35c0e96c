// Issue 13 (extmodel): which file events rescan, which tree nodes refresh, how often the status bar moves, and what
// the views say before the first scan and when the site does not answer. Host-free parts of the extension.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DocEntry } from '../../../src/extension/model/docTree';
import { buildTree } from '../../../src/extension/model/docTree';
import { SITE_LOOK, siteLook } from '../../../src/extension/model/stateWords';
import { statusView } from '../../../src/extension/model/statusSummary';
import { SyncState, type SyncStateChange } from '../../../src/extension/model/syncState';
import { patchTree } from '../../../src/extension/model/treeDiff';
import { classifyEvent, relativeTo, sameStamp } from '../../../src/extension/model/watchScope';
import { StallMeter, startStallMonitor } from '../../../src/extension/util/stallMonitor';
import { throttle } from '../../../src/extension/util/throttle';

const doc = (file: string, state: DocEntry['state'], extra: Partial<DocEntry> = {}): DocEntry => ({ file, state, ...extra });
const zero = { 'changed-remotely': 0, 'deleted-remotely': 0, 'in-sync': 0, changed: 0, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0 };

describe('extension watch scope (issue 13)', () => {
  const root = path.resolve('/ws');
  const cfg = { root, docsRoot: 'docs', mappingFile: 'docs/.confluence-mapping.json' };
  const at = (rel: string): string => path.join(root, rel);

  it('only Markdown files and attachments under the docs root concern the tree', () => {
    assert.equal(classifyEvent(cfg, at('docs/guide/a.md')), 'doc');
    assert.equal(classifyEvent(cfg, at('docs/A.MARKDOWN')), 'doc');
    assert.equal(classifyEvent(cfg, at('docs/img/logo.png')), 'attachment');
    assert.equal(classifyEvent(cfg, at('README.md')), 'none', 'a save outside the docs root does nothing');
    assert.equal(classifyEvent(cfg, at('docsy/a.md')), 'none', 'a sibling folder with the same prefix is outside');
    assert.equal(classifyEvent(cfg, at('src/notes.md')), 'none');
    assert.equal(classifyEvent(cfg, path.resolve('/elsewhere/docs/a.md')), 'none', 'outside the workspace');
    assert.equal(classifyEvent(cfg, at('docs/.confluence/base/1.json')), 'none', 'hidden folders are never docs');
  });

  it('the mapping file is its own kind (also under the docs root), at the configured path', () => {
    assert.equal(classifyEvent(cfg, at('docs/.confluence-mapping.json')), 'mapping');
    assert.equal(classifyEvent({ ...cfg, mappingFile: 'map/m.json' }, at('map/m.json')), 'mapping');
    assert.equal(classifyEvent({ ...cfg, mappingFile: 'map/m.json' }, at('docs/.confluence-mapping.json')), 'none');
  });

  it('docs root "." covers the workspace except hidden folders', () => {
    const whole = { root, docsRoot: '.', mappingFile: '.confluence-mapping.json' };
    assert.equal(classifyEvent(whole, at('a.md')), 'doc');
    assert.equal(classifyEvent(whole, at('x/y/b.md')), 'doc');
    assert.equal(classifyEvent(whole, at('.git/HEAD')), 'none');
    assert.equal(classifyEvent(whole, at('.confluence-mapping.json')), 'mapping');
    assert.equal(relativeTo(root, root), undefined);
  });

  it('an event with the stamp the last load read is our own write', () => {
    assert.equal(sameStamp({ mtimeMs: 5, size: 10 }, { mtimeMs: 5, size: 10 }), true);
    assert.equal(sameStamp({ mtimeMs: 5, size: 10 }, { mtimeMs: 6, size: 10 }), false);
    assert.equal(sameStamp(undefined, { mtimeMs: 5, size: 10 }), false);
  });
});

describe('extension tree patch (issue 13)', () => {
  const tree = (docs: DocEntry[]) => buildTree(docs, 'docs');
  const base = [doc('docs/index.md', 'in-sync'), doc('docs/a/one.md', 'in-sync'), doc('docs/a/two.md', 'in-sync'), doc('docs/b/three.md', 'in-sync'), doc('docs/top.md', 'in-sync')];

  it('nothing changed: no node refreshes and every element keeps its identity', () => {
    const prev = tree(base);
    const one = prev[0].children[0].children[0];
    const patch = patchTree(prev, tree(base.map((d) => ({ ...d }))));
    assert.deepEqual(patch.changed, []);
    assert.equal(patch.roots[0], prev[0]);
    assert.equal(patch.roots[0].children[0].children[0], one, 'the same object for the same document');
  });

  it('a changed document refreshes the highest node whose look changed, not the whole tree by identity', () => {
    const prev = tree(base);
    const next = base.map((d) => (d.file === 'docs/a/one.md' ? { ...d, state: 'changed' as const } : d));
    const patch = patchTree(prev, tree(next));
    assert.notEqual(patch.changed, 'all');
    // The root's description (its counts) changed: the root is listed once, nothing below it again.
    assert.deepEqual((patch.changed as { id: string }[]).map((n) => n.id), ['docs/']);
    const one = patch.roots[0].children[0].children[0];
    assert.equal(one.state, 'changed');
    assert.equal(one.parent, patch.roots[0].children[0]);
  });

  it('a change that leaves the counts alone refreshes only that document', () => {
    const prev = tree(base);
    const next = base.map((d) => (d.file === 'docs/b/three.md' ? { ...d, title: 'Three!' } : d));
    const patch = patchTree(prev, tree(next));
    assert.deepEqual((patch.changed as { id: string }[]).map((n) => n.id), ['docs/b/three.md']);
    assert.equal(patch.roots[0].children[1].children[0].entry?.title, 'Three!');
  });

  it('a renamed document refreshes its folder (children changed); new roots refresh everything', () => {
    const prev = tree(base);
    const next = base.map((d) => (d.file === 'docs/b/three.md' ? { ...d, file: 'docs/b/four.md' } : d));
    const patch = patchTree(prev, tree(next));
    assert.deepEqual((patch.changed as { id: string }[]).map((n) => n.id), ['docs/b/']);
    assert.deepEqual(patch.roots[0].children[1].children.map((n) => n.id), ['docs/b/four.md']);
    assert.equal(patch.roots[0].children[1].children[0].parent, patch.roots[0].children[1]);
    const added = patchTree(tree(base), tree([...base, doc('docs/b/five.md', 'new')]));
    assert.deepEqual((added.changed as { id: string }[]).map((n) => n.id), ['docs/'], 'counts changed up to the root');
    assert.equal(patchTree([], tree(base)).changed, 'all');
    assert.equal(patchTree(tree(base), []).changed, 'all');
  });
});

describe('extension SyncState for the views (issue 13)', () => {
  it('is not loaded until the first scan; says which nodes changed; keeps node identities', async () => {
    const state = new SyncState();
    const seen: SyncStateChange[] = [];
    state.onDidChange((p) => seen.push(p));
    assert.equal(state.loaded, false);
    state.setLocal({ docs: [doc('docs/a.md', 'new'), doc('docs/g/b.md', 'in-sync')], docsRoot: 'docs' });
    assert.equal(state.loaded, true);
    assert.equal(state.changedNodes, 'all');
    const b = state.node('docs/g/b.md');
    state.setLocal({ docs: [doc('docs/a.md', 'new'), doc('docs/g/b.md', 'in-sync')], docsRoot: 'docs' });
    assert.deepEqual(state.changedNodes, []);
    assert.equal(state.node('docs/g/b.md'), b);
    await state.recordPlan({ items: [{ file: 'docs/g/b.md', kind: 'document', action: 'error', title: 'B', reason: 'bad' }], rootPageTitle: 'R', spaceKey: 'S', summary: {} } as never);
    assert.equal(state.node('docs/g/b.md'), b, 'the same element after a plan');
    assert.equal(b?.state, 'error');
    assert.equal(state.entry('docs/g/b.md')?.state, 'error');
    assert.deepEqual(seen, ['docs', 'docs', 'docs']);
  });

  it('the site state fires "site" once per change', () => {
    const state = new SyncState();
    const seen: SyncStateChange[] = [];
    state.onDidChange((p) => seen.push(p));
    assert.equal(state.site, 'unknown');
    state.setSite('checking');
    state.setSite('checking');
    state.setSite('offline');
    assert.deepEqual(seen, ['site', 'site']);
    assert.equal(state.site, 'offline');
  });
});

describe('extension status bar: loading, checking, offline (issue 13)', () => {
  const base = { configured: true, signedIn: true, trusted: true, counts: { ...zero } };

  it('says "loading…" (not "sign in", not "in sync") until the first scan', () => {
    const v = statusView({ ...base, signedIn: false, loading: true });
    assert.match(v.text, /loading…/);
    assert.doesNotMatch(v.text, /sign in|in sync/);
    assert.equal(v.action, 'none');
  });

  it('offline: icon + word, with what is to publish, warning, click tries again', () => {
    const v = statusView({ ...base, site: 'offline', counts: { ...zero, new: 2, 'in-sync': 3 } });
    assert.equal(v.text, `$(${SITE_LOOK.offline.icon}) Confluence: offline, 2 to publish`);
    assert.equal(v.warning, true);
    assert.equal(v.action, 'refresh');
    assert.match(v.tooltip, /could not be reached/);
  });

  it('checking: never "in sync" before the site answers; local work still shows', () => {
    assert.match(statusView({ ...base, site: 'checking', counts: { ...zero, 'in-sync': 3 } }).text, /checking…/);
    assert.match(statusView({ ...base, site: 'checking', counts: { ...zero, changed: 1 } }).text, /1 to publish/);
    assert.match(statusView({ ...base, site: 'online', counts: { ...zero, 'in-sync': 3 } }).text, /in sync/);
    assert.equal(siteLook('online'), undefined);
    assert.equal(siteLook('checking')?.word, 'checking…');
  });

  it('a publish in progress still wins over offline', () => {
    assert.match(statusView({ ...base, site: 'offline', publishing: { done: 1, total: 4 } }).text, /1\/4/);
  });
});

describe('extension throttle (issue 13)', () => {
  it('runs at once, then at most once per interval, the last call of a burst at the end', async () => {
    let t = 0;
    let runs = 0;
    const th = throttle(() => runs++, 50, () => t);
    th();
    assert.equal(runs, 1);
    for (let i = 0; i < 1000; i++) th();
    assert.equal(runs, 1, '1000 progress events in the same instant: no run');
    t = 60;
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(runs, 2, 'one run for the burst at the end of the interval');
    t = 200;
    th();
    assert.equal(runs, 3, 'the interval had passed: at once');
    t = 210;
    th();
    assert.equal(runs, 3, 'within the interval: pending');
    th.flush();
    assert.equal(runs, 4, 'flush runs what is pending');
    th.flush();
    assert.equal(runs, 4, 'nothing pending: flush does nothing');
    th.dispose();
  });
});

describe('extension stall meter (issue 13)', () => {
  it('counts how late each tick fired; stalls over 100 ms separately', () => {
    const m = new StallMeter(0, 20);
    m.tick(20);
    m.tick(45);
    m.tick(245);
    assert.deepEqual(m.figures, { maxMs: 180, over: 1, overTotalMs: 180, ticks: 3 });
    assert.equal(m.takeWindowMax(), 180);
    assert.equal(m.takeWindowMax(), 0);
    const lines: string[] = [];
    startStallMonitor((l) => lines.push(l), {}).dispose();
    assert.deepEqual(lines, [], 'off by default');
  });
});
