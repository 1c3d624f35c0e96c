import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { nodeFileSystem } from '../../../src/core/files/nodeFileSystem';
import { buildLocalModel } from '../../../src/core/sync/local';
import { defaultMarkdownPort } from '../../../src/core/sync/markdownPort';
import { titleFromFileName, titleFromName } from '../../../src/core/markdown/title';
import { TempWorkspace } from './workspace';

// One rule for titles made from names (issue 11): a folder without an index file, a file without a title and a
// README without a heading are titled alike ("Getting Started"), in the publish path and the converter alike.
describe('made-up page titles: one rule for files and folders', () => {
  it('the rule: separators become spaces, every word capitalised; README/index take the folder name', () => {
    assert.equal(titleFromName('getting-started'), 'Getting Started');
    assert.equal(titleFromName('api_v2  reference'), 'Api V2 Reference');
    assert.equal(titleFromFileName('docs/getting-started.md'), 'Getting Started');
    assert.equal(titleFromFileName('docs/user-guide/README.md'), 'User Guide');
    assert.equal(titleFromFileName('docs/user-guide/index.md'), 'User Guide');
  });

  it('a folder, a file and a README without a heading with the same name get the same title', () => {
    const ws = new TempWorkspace()
      .write('docs/index.md', '# Home\n')
      .write('docs/getting-started/setup.md', '# Setup\n')
      .write('docs/more/getting-started.md', 'No heading here.\n')
      .write('docs/other/getting-started/README.md', 'No heading either.\n');
    try {
      const root = join(ws.root, 'docs');
      const model = buildLocalModel({ root, config: loadWorkspaceConfig(root), markdown: defaultMarkdownPort, fs: nodeFileSystem });
      const titles = [...model.nodes.values()].map((n) => [n.key, n.title]);
      const titleOf = (key: string) => titles.find(([k]) => k === key)?.[1];
      assert.equal(titleOf('getting-started/')?.replace(/ \(.*\)$/, ''), 'Getting Started', JSON.stringify(titles));
      assert.equal(titleOf('more/getting-started.md')?.replace(/ \(.*\)$/, ''), 'Getting Started', JSON.stringify(titles));
      assert.equal(titleOf('other/getting-started/README.md')?.replace(/ \(.*\)$/, ''), 'Getting Started', JSON.stringify(titles));
    } finally {
      ws.dispose();
    }
  });
});
