import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramAttachmentName, diagramKey } from '../../../src/core/diagrams/keys';
import type { DiagramLookup } from '../../../src/core/diagrams/lookup';
import type { DiagramConfig } from '../../../src/core/diagrams/types';
import { convertMarkdown } from '../../../src/core/markdown';
import { storageToMarkdown } from '../../../src/core/storage';
import { goldenDir } from '../markdown/goldenWorkspace';

// Issue 14: a page we published with diagrams imports / pulls back as the fenced blocks it came from, not as image
// links (src/core/storage/toMarkdown/diagrams.ts), whatever `diagrams.source` wrote (alt text, expand, both).

function lookup(config: DiagramConfig): DiagramLookup {
  return {
    config,
    find(block) {
      const key = diagramKey(block, 'test@1', 'default', 'svg');
      return { kind: 'image', path: `.confluence/diagrams/${key}.svg`, name: diagramAttachmentName(block, key, 'svg'), data: Buffer.from('<svg/>') };
    },
  };
}

const body = (md: string): string => md.replace(/^# .*\n\n/, '');

describe('diagrams: storage -> Markdown maps our diagrams back to fenced blocks', () => {
  const source = readFileSync(join(goldenDir, 'diagrams.md'), 'utf8');

  it('the golden page (alt text) reads back as the original Markdown, tabs, quotes and <> included', () => {
    const storage = readFileSync(join(goldenDir, 'diagrams.xml'), 'utf8');
    assert.equal(storageToMarkdown(storage).trim(), body(source).trim());
  });

  for (const mode of ['alt', 'expand', 'both'] as const) {
    it(`source: ${mode} — Markdown -> storage -> Markdown gives the same fenced blocks, no image link, no expand`, () => {
      const first = convertMarkdown(source, { path: 'docs/diagrams.md', diagrams: lookup({ source: mode }) });
      assert.equal(first.attachments.length, 3);
      if (mode !== 'alt') assert.equal(first.storage.match(/ac:name="expand"/g)?.length, 3, first.storage);
      const back = storageToMarkdown(first.storage);
      assert.equal(back.trim(), body(source).trim());
      assert.doesNotMatch(back, /diagram-[0-9a-f]{16}|<details|source/);
    });
  }

  it('an image without its source (source: none), an edited expand or a cut alt text stays an image', () => {
    const none = convertMarkdown(source, { path: 'docs/diagrams.md', diagrams: lookup({ source: 'none' }) });
    assert.equal(storageToMarkdown(none.storage).match(/!\[\]\(diagram-[0-9a-f]{16}\.svg\)/g)?.length, 3);
    const long = `graph TD\n${'  A-->B\n'.repeat(400)}`;
    const cut = convertMarkdown('```mermaid\n' + long + '```\n', { path: 'd.md', diagrams: lookup({}) });
    assert.match(storageToMarkdown(cut.storage), /!\[graph TD/);
    // someone added a paragraph to the expand in Confluence: not our source any more, kept as it is
    const expand = convertMarkdown('```mermaid\ngraph TD\n  A-->B\n```\n', { path: 'd.md', diagrams: lookup({ source: 'expand' }) });
    const edited = expand.storage.replace('<ac:rich-text-body>', '<ac:rich-text-body><p>note</p>');
    assert.match(storageToMarkdown(edited), /!\[\]\(diagram-[0-9a-f]{16}\.svg\)/);
  });
});
