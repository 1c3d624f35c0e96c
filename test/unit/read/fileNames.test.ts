import { strict as assert } from 'node:assert';
import { assignNames, MAX_STEM_BYTES, nameForTitle } from '../../../src/core/read/fileNames';
import { titleFromName } from '../../../src/core/markdown/title';

describe('read/fileNames', () => {
  it('gives names the forward title rule reads back where the title allows it', () => {
    assert.equal(nameForTitle('Getting Started'), 'getting-started');
    assert.equal(titleFromName(nameForTitle('Getting Started')), 'Getting Started');
    assert.equal(nameForTitle('API Guide'), 'API-Guide', 'case kept only where that gives the title back');
    assert.equal(titleFromName(nameForTitle('API Guide')), 'API Guide');
    assert.equal(nameForTitle('Release notes 2.1'), 'release-notes-2-1', 'lower case when nothing gives the title back');
  });

  it('is portable: no reserved characters, no trailing dot or space, no Windows device or folder page names', () => {
    for (const title of ['a<b>c:d"e/f\\g|h?i*j', 'Trailing dot.', 'Trailing space ', 'tab\there', 'nul\u0000char', '..', ' . ']) {
      const name = nameForTitle(title);
      assert.doesNotMatch(name, /[<>:"/\\|?*\u0000-\u001f]/, title);
      assert.doesNotMatch(name, /[. ]$/, title);
      assert.ok(name.length > 0, title);
    }
    assert.equal(nameForTitle('CON'), '_CON');
    assert.equal(titleFromName(nameForTitle('CON')), 'CON', 'the leading _ is a separator to the title rule');
    assert.equal(nameForTitle('com1'), '_com1');
    assert.equal(nameForTitle('LPT9'), '_LPT9');
    assert.equal(nameForTitle('Console'), 'console');
    assert.equal(nameForTitle('Index'), '_index', 'a leaf named index.md would be its folder\'s page');
    assert.equal(nameForTitle('README'), '_README');
    assert.equal(nameForTitle('con'), '_con');
    assert.equal(titleFromName(nameForTitle('Con')), 'Con');
  });

  it('caps long titles by bytes, stably, with a hash of the whole title', () => {
    const long = 'Word '.repeat(60);
    const a = nameForTitle(long);
    assert.ok(Buffer.byteLength(a) <= MAX_STEM_BYTES, a);
    assert.equal(nameForTitle(long), a, 'stable');
    assert.notEqual(nameForTitle(long + 'x'), a, 'two long titles with one prefix differ');
    const cjk = '設計'.repeat(150);
    const b = nameForTitle(cjk);
    assert.ok(Buffer.byteLength(b) <= MAX_STEM_BYTES, b);
    assert.ok(!b.includes('\ufffd'));
  });

  it('keeps letters of every script and drops emoji; an emoji-only title gets a stable name', () => {
    assert.equal(nameForTitle('🚀 Launch plan'), 'launch-plan');
    assert.equal(nameForTitle('Über Straße'), 'über-straße');
    assert.equal(nameForTitle('🎉'), nameForTitle('🎉'));
    assert.match(nameForTitle('🎉'), /^page-[0-9a-f]{8}$/);
    assert.notEqual(nameForTitle('🎉'), nameForTitle('🎊'));
  });

  it('makes siblings unique ignoring case, the lowest page id keeping the plain name, on every run', () => {
    const names = assignNames([
      { id: '20', title: 'setup' },
      { id: '3', title: 'Setup' },
      { id: '100', title: 'SETUP' },
      { id: '7', title: 'Other' },
    ]);
    assert.equal(names.get('3'), 'setup');
    assert.equal(names.get('20'), 'setup-2');
    assert.equal(names.get('100'), 'SETUP-3', 'case kept: the forward rule reads SETUP back');
    assert.equal(names.get('7'), 'other');
    const again = assignNames([{ id: '100', title: 'SETUP' }, { id: '7', title: 'Other' }, { id: '3', title: 'Setup' }, { id: '20', title: 'setup' }]);
    assert.deepEqual([...again].sort(), [...names].sort());
  });

  it('a suffixed name never takes the plain name another sibling wants, and taken names are avoided', () => {
    const names = assignNames([
      { id: '1', title: 'a' },
      { id: '2', title: 'A' },
      { id: '3', title: 'a 2' },
    ]);
    assert.equal(names.get('3'), 'a-2');
    assert.equal(names.get('2'), 'a-3');
    const avoiding = assignNames([{ id: '9', title: 'Setup' }], ['SETUP']);
    assert.equal(avoiding.get('9'), 'setup-2');
  });
});
