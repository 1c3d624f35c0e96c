/** The identity rules of ownership.ts / versionMessage.ts on their own (the HTTP cases are in safety-identity.test.ts). */
import { strict as assert } from 'node:assert';
import type { Page } from '../../../src/core/confluence/types';
import { claimBySeedEntry, claimByVersionMessage, movedInConfluence, orphanRefusal, reconcileWithOurVersion } from '../../../src/core/sync/ownership';
import { parseVersionMessage, versionMessage } from '../../../src/core/sync/versionMessage';

const hash = 'ab'.repeat(32);
const page = (over: Partial<Page> = {}): Page => ({ id: '9', title: 'T', spaceId: '1', parentId: '2', version: 3, status: 'current', webUrl: '', ...over });

describe('ownership rules', () => {
  it('our version message round-trips; anyone else\'s message is not ours', () => {
    const m = versionMessage('docs/a b.md', hash);
    assert.deepEqual(parseVersionMessage(m), { source: 'docs/a b.md', hashPrefix: hash.slice(0, 16) });
    for (const other of [undefined, '', 'Moved', 'Published from docs/a.md by docs-to-confluence', 'Published from docs/a.md by someone [sha256:abababababababab]']) {
      assert.equal(parseVersionMessage(other), undefined, String(other));
    }
  });

  it('a page found by title is claimed by our version message only for the same source', () => {
    const p = page({ versionMessage: versionMessage('docs/a.md', hash) });
    assert.equal(claimByVersionMessage(p, 'docs/a.md', 'DOCS', hash)?.hash, hash);
    assert.equal(claimByVersionMessage(p, 'docs/b.md', 'DOCS', hash), undefined);
    assert.equal(claimByVersionMessage(page(), 'docs/a.md', 'DOCS', hash), undefined);
  });

  it('a pending create entry claims only a page under the parent it was created under, with version 1 as baseline', () => {
    const pending = { space: 'DOCS', title: 'T', hash, parent_id: '2', pending: 'create' as const };
    assert.deepEqual(claimBySeedEntry(pending, page()), { ...pending, page_id: '9', version: 1, pending: undefined });
    assert.equal(claimBySeedEntry(pending, page({ parentId: '7' })), undefined);
    const seed = { space: 'DOCS', title: 'T' };
    assert.equal(claimBySeedEntry(seed, page()), seed, 'a seed entry declares the page ours as before');
  });

  it('a newer version is reconciled only when we wrote it from this file', () => {
    const entry = { space: 'DOCS', title: 'T', page_id: '9', version: 2, hash: 'old' };
    const ours = page({ version: 3, versionMessage: versionMessage('docs/a.md', hash) });
    assert.deepEqual(reconcileWithOurVersion(entry, ours, ['docs/a.md'], hash), { ...entry, version: 3, hash });
    assert.equal(reconcileWithOurVersion(entry, ours, ['docs/a.md'], 'cd'.repeat(32))?.hash, `sha256:${hash.slice(0, 16)}`, 'older content of ours: the file changed since');
    assert.equal(reconcileWithOurVersion(entry, ours, ['docs/b.md'], hash), undefined);
    assert.equal(reconcileWithOurVersion(entry, page({ version: 3, versionMessage: 'typo fixed' }), ['docs/a.md'], hash), undefined);
    assert.equal(reconcileWithOurVersion({ ...entry, version: 3 }, ours, ['docs/a.md'], hash), undefined, 'not newer: nothing to do');
  });

  it('moved in Confluence: only when the plan would move it, and its recorded parent still exists', () => {
    const entry = { space: 'DOCS', title: 'T', page_id: '9', version: 3, parent_id: '2' };
    const exists = () => true;
    assert.equal(movedInConfluence(entry, page({ parentId: '5' }), true, exists), true);
    assert.equal(movedInConfluence(entry, page({ parentId: '5' }), false, exists), false, 'moved to where the docs put it');
    assert.equal(movedInConfluence(entry, page({ parentId: '2' }), true, exists), false, 'our own move');
    assert.equal(movedInConfluence(entry, page({ parentId: '5' }), true, () => false), false, 'its parent was deleted');
    const old = { space: 'DOCS', title: 'T', page_id: '9', version: 3 };
    assert.equal(movedInConfluence(old, page({ parentId: '5', version: 4 }), true, exists), true);
    assert.equal(movedInConfluence(old, page({ parentId: '5', version: 3 }), true, exists), false);
  });

  it('orphans: only a page whose property names that very file, and no live page', () => {
    const prop = { tool: 'docs-to-confluence', source: 'docs/gone.md' };
    assert.equal(orphanRefusal('docs/gone.md', '9', prop, new Set()), undefined);
    assert.match(orphanRefusal('docs/gone.md', '9', { ...prop, source: 'docs/live.md' }, new Set())!, /published from docs\/live\.md, not from docs\/gone\.md/);
    assert.match(orphanRefusal('docs/gone.md', '9', undefined, new Set())!, /not created by docs-to-confluence/);
    assert.match(orphanRefusal('docs/gone.md', '9', prop, new Set(['9']))!, /still published/);
  });
});
