import assert from 'node:assert/strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('commonmark-spec') as { tests: { markdown: string; html: string; section: string; number: number }[] };
import { convertMarkdown } from '../../../src/core/markdown';
import { isWellFormedStorage } from '../../../src/core/storage';
import { visibleText } from './visibleText';

// The whole CommonMark spec test set: every example must convert to well-formed storage whose visible text equals
// the visible text of the spec's reference HTML. Links resolve to pages and images to attachments (a workspace where
// every target exists), so what is compared is the document, not our warnings for missing files.
//
// Exclusions (listed with the reason; the count is reported below):
const EXCLUDED: Record<number, string> = {
  156: 'an HTML block whose start tag never ends: we escape it so the author sees the text; a browser swallows it',
  157: 'an HTML block whose start tag never ends: we escape it so the author sees the text; a browser swallows it',
  158: 'an HTML block whose start tag never ends: we escape it so the author sees the text; a browser swallows it',
  590: '"[[foo]]" (no reference definition "[foo]") is a wiki link in our dialects, as in Obsidian and MkDocs wikis',
};

const options = {
  path: 'spec.md',
  resolveDocument: (p: string) => ({ title: p, spaceKey: 'DOCS' }),
  readFile: () => new Uint8Array([1, 2, 3]),
  // The spec's destinations (`/url`, `foo`) are placeholders, not files: every one is attachable here.
  checkAttachment: () => undefined,
};

describe('CommonMark spec (commonmark-spec)', () => {
  let passed = 0;
  after(() => {
    // eslint-disable-next-line no-console
    console.log(`\n    CommonMark spec: ${passed}/${spec.tests.length} examples pass, ${Object.keys(EXCLUDED).length} excluded`);
  });
  for (const example of spec.tests) {
    const reason = EXCLUDED[example.number];
    const title = `example ${example.number} (${example.section})`;
    if (reason) {
      it.skip(`${title}: ${reason}`);
      continue;
    }
    it(title, () => {
      // No H1 title extraction here: the spec's headings are part of the body.
      // spec.txt shows tabs as "→"; the reference runners turn them back into tabs
      const markdown = example.markdown.replace(/→/g, '\t');
      const html = example.html.replace(/→/g, '\t');
      const source = `---\ntitle: Spec example\n---\n${markdown}`;
      const result = convertMarkdown(source, options);
      const check = isWellFormedStorage(result.storage);
      assert.deepEqual(check, { ok: true }, `not well-formed:\n${result.storage}`);
      assert.equal(visibleText(result.storage, true), visibleText(html, false), `storage:\n${result.storage}`);
      passed++;
    });
  }
});
