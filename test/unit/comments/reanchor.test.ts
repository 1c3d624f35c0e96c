import assert from 'node:assert/strict';
import { convertMarkdown } from '../../../src/core/markdown';
import { describeReanchor, reanchorComments, sameExceptCommentMarkers, stripCommentMarkers } from '../../../src/core/comments/reanchor';
import { DEFAULT_BUDGETS } from '../../../src/core/comments/match';
import { isWellFormedStorage, storageToMarkdown } from '../../../src/core/storage';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';

const m = (ref: string, text: string): string => `<ac:inline-comment-marker ac:ref="${ref}">${text}</ac:inline-comment-marker>`;

/** The text each marker of `storage` wraps, by ref. */
function marked(storage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const x of storage.matchAll(/<ac:inline-comment-marker ac:ref="([^"]*)">(.*?)<\/ac:inline-comment-marker>/g)) out[x[1]] = x[2];
  return out;
}

describe('reanchorComments', () => {
  it('puts each marker around the same text in the new body (exact match), with the same ac:ref', () => {
    const old = `<p>We ${m('a', 'ship on Fridays')} only.</p><p>${m('b', 'Rollback')} is manual.</p>`;
    const next = '<h1>Release</h1><p>Now we ship on Fridays and Mondays only.</p><p>Rollback is manual &amp; slow.</p>';
    const r = reanchorComments(old, next);
    assert.deepEqual(marked(r.storage), { a: 'ship on Fridays', b: 'Rollback' });
    assert.equal(r.kept, 2);
    assert.equal(r.approximate, 0);
    assert.deepEqual(r.lost, []);
    assert.equal(stripCommentMarkers(r.storage), next);
    assert.deepEqual(isWellFormedStorage(r.storage), { ok: true });
  });

  it('reports a marker whose text is gone, never dropping it silently', () => {
    const old = `<p>${m('a', 'Keep me')}.</p><p>${m('gone', 'This sentence is deleted.')}</p>`;
    const r = reanchorComments(old, '<p>Keep me.</p><p>Something else entirely, about the weather.</p>');
    assert.deepEqual(marked(r.storage), { a: 'Keep me' });
    assert.deepEqual(r.lost, [{ ref: 'gone', text: 'This sentence is deleted.', why: 'text-gone' }]);
    assert.equal(describeReanchor(r), "1 inline comment kept, 1 could not be re-anchored: 'This sentence is deleted.'");
  });

  it('finds text that changed a little (bounded edit distance) in the same section', () => {
    const old = `<h2>Rollback</h2><p>The ${m('r', 'rollback takes ten minutes')}.</p><h2>Other</h2><p>x</p>`;
    const r = reanchorComments(old, '<h2>Rollback</h2><p>The rollback takes 10 minutes.</p><h2>Other</h2><p>x</p>');
    assert.deepEqual(marked(r.storage), { r: 'rollback takes 10 minutes' });
    assert.equal(r.approximate, 1);
    // Too different: not a match.
    const far = reanchorComments(old, '<h2>Rollback</h2><p>Restore the backup by hand.</p>');
    assert.equal(far.lost.length, 1);
  });

  it('picks the occurrence whose context and section match, among several', () => {
    const old = `<h2>Install</h2><p>Run the script.</p><h2>Remove</h2><p>First stop it. ${m('c', 'Run the script')} again.</p>`;
    const next = '<h2>Install</h2><p>Run the script.</p><p>Run the script to check.</p><h2>Remove</h2><p>First stop it. Run the script again.</p>';
    const r = reanchorComments(old, next);
    assert.match(r.storage, /First stop it\. <ac:inline-comment-marker ac:ref="c">Run the script<\/ac:inline-comment-marker> again/);
    assert.equal(r.storage.split('ac:ref="c"').length, 2);
  });

  it('wraps whole inline elements, never half of one or two blocks', () => {
    const old = `<p>${m('a', 'Ask <strong>first</strong>')} if unsure.</p><p>${m('b', 'one')}</p>`;
    const r = reanchorComments(old, '<p>Ask <strong>first</strong> if unsure.</p><p>one</p>');
    assert.deepEqual(marked(r.storage), { a: 'Ask <strong>first</strong>', b: 'one' });
    // The text now spans a paragraph boundary and half of a bold run: reported, not wrapped badly.
    const split = reanchorComments(`<p>${m('x', 'alpha beta')}</p>`, '<p>alpha</p><p>beta</p>');
    assert.equal(split.lost.length, 1);
    const half = reanchorComments(`<p>${m('y', 'alpha beta')} gamma</p>`, '<p>alpha <strong>beta gamma</strong></p>');
    assert.equal(half.lost.length, 1);
    assert.deepEqual(isWellFormedStorage(half.storage), { ok: true });
  });

  it('does not put markers into code bodies, macro parameters or attribute values', () => {
    const old = `<p>${m('a', 'deploy')} now</p>`;
    const next =
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="title">deploy</ac:parameter><ac:plain-text-body><![CDATA[deploy]]></ac:plain-text-body></ac:structured-macro><p><a href="deploy">x</a> deploy now</p>';
    const r = reanchorComments(old, next);
    assert.match(r.storage, /<\/a> <ac:inline-comment-marker ac:ref="a">deploy<\/ac:inline-comment-marker> now/);
  });

  it('decodes entities and keeps nested markers (two comments on one text) nested', () => {
    const old = `<p>${m('o', `a &amp; ${m('i', 'b')}`)}</p><p>Caf&eacute; ${m('e', 'd&eacute;j&agrave;')}</p>`;
    const r = reanchorComments(old, '<p>a &amp; b</p><p>Café déjà</p>');
    assert.deepEqual(r.lost, []);
    assert.deepEqual(isWellFormedStorage(r.storage), { ok: true });
    assert.match(r.storage, /<ac:inline-comment-marker ac:ref="o">a &amp; <ac:inline-comment-marker ac:ref="i">b<\/ac:inline-comment-marker><\/ac:inline-comment-marker>/);
    assert.match(r.storage, /Café <ac:inline-comment-marker ac:ref="e">déjà<\/ac:inline-comment-marker>/);
  });

  it('keeps markers the new body already has (a pulled document) and escapes refs', () => {
    const old = `<p>${m('a', 'one')} ${m('x&quot;y', 'two')}</p>`;
    const r = reanchorComments(old, `<p>${m('a', 'one')} two</p>`);
    assert.equal(r.kept, 2);
    assert.equal(r.storage, `<p>${m('a', 'one')} ${m('x&quot;y', 'two')}</p>`);
  });

  it('is a no-op without markers, and says nothing for a page without comments', () => {
    assert.deepEqual(reanchorComments('<p>a</p>', '<p>b</p>'), { storage: '<p>b</p>', kept: 0, approximate: 0, lost: [] });
    assert.equal(describeReanchor({ kept: 0, lost: [] }), undefined);
    assert.equal(describeReanchor({ kept: 2, lost: [] }), '2 inline comments kept');
    assert.equal(describeReanchor({ kept: 1, lost: [{ ref: 'a', text: 'x', why: 'text-gone' }] }, true), '2 inline comments dropped (comments: drop)');
  });

  describe('budgets (a hostile page cannot make a publish slow)', function () {
    this.timeout(20_000); // a loaded CI machine; the bounds below are what matter
    it('10,000 markers: the first 2,000 are handled, the rest reported as over budget, quickly', () => {
      const words = Array.from({ length: 10_000 }, (_, i) => `w${i}`);
      const old = `<p>${words.map((w, i) => m(`r${i}`, w)).join(' ')}</p>`;
      const next = `<p>${words.join(' ')}</p>`;
      const t0 = Date.now();
      const r = reanchorComments(old, next);
      const ms = Date.now() - t0;
      assert.equal(r.kept, DEFAULT_BUDGETS.commentsPerPage);
      assert.equal(r.lost.length, 10_000 - DEFAULT_BUDGETS.commentsPerPage);
      assert.ok(r.lost.every((l) => l.why === 'over-budget'));
      assert.ok(ms < 10_000, `took ${ms} ms`);
      assert.deepEqual(isWellFormedStorage(r.storage), { ok: true });
    });

    it('huge text and markers whose text is gone: the edit-distance search stops at its cell budget', () => {
      const big = 'lorem ipsum dolor sit amet '.repeat(40_000); // ~1 MB
      const old = `<p>${Array.from({ length: 500 }, (_, i) => m(`g${i}`, `missing sentence number ${i} that was deleted`)).join(' ')}</p>`;
      const t0 = Date.now();
      const r = reanchorComments(old, `<p>${big}</p>`);
      const ms = Date.now() - t0;
      assert.equal(r.lost.length, 500);
      assert.ok(ms < 10_000, `took ${ms} ms`); // unbudgeted: minutes (500 x 1 MB x 40 edit-distance cells)
    });

    it('a marked text occurring everywhere: candidates per comment are bounded', () => {
      const old = `<p>${Array.from({ length: 2000 }, (_, i) => m(`a${i}`, 'a')).join('')}</p>`;
      const t0 = Date.now();
      const r = reanchorComments(old, `<p>${'a '.repeat(200_000)}</p>`);
      assert.ok(Date.now() - t0 < 10_000);
      assert.deepEqual(isWellFormedStorage(r.storage), { ok: true });
      assert.equal(r.kept + r.lost.length, 2000);
    });
  });
});

describe('markers are not edits', () => {
  it('sameExceptCommentMarkers compares bodies with markers stripped', () => {
    assert.ok(sameExceptCommentMarkers(`<p>${m('a', 'x')} y</p>`, '<p>x y</p>'));
    assert.ok(sameExceptCommentMarkers('<p>x<ac:inline-comment-marker ac:ref="z" /> y</p>', '<p>x y</p>'));
    assert.ok(!sameExceptCommentMarkers(`<p>${m('a', 'x')} y</p>`, '<p>x z</p>'));
  });

  it('storage -> Markdown keeps markers (confluence-storage comments), and Markdown -> storage restores them', () => {
    const storage = `<p>Deploy ${m('c1', 'with care')} please.</p>`;
    const md = storageToMarkdown(storage);
    assert.match(md, /<!--confluence-storage <ac:inline-comment-marker ac:ref="c1">-->with care<!--confluence-storage <\/ac:inline-comment-marker>-->/);
    const back = convertMarkdown(md, { path: 'doc.md' }).storage;
    assert.match(back, /<ac:inline-comment-marker ac:ref="c1">with care<\/ac:inline-comment-marker>/);
    // Re-anchoring against a body that already carries the marker leaves it alone.
    assert.equal(reanchorComments(storage, back).storage, back);
  });
});

describe('config: comments: keep | drop', () => {
  const load = (yml: string, overrides = {}) => loadWorkspaceConfig('/w', overrides, new MemoryFileSystem({ '/w/.confluence.yml': yml }));
  it('defaults to keep, reads drop from the file, and the CLI override wins', () => {
    assert.equal(load('space: DOCS\n').comments, 'keep');
    assert.equal(load('comments: drop\n').comments, 'drop');
    assert.equal(load('comments: drop\n', { comments: 'keep' }).comments, 'keep');
  });
  it('names the file and the two values for anything else', () => {
    assert.throws(() => load('comments: sometimes\n'), /\.confluence\.yml: comments must be keep .* or drop \(got sometimes\)/);
  });
});
