import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanDocument, type ConvertOptions, type LinkTarget } from '../../../src/core/markdown';

/** The golden fixture folder plays the workspace folder `docs/`, next to a few other documents. */
export const goldenDir = join(__dirname, '..', '..', 'fixtures', 'markdown');

export const otherDocs: Record<string, LinkTarget> = {
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
    // wiki links: a document of the set by title or file name
    findDocument: (n) =>
      Object.keys(otherDocs).find((p) => otherDocs[p].title.toLowerCase() === n.toLowerCase() || p.replace(/^.*\//, '').replace(/\.md$/, '') === n.toLowerCase()),
    readFile: (p) => {
      if (!p.startsWith('docs/')) return undefined;
      const file = join(goldenDir, p.slice('docs/'.length));
      return existsSync(file) ? readFileSync(file) : undefined;
    },
  };
}

