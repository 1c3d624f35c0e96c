import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFileSystem } from '../../../../src/core/files/nodeFileSystem';
import type { FileSystem } from '../../../../src/core/files/fileSystem';
import { pullFromConfluence } from '../../../../src/core/read/pull';
import type { PullOptions } from '../../../../src/core/read/pull/types';
import { loadWorkspaceConfig } from '../../../../src/core/sync/config';
import { SyncEngine } from '../../../../src/core/sync/engine';
import type { WorkspaceConfig } from '../../../../src/core/sync/types';
import { FakeConfluence } from '../../sync/fakeConfluence';
import { TempWorkspace } from '../../sync/workspace';

const noSecrets = async () => [];

describe('read/pull: pull edits made in Confluence', () => {
  let ws: TempWorkspace;
  let api: FakeConfluence;
  let config: WorkspaceConfig;

  const GUIDE = '# Guide\n\nIntro paragraph written\nover two lines by its author.\n\n* first step\n* second step\n\nClosing words.\n';
  beforeEach(async () => {
    ws = new TempWorkspace();
    api = new FakeConfluence();
    ws.write('docs/index.md', '# Home\n\nSee the [guide](guide.md).\n').write('docs/guide.md', GUIDE).write('docs/other.md', '# Other\n\nText.\n');
    config = loadWorkspaceConfig(ws.root, { spaceKey: 'DOCS' });
    await sync();
  });
  afterEach(() => ws.dispose());

  const engine = () => new SyncEngine({ root: ws.root, config, api, scanSecrets: noSecrets });
  async function sync() {
    const e = engine();
    const plan = await e.plan();
    return { plan, report: await e.apply(plan) };
  }
  const pull = (o: Partial<PullOptions> = {}) => pullFromConfluence({ root: ws.root, config, api, scanSecrets: noSecrets, ...o });
  const mapping = () => JSON.parse(readFileSync(join(ws.root, 'docs/.confluence-mapping.json'), 'utf8')) as Record<string, { page_id: string; version: number; hash: string; parent_id?: string }>;
  const pageOf = (file: string) => api.pages.get(mapping()[file].page_id)!;
  /** Edits the page as a person would: the published body with one paragraph replaced. */
  const editInConfluence = (file: string, from: string, to: string) => {
    const p = pageOf(file);
    assert.ok(p.body!.includes(from), `${from} in ${p.body}`);
    api.humanEdit(p.id, p.body!.replace(from, to));
  };

  it('a remote-only edit lands in the file in the author formatting; the next sync writes nothing', async () => {
    editInConfluence('docs/guide.md', 'Closing words.', 'Closing words, edited in Confluence.');
    const report = await pull();
    const item = report.items.find((i) => i.file === 'docs/guide.md')!;
    assert.equal(item.action, 'updated', JSON.stringify(item));
    assert.equal(item.baseSource, 'cache');
    assert.equal(ws.read('docs/guide.md'), GUIDE.replace('Closing words.', 'Closing words, edited in Confluence.'));
    assert.equal(mapping()['docs/guide.md'].version, pageOf('docs/guide.md').version);
    api.calls.length = 0;
    const again = await sync();
    assert.deepEqual(api.writes(), [], JSON.stringify(again.plan.items.filter((i) => i.action !== 'unchanged')));
  });

  it('a new version that only adds inline-comment markers changes nothing in the file and records the version', async () => {
    editInConfluence('docs/guide.md', 'Closing words.', '<ac:inline-comment-marker ac:ref="c-1">Closing</ac:inline-comment-marker> words.');
    const before = ws.read('docs/guide.md');
    await pull();
    assert.equal(ws.read('docs/guide.md'), before, 'no marker (and no change) lands in the file');
    assert.equal(mapping()['docs/guide.md'].version, pageOf('docs/guide.md').version);
  });

  it('local and remote edits on different lines merge: one write publishes the merge', async () => {
    editInConfluence('docs/guide.md', 'Closing words.', 'Closing words, remote.');
    ws.write('docs/guide.md', GUIDE.replace('Intro paragraph written', 'Intro paragraph rewritten locally'));
    const report = await pull();
    assert.equal(report.items.find((i) => i.file === 'docs/guide.md')!.action, 'merged');
    const text = ws.read('docs/guide.md');
    assert.match(text, /Intro paragraph rewritten locally/, 'the local edit is kept');
    assert.match(text, /Closing words, remote\./, 'the remote edit is merged');
    api.calls.length = 0;
    const again = await sync();
    assert.deepEqual(api.writes().filter((w) => w === 'updatePage'), ['updatePage']);
    assert.equal(again.report.results.find((r) => r.file === 'docs/guide.md')!.action, 'updated');
    assert.match(pageOf('docs/guide.md').body!, /rewritten locally[\s\S]*Closing words, remote/);
  });

  it('overlapping edits leave markers; sync refuses the file until they are resolved', async () => {
    editInConfluence('docs/guide.md', 'Closing words.', 'Closing words, remote.');
    ws.write('docs/guide.md', GUIDE.replace('Closing words.', 'Closing words, local.'));
    const report = await pull();
    const item = report.items.find((i) => i.file === 'docs/guide.md')!;
    assert.equal(item.action, 'conflict');
    const v = pageOf('docs/guide.md').version;
    assert.match(ws.read('docs/guide.md'), new RegExp(`<<<<<<< local\\nClosing words, local\\.\\n\\|\\|\\|\\|\\|\\|\\| base\\nClosing words\\.\\n=======\\nClosing words, remote\\.\\n>>>>>>> confluence v${v}\\n`));
    const { plan } = await sync();
    const planned = plan.items.find((i) => i.file === 'docs/guide.md')!;
    assert.equal(planned.action, 'blocked');
    assert.equal(planned.code, 'conflict-markers');
    assert.match(pageOf('docs/guide.md').body!, /Closing words, remote\./, 'nothing published for it');
    ws.write('docs/guide.md', GUIDE.replace('Closing words.', 'Closing words, local and remote.'));
    api.calls.length = 0;
    await sync();
    assert.deepEqual(api.writes().filter((w) => w === 'updatePage'), ['updatePage'], 'resolved: one update, no conflict');
  });

  it('failure mode 1: the mapping is never ahead of the file (a failed file write records nothing; a re-run pulls it)', async () => {
    editInConfluence('docs/guide.md', 'Closing words.', 'Closing words, remote.');
    const before = mapping()['docs/guide.md'];
    const failing: FileSystem = new Proxy(nodeFileSystem, {
      get(t, p) {
        if (p === 'writeFileAtomic') return async (path: string) => { if (path.endsWith('guide.md')) throw new Error('disk full'); };
        return Reflect.get(t, p);
      },
    });
    const report = await pull({ fs: failing });
    const item = report.items.find((i) => i.file === 'docs/guide.md')!;
    assert.equal(item.action, 'error');
    assert.match(item.message!, /disk full/);
    assert.deepEqual(mapping()['docs/guide.md'], before, 'the mapping still names the old version');
    assert.equal(ws.read('docs/guide.md'), GUIDE);
    const again = await pull();
    assert.equal(again.items.find((i) => i.file === 'docs/guide.md')!.action, 'updated');
    assert.match(ws.read('docs/guide.md'), /Closing words, remote\./);
  });

  it('failure mode 2: an edit the search misses (index lag) is still found by the version listing', async () => {
    await pull(); // records the check time
    editInConfluence('docs/guide.md', 'Closing words.', 'Closing words, remote.');
    api.findChangedSince = async () => {
      api.calls.push('findChangedSince');
      return []; // the search index has not seen the edit yet
    };
    api.calls.length = 0;
    const report = await pull();
    assert.equal(report.items.find((i) => i.file === 'docs/guide.md')!.action, 'updated');
    assert.match(ws.read('docs/guide.md'), /Closing words, remote\./);
    assert.deepEqual(report.requests, { search: 1, listing: 1 });
    assert.deepEqual(api.calls.slice(0, 2), ['findChangedSince', 'getPageVersions']);
  });

  it('failure mode 3: a clean merge never drops the local edit (also when the base had to come from the history)', async () => {
    editInConfluence('docs/guide.md', 'Closing words.', 'Closing words, remote.');
    ws.write('docs/guide.md', GUIDE.replace('* second step', '* second step\n* a third step added locally'));
    ws.remove('.confluence'); // no cached base: the base comes from the page history
    const report = await pull();
    const item = report.items.find((i) => i.file === 'docs/guide.md')!;
    assert.equal(item.baseSource, 'history');
    assert.equal(item.action, 'merged');
    assert.equal(ws.read('docs/guide.md'), GUIDE.replace('* second step', '* second step\n* a third step added locally').replace('Closing words.', 'Closing words, remote.'));
  });

  it('reports deleted, moved and new pages; --apply-deletes removes an unchanged file and moves a file', async () => {
    api.pages.get(mapping()['docs/other.md'].page_id)!.status = 'trashed';
    const home = pageOf('docs/index.md');
    const made = api.humanCreate('Made In Confluence', home.id, '<p>new</p>');
    const report = await pull();
    const other = report.items.find((i) => i.file === 'docs/other.md')!;
    assert.equal(other.state, 'deleted-remotely');
    assert.equal(other.action, 'reported');
    assert.ok(existsSync(join(ws.root, 'docs/other.md')));
    const fresh = report.items.find((i) => i.state === 'new-remotely')!;
    assert.equal(fresh.pageId, made.id);
    const again = await pull({ applyDeletes: true });
    assert.equal(again.items.find((i) => i.file === 'docs/other.md')!.action, 'removed');
    assert.ok(!existsSync(join(ws.root, 'docs/other.md')));
    assert.equal(mapping()['docs/other.md'], undefined);
    assert.ok(again.items.some((i) => i.state === 'new-remotely' && i.pageId === made.id), 'a new page is reported until imported');
  });

  it('a page moved in Confluence under a folder page: reported, then --apply-deletes moves the file and sync writes nothing', async () => {
    ws.write('docs/guides/index.md', '# Guides\n\nAll guides.\n');
    await sync();
    const guides = pageOf('docs/guides/index.md');
    await api.movePage(pageOf('docs/other.md').id, guides.id);
    const report = await pull();
    const moved = report.items.find((i) => i.file === 'docs/other.md')!;
    assert.equal(moved.state, 'moved-remotely');
    assert.equal(moved.action, 'reported');
    const { plan } = await sync();
    assert.equal(plan.items.find((i) => i.file === 'docs/other.md')!.code, 'remote-moved', 'sync alone sees the move as a conflict');
    const again = await pull({ applyDeletes: true });
    const item = again.items.find((i) => i.state === 'moved-remotely')!;
    assert.equal(item.action, 'moved');
    assert.equal(item.file, 'docs/guides/other.md');
    assert.ok(existsSync(join(ws.root, 'docs/guides/other.md')) && !existsSync(join(ws.root, 'docs/other.md')));
    assert.equal(mapping()['docs/guides/other.md'].parent_id, guides.id);
    api.calls.length = 0;
    await sync();
    assert.deepEqual(api.writes(), []);
  });
});
