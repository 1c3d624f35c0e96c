import { strict as assert } from 'node:assert';
import { disambiguateTitles, type TitledNode } from '../../../src/core/sync/titles';

// Probe of the merged issue-10 work: folders whose paths differ only in letter case (`reference/api/`,
// `reference/API/`, possible on Linux) got "Api (reference/api/)" and "API (reference/API/)", still one title for
// Confluence (unique regardless of case), so every document in one of them failed because of its folder's name.
describe('folder titles: paths that differ only in letter case', () => {
  it('still get distinct titles (case-insensitively), stable in any order', () => {
    const n = (key: string, title: string, parentKey: string | undefined, derived: boolean): TitledNode => ({ key, title, parentKey, isRoot: !parentKey, derivedTitle: derived, path: key });
    const list = [
      n('./', 'Docs', undefined, false),
      n('reference/', 'Reference', './', true),
      n('reference/api/', 'Api', 'reference/', true),
      n('reference/API/', 'API', 'reference/', true),
      n('guides/', 'Guides', './', true),
      n('guides/api/', 'Api', 'guides/', true),
    ];
    let first: string[] | undefined;
    for (const order of [list, [...list].reverse()]) {
      const nodes = new Map(order.map((x) => [x.key, { ...x }]));
      disambiguateTitles(nodes, list.map((x) => x.key));
      const titles = list.map((x) => nodes.get(x.key)!.title);
      const folded = titles.map((t) => t.toLowerCase());
      assert.equal(new Set(folded).size, titles.length, `titles collide: ${titles.join(' | ')}`);
      assert.equal(nodes.get('guides/api/')!.title, 'Api (Guides)');
      assert.match(nodes.get('reference/api/')!.title, /^Api \(reference\/api\/ [0-9a-f]{6}\)$/);
      first ??= titles;
      assert.deepEqual(titles, first, 'the same titles whatever the order');
    }
  });
});
