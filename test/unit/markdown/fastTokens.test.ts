import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { storageMarkdownIt } from '../../../src/core/markdown/engine';

// The fast Token/StateInline constructors must build exactly the objects markdown-it builds (same fields, same
// prototype), or an upgrade of markdown-it could silently change parsing.
describe('fast markdown-it tokens', () => {
  const source = '# H\n\n- [x] *a* `b` [c](d.md) <span>e</span>\n\n| x |\n|---|\n| y |\n';

  it('produces tokens with the same fields and prototype as markdown-it', () => {
    const plain = new MarkdownIt();
    const ours = storageMarkdownIt();
    const reference = plain.parse('*a*', {})[1].children![0];
    const env = { headings: [], headingTexts: [] };
    const tokens = ours.parse(source, env);
    const all = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
    assert.ok(all.length > 20);
    for (const t of all) {
      assert.deepEqual(Object.keys(t).sort(), Object.keys(reference).sort(), t.type);
      assert.equal(Object.getPrototypeOf(t), Object.getPrototypeOf(reference));
    }
  });

  it('builds inline states with the fields of markdown-it\'s StateInline', () => {
    const ours = storageMarkdownIt();
    const Plain = new MarkdownIt().inline.State;
    const reference = new Plain('x', new MarkdownIt(), {}, []);
    const state = new ours.inline.State('x', ours, {}, []);
    assert.deepEqual(Object.keys(state).sort(), Object.keys(reference).sort());
    assert.equal(state instanceof Plain, true);
  });

  it('leaves other markdown-it instances alone', () => {
    storageMarkdownIt();
    assert.equal(new MarkdownIt().inline.State.name, 'StateInline');
  });
});
