import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { convertMarkdown, parseFrontMatter, scanDocument } from '../../../src/core/markdown';
import { isWellFormedStorage, storageToMarkdown } from '../../../src/core/storage';
import { corpusOptions, loadCorpus } from '../../fixtures/corpus';
import { withCharactersForReferences as chars } from '../../support/storageText';

// The real-world corpus (test/fixtures/corpus: an engineering handbook of 54 documents with tables, code, panels,
// task lists, images and cross-links). Every document converts cleanly, and Markdown -> storage -> Markdown ->
// storage is stable: the second storage equals the first.
const docs = loadCorpus();
const { targets, optionsFor } = corpusOptions(docs);

function relativeHref(from: string, to: string): string {
  const r = posix.relative(posix.dirname(from), to);
  return r.startsWith('.') ? r : `./${r}`;
}

describe('docs corpus', function () {
  this.timeout(120_000); // the whole corpus is converted several times; the machine may be busy
  it('has at least 50 documents with tables, code, panels, task lists, images and cross-links', () => {
    assert.ok(docs.length >= 50, `${docs.length} documents`);
    const all = docs.map((d) => d.source).join('\n');
    for (const construct of ['| --', '```', '> [!', ':::', '- [ ]', '![', '.md#', '<details>', '[^']) {
      assert.ok(all.includes(construct) || all.includes(construct.replace('| --', '|---')), `corpus lacks ${construct}`);
    }
  });

  it('the cheap title scan agrees with the converter on every document', () => {
    for (const d of docs) {
      const result = convertMarkdown(d.source, optionsFor(d.path));
      const outline = scanDocument(d.source, d.path);
      assert.equal(outline.title, result.title, d.path);
      assert.equal(outline.titleSource, result.titleSource, d.path);
    }
  });

  for (const d of docs) {
    it(`round-trips ${d.path}`, () => {
      const options = optionsFor(d.path);
      const first = convertMarkdown(d.source, options);
      assert.deepEqual(first.warnings, [], 'the corpus has no broken links or images');
      assert.deepEqual(isWellFormedStorage(first.storage), { ok: true });

      const byTitle = new Map([...targets].map(([path, t]) => [t.title, path]));
      const attachmentPaths = new Map(first.attachments.map((a) => [a.name, a.path]));
      const body = storageToMarkdown(first.storage, {
        pageHref: (title, _space, anchor) => {
          const path = byTitle.get(title);
          assert.ok(path, `no document titled ${title}`);
          return relativeHref(d.path, path) + (anchor ? `#${anchor}` : '');
        },
        attachmentHref: (name) => relativeHref(d.path, attachmentPaths.get(name) ?? name),
      });
      // an import keeps the page title: front matter as it was, or the H1 the title came from
      const { body: originalBody } = parseFrontMatter(d.source, d.path);
      const header = first.titleSource === 'front-matter' ? d.source.slice(0, d.source.length - originalBody.length) : first.titleSource === 'h1' ? `# ${first.title}\n\n` : '';
      const second = convertMarkdown(header + body, options);
      assert.equal(chars(second.storage), chars(first.storage), `Markdown after the first round:\n${body}`);
      assert.deepEqual(second.warnings, []);
      assert.deepEqual(second.attachments, first.attachments);
    });
  }
});
