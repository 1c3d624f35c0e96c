import assert from 'node:assert/strict';
import { convertMarkdown } from '../../../src/core/markdown';
import { isWellFormedStorage, storageToHtml, storageToMarkdown } from '../../../src/core/storage';
import { loadCorpus } from '../../fixtures/corpus';

// Deterministic fuzzing: documents stitched from CommonMark examples, corpus lines and hostile fragments, nested in
// lists, quotes and panels. Every one must convert to well-formed storage, and the reverse and the preview must not
// throw. (A failure prints the seed's document so it can become a golden test.)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = (require('commonmark-spec').tests as { markdown: string }[]).map((t) => t.markdown.replace(/→/g, '\t'));
const corpusLines = loadCorpus().flatMap((d) => d.source.split('\n'));
const hostile = [
  '<div>', '</div>', '<details>', '<summary>x', '</details>', '<table><tr><td>', ']]>', '&', '<', '<!--', '-->', ':::info',
  ':::', '> [!NOTE]', '- [ ] ', '[[_TOC_]]', '<!-- toc -->', '```', '~~~', '|a|b|\n|-|-|', '[^1]', '[^1]: x', '\u0000',
  '<script>', '<a href="x.md">', '</a>', '![i](x.png)', '<img src="y.png">', '<br>', '&nbsp;', '&#0;', '\uD800',
];

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('fuzz: stitched documents stay well-formed', function () {
  this.timeout(120_000);
  it('600 documents', () => {
    const rand = prng(20261122);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const wrappers = [(s: string) => s, (s: string) => s.replace(/^/gm, '> '), (s: string) => s.replace(/^/gm, '  ').replace(/^  /, '- '), (s: string) => `:::warning\n${s}\n:::`, (s: string) => `<details>\n<summary>s</summary>\n\n${s}\n\n</details>`];
    for (let n = 0; n < 600; n++) {
      const parts: string[] = [];
      const count = 2 + Math.floor(rand() * 6);
      for (let i = 0; i < count; i++) {
        const r = rand();
        const piece = r < 0.4 ? pick(spec) : r < 0.75 ? pick(corpusLines) : pick(hostile);
        parts.push(pick(wrappers)(piece));
      }
      const source = parts.join(rand() < 0.5 ? '\n' : '\n\n');
      const result = convertMarkdown(source, { path: 'docs/f.md', readFile: (p) => (p.endsWith('.png') ? new Uint8Array([1]) : undefined) });
      const check = isWellFormedStorage(result.storage);
      assert.deepEqual(check, { ok: true }, `document ${n}:\n${source}\n--- storage:\n${result.storage}`);
      storageToMarkdown(result.storage);
      storageToHtml(result.storage);
    }
  });
});
