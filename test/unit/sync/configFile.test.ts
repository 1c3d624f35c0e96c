import { strict as assert } from 'node:assert';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { docsFolderProblem, workspaceConfigText } from '../../../src/core/sync/configFile';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';

describe('workspaceConfigText (Create Configuration…)', () => {
  it('writes site, space, docs folder and root title that load back exactly, quoted where YAML would misread them', () => {
    const text = workspaceConfigText({ baseUrl: 'https://acme.atlassian.net/wiki/ ', spaceKey: 'ENG', docsRoot: './handbook/', rootPageTitle: 'Ops: "Runbooks" # 1' });
    const fs = new MemoryFileSystem({ '/w/.confluence.yml': text });
    const config = loadWorkspaceConfig('/w', {}, fs);
    assert.equal(config.baseUrl, 'https://acme.atlassian.net/wiki');
    assert.equal(config.spaceKey, 'ENG');
    assert.equal(config.docsRoot, 'handbook');
    assert.equal(config.rootPageTitle, 'Ops: "Runbooks" # 1');
    assert.doesNotMatch(text, /^\s*(apiToken|token|password|personalAccessToken|email)\s*:/m);
  });

  it('a key that is not a YAML-safe value still round-trips (yes, on, numbers)', () => {
    const text = workspaceConfigText({ baseUrl: 'https://c.example.com', spaceKey: 'ON', docsRoot: '2024', rootPageTitle: 'yes' });
    const config = loadWorkspaceConfig('/w', {}, new MemoryFileSystem({ '/w/.confluence.yml': text }));
    assert.equal(config.spaceKey, 'ON');
    assert.equal(config.docsRoot, '2024');
    assert.equal(config.rootPageTitle, 'yes');
  });

  it('a docs folder must be relative and inside the workspace', () => {
    assert.equal(docsFolderProblem('docs'), undefined);
    assert.equal(docsFolderProblem('site/docs'), undefined);
    assert.match(docsFolderProblem('')!, /Enter a folder/);
    assert.match(docsFolderProblem('/etc')!, /relative/);
    assert.match(docsFolderProblem('C:\\docs')!, /relative/);
    assert.match(docsFolderProblem('../other')!, /inside the workspace/);
  });
});
