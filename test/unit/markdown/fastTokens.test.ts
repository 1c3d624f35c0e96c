import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { createStorageMarkdownIt, storageMarkdownIt } from '../../../src/core/markdown/engine';
import { FastToken, MARKDOWN_IT_CHECKED } from '../../../src/core/markdown/fastTokens';
import { loadCorpus } from '../../fixtures/corpus';

// src/core/markdown/fastTokens.ts replaces markdown-it's private Token/StateInline constructors (a measured 30-40 %
// of the conversion time). These tests fail loudly when a markdown-it upgrade changes the internals it copies.
const RECHECK = `markdown-it's internals changed (checked against ${MARKDOWN_IT_CHECKED}): re-check src/core/markdown/fastTokens.ts against the new Token, StateInline, StateCore and StateBlock#push, re-run \`npm run bench\`, then update the fingerprints here (or delete fastTokens.ts if the gain is gone)`;

/** SHA-256 (16 hex digits) of the source of what fastTokens.ts copies or wraps, in markdown-it 15.0.3. */
const FINGERPRINTS = {
  Token: '665738eae4ef6479',
  StateInline: '7566a4b2aa698d8d',
  'StateBlock#push': '3a2f4161ca7e5b52',
  StateCore: '1cf88070ded8729b',
};

const fingerprint = (f: unknown): string => createHash('sha256').update(String(f)).digest('hex').slice(0, 16);

describe('fast markdown-it tokens', () => {
  const source = '# H\n\n- [x] *a* `b` [c](d.md) <span>e</span>\n\n| x |\n|---|\n| y |\n';

  it(`is checked against the installed markdown-it (${MARKDOWN_IT_CHECKED})`, () => {
    const installed = (JSON.parse(readFileSync(require.resolve('markdown-it/package.json'), 'utf8')) as { version: string }).version;
    const plain = new MarkdownIt();
    const core = plain.core as unknown as { State: new (src: string, md: unknown, env: unknown) => { Token: unknown } };
    const actual = {
      Token: fingerprint(new core.State('', plain, {}).Token),
      StateInline: fingerprint(plain.inline.State),
      'StateBlock#push': fingerprint((plain.block.State.prototype as unknown as { push: unknown }).push),
      StateCore: fingerprint(core.State),
    };
    assert.deepEqual(actual, FINGERPRINTS, `${RECHECK} (installed: markdown-it ${installed})`);
  });

  it('is really installed: core, block and inline states build FastTokens', () => {
    const md = storageMarkdownIt() as unknown as Record<'core' | 'block' | 'inline', { State: new (...args: unknown[]) => { Token: unknown } }>;
    assert.equal(new md.core.State('', md, {}).Token, FastToken, RECHECK);
    assert.equal(new md.block.State('', md, {}, []).Token, FastToken, RECHECK);
    assert.equal(new md.inline.State('', md, {}, []).Token, FastToken, RECHECK);
  });

  it('produces tokens with the same fields and prototype as markdown-it', () => {
    const plain = new MarkdownIt();
    const ours = storageMarkdownIt();
    const reference = plain.parse('*a*', {})[1].children![0];
    const env = { headings: [], headingTexts: [] };
    const tokens = ours.parse(source, env);
    const all = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
    assert.ok(all.length > 20);
    for (const t of all) {
      assert.deepEqual(Object.keys(t).sort(), Object.keys(reference).sort(), `${t.type}: ${RECHECK}`);
      assert.equal(Object.getPrototypeOf(t), Object.getPrototypeOf(reference), RECHECK);
    }
  });

  it("builds inline states with the fields of markdown-it's StateInline", () => {
    const ours = storageMarkdownIt();
    const Plain = new MarkdownIt().inline.State;
    const reference = new Plain('x', new MarkdownIt(), {}, []);
    const state = new ours.inline.State('x', ours, {}, []);
    assert.deepEqual(Object.keys(state).sort(), Object.keys(reference).sort(), RECHECK);
    assert.equal(state instanceof Plain, true);
  });

  it('parses the whole corpus into the same tokens as markdown-it with its own constructors', () => {
    const fast = createStorageMarkdownIt();
    const slow = createStorageMarkdownIt({ fastTokens: false });
    assert.notEqual(new fast.inline.State('', fast, {}, []).constructor, new slow.inline.State('', slow, {}, []).constructor);
    const docs = loadCorpus();
    assert.ok(docs.length > 20);
    for (const d of docs) {
      const env = () => ({ headings: [], headingTexts: [], file: d.path });
      assert.deepEqual(fast.parse(d.source, env()), slow.parse(d.source, env()), `${d.path}: ${RECHECK}`);
    }
  });

  it('leaves other markdown-it instances alone', () => {
    storageMarkdownIt();
    assert.equal(new MarkdownIt().inline.State.name, 'StateInline');
  });
});
