import { strict as assert } from 'node:assert';
import { disambiguateTitles, sanitiseTitle, type TitledNode } from '../../../src/core/sync/titles';

describe('page titles (sync/titles)', () => {
  it('removes control, bidi and replacement characters, collapses whitespace and cuts to 255', () => {
    assert.deepEqual(sanitiseTitle('Plain title').changes, []);
    assert.equal(sanitiseTitle('A\u0007B').title, 'AB');
    assert.equal(sanitiseTitle(' Tab\tand\nnewline ').title, 'Tab and newline');
    assert.equal(sanitiseTitle('x\u202Eevil\uFFFD\u200B').title, 'xevil');
    const long = sanitiseTitle('é'.repeat(300));
    assert.equal(long.title.length, 255);
    assert.match(long.changes.join(), /255/);
    assert.equal(sanitiseTitle('a'.repeat(254) + '😀').title.length, 254, 'a surrogate pair is not split');
  });

  it('gives colliding made-up titles "Name (Parent)", then "Name (path)"; chosen titles stay', () => {
    const n = (key: string, title: string, parentKey: string | undefined, derived: boolean): TitledNode => ({ key, title, parentKey, isRoot: !parentKey, derivedTitle: derived, path: key });
    const list = [
      n('./', 'Docs', undefined, false),
      n('guides/', 'Guides', './', true),
      n('guides/api/', 'Api', 'guides/', true),
      n('reference/', 'Reference', './', true),
      n('reference/api/', 'Api', 'reference/', true),
      n('overview.md', 'Overview', './', false),
      n('guides/overview/', 'Overview', 'guides/', true),
      n('a/', 'Same', './', true),
      n('a/x/', 'X', 'a/', true),
      n('b/', 'Same', './', true),
      n('b/x/', 'X', 'b/', true),
    ];
    // any order of the map gives the same result
    for (const order of [list, [...list].reverse()]) {
      const nodes = new Map(order.map((x) => [x.key, { ...x }]));
      disambiguateTitles(nodes, list.map((x) => x.key));
      const t = (k: string) => nodes.get(k)!.title;
      assert.equal(t('guides/api/'), 'Api (Guides)');
      assert.equal(t('reference/api/'), 'Api (Reference)');
      assert.equal(t('overview.md'), 'Overview');
      assert.equal(t('guides/overview/'), 'Overview (Guides)');
      assert.equal(t('a/'), 'Same (a/)');
      assert.equal(t('b/'), 'Same (b/)');
      assert.equal(t('a/x/'), 'X (a/x/)', 'still colliding after the parent title: the path');
    }
  });
});
