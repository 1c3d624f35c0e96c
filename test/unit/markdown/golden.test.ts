import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertMarkdown } from '../../../src/core/markdown';
import { goldenDir as dir, goldenOptions } from './goldenWorkspace';
import { isWellFormedStorage, storageToMarkdown } from '../../../src/core/storage';
import { withCharactersForReferences as chars } from '../../support/storageText';

// Golden tests: test/fixtures/markdown/<name>.md -> <name>.xml (storage) and <name>.warnings.txt (one warning per
// line). The fixture folder plays the workspace folder `docs/`. Regenerate with UPDATE_GOLDEN=1 and review the diff.
const update = process.env.UPDATE_GOLDEN === '1';

describe('Markdown -> storage golden files', () => {
  const names = readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
  it('has golden files for every construct', () => {
    assert.ok(names.length >= 14, `only ${names.length} golden inputs`);
  });
  for (const name of names) {
    it(name, () => {
      const result = convertMarkdown(readFileSync(join(dir, `${name}.md`), 'utf8'), goldenOptions(name));
      assert.deepEqual(isWellFormedStorage(result.storage), { ok: true });
      const warnings = result.warnings.map((w) => `${w.line}: ${w.code}: ${w.message}`).join('\n');
      const xmlPath = join(dir, `${name}.xml`);
      const warnPath = join(dir, `${name}.warnings.txt`);
      if (update) {
        writeFileSync(xmlPath, result.storage);
        if (warnings) writeFileSync(warnPath, warnings + '\n');
        return;
      }
      assert.equal(result.storage, readFileSync(xmlPath, 'utf8'));
      assert.equal(warnings ? warnings + '\n' : '', existsSync(warnPath) ? readFileSync(warnPath, 'utf8') : '');
    });
  }
});

describe('golden files round-trip (Markdown -> storage -> Markdown -> storage)', () => {
  // Raw HTML has no Markdown form for everything it can say (a table cell spanning columns): its first conversion
  // is already the normalised one, so it is not expected to come back identical.
  const NOT_STABLE: Record<string, string> = { html: 'an <em> left open across a paragraph end keeps a trailing space on the first conversion only (test/unit/storage/kept-storage.test.ts checks the second round)' };
  const pages: Record<string, string> = { 'Other Page': 'other.md', 'Setup Guide': 'setup/README.md', Runbook: '../ops/runbook.md' };
  const names = readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
  for (const name of names) {
    if (NOT_STABLE[name]) {
      it.skip(`${name}: ${NOT_STABLE[name]}`);
      continue;
    }
    it(name, () => {
      const options = goldenOptions(name);
      const first = convertMarkdown(readFileSync(join(dir, `${name}.md`), 'utf8'), options);
      const markdown = storageToMarkdown(first.storage, {
        pageHref: (title, _space, anchor) => pages[title] + (anchor ? `#${anchor}` : ''),
        attachmentHref: (file) => first.attachments.find((a) => a.name === file)!.path.replace(/^docs\//, ''),
      });
      const header = first.titleSource === 'h1' ? `# ${first.title}\n\n` : first.titleSource === 'front-matter' ? `---\ntitle: "${first.title}"\n---\n` : '';
      assert.equal(chars(convertMarkdown(header + markdown, options).storage), chars(first.storage), markdown);
    });
  }
});
