import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramAttachmentName, diagramKey } from '../../../src/core/diagrams/keys';
import type { DiagramLookup } from '../../../src/core/diagrams/lookup';
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

/** `diagrams.md`: every diagram rendered (a fixed SVG per block, named as the render cache names it). */
const renderedDiagrams: DiagramLookup = {
  config: {},
  find(block) {
    const key = diagramKey(block, 'golden-renderer@1', 'default', 'svg');
    return { kind: 'image', path: `.confluence/diagrams/${key}.svg`, name: diagramAttachmentName(block, key, 'svg'), data: Buffer.from(`<svg>${key}</svg>`) };
  },
};

export function goldenOptions(name: string): ConvertOptions {
  return {
    diagrams: name === 'diagrams' ? renderedDiagrams : undefined,
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

