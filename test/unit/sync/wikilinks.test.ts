import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { buildLocalModel } from '../../../src/core/sync/local';
import { defaultMarkdownPort } from '../../../src/core/sync/markdownPort';

describe('wiki links in a publish: [[Title]] / [[file-name]] resolve to documents of the set', () => {
  it('by page title, by file name in another folder, with a label; a missing one is a link-unresolved warning', () => {
    const fs = new MemoryFileSystem({
      '/ws/docs/index.md': '# Home\n\nSee [[Deployment Guide]], [[runbook|the runbook]] and [[Nowhere]].\n',
      '/ws/docs/guides/deploy.md': '# Deployment Guide\n\nText.\n',
      '/ws/docs/ops/runbook.md': '# On-call Runbook\n\nText.\n',
    });
    const config = loadWorkspaceConfig('/ws', { spaceKey: 'DOCS' }, fs);
    const model = buildLocalModel({ root: '/ws', config, markdown: defaultMarkdownPort, spaceKey: 'DOCS', fs });
    const home = [...model.nodes.values()].find((n) => n.file === 'docs/index.md')!;
    assert.match(home.storage!, /<ri:page ri:content-title="Deployment Guide" \/><ac:plain-text-link-body><!\[CDATA\[Deployment Guide\]\]>/);
    assert.match(home.storage!, /<ri:page ri:content-title="On-call Runbook" \/><ac:plain-text-link-body><!\[CDATA\[the runbook\]\]>/);
    assert.deepEqual(home.warnings.map((w) => w.code), ['link-unresolved']);
    assert.match(home.warnings[0].message, /wiki link "\[\[Nowhere\]\]"/);
  });
});
