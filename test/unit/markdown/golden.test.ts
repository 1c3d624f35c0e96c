import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertMarkdown, scanDocument, type ConvertOptions, type LinkTarget } from '../../../src/core/markdown';
import { isWellFormedStorage } from '../../../src/core/storage';

// Golden tests: test/fixtures/markdown/<name>.md -> <name>.xml (storage) and <name>.warnings.txt (one warning per
// line). The fixture folder plays the workspace folder `docs/`. Regenerate with UPDATE_GOLDEN=1 and review the diff.
const dir = join(__dirname, '..', '..', 'fixtures', 'markdown');
const update = process.env.UPDATE_GOLDEN === '1';

const otherDocs: Record<string, LinkTarget> = {
  'docs/other.md': {
    title: 'Other Page',
    spaceKey: 'DOCS',
    anchors: scanDocument('# Other Page\n\n## Deploying to production\n', 'docs/other.md').anchors,
  },
  'docs/setup/README.md': { title: 'Setup Guide', spaceKey: 'DOCS' },
  'ops/runbook.md': { title: 'Runbook', spaceKey: 'OPS', anchors: { rollback: 'Rollback', Rollback: 'Rollback' } },
};

export function goldenOptions(name: string): ConvertOptions {
  return {
    path: `docs/${name}.md`,
    spaceKey: 'DOCS',
    resolveDocument: (p) => otherDocs[p],
    readFile: (p) => {
      if (!p.startsWith('docs/')) return undefined;
      const file = join(dir, p.slice('docs/'.length));
      return existsSync(file) ? readFileSync(file) : undefined;
    },
  };
}

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
