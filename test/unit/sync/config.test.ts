import { strict as assert } from 'node:assert';
import { loadWorkspaceConfig, ConfigError, DEFAULT_SECRET_EXCLUDE } from '../../../src/core/sync/config';
import { globMatcher } from '../../../src/core/sync/discover';
import { DEFAULT_SECRET_EXCLUDE_GLOBS } from '../../../src/core/secrets';
import { TempWorkspace } from './workspace';

describe('workspace config (.confluence.yml)', () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace()));
  afterEach(() => ws.dispose());

  it('defaults without a file: docs/ when it exists, the seed root title, the seed mapping path', () => {
    ws.write('docs/a.md', '# A\n');
    const c = loadWorkspaceConfig(ws.root);
    assert.equal(c.docsRoot, 'docs');
    assert.equal(c.rootPageTitle, '📚 Documentation');
    assert.equal(c.mappingFile, 'docs/.confluence-mapping.json');
    assert.deepEqual(c.include, ['**/*.md']);
    assert.ok(c.exclude.includes('**/*.secrets.md'));
    assert.equal(c.readOnly, false);
    assert.equal(c.spaceKey, undefined);
  });

  it('without docs/ the workspace root is the docs root', () => {
    const c = loadWorkspaceConfig(ws.root);
    assert.equal(c.docsRoot, '.');
    assert.equal(c.mappingFile, '.confluence-mapping.json');
  });

  it('reads every setting, accepts snake_case, and lets overrides win', () => {
    ws.write(
      '.confluence.yml',
      'base_url: https://acme.atlassian.net\nspace: ENG\ndocs_root: handbook/\nroot_page_title: Handbook\ninclude: ["**/*.md"]\nexclude: [drafts/**]\nlabels: [Docs, "from git"]\nread_only: true\nconcurrency: 8\njira: ENG-12\n',
    );
    const c = loadWorkspaceConfig(ws.root, { concurrency: 4, labels: undefined });
    assert.equal(c.baseUrl, 'https://acme.atlassian.net');
    assert.equal(c.spaceKey, 'ENG');
    assert.equal(c.docsRoot, 'handbook');
    assert.equal(c.rootPageTitle, 'Handbook');
    assert.deepEqual(c.exclude, ['drafts/**']);
    assert.deepEqual(c.labels, ['docs', 'from-git']);
    assert.equal(c.readOnly, true);
    assert.equal(c.concurrency, 4);
    assert.equal(c.jiraTicket, 'ENG-12');
    assert.equal(c.mappingFile, 'handbook/.confluence-mapping.json');
  });

  it('bad YAML, unknown keys, wrong types and credentials are errors naming the file and line', () => {
    const cases: Array<[string, RegExp]> = [
      ['space: DOCS\nlabels: [a, b\n', /^\.confluence\.yml:\d+: .*fix the YAML/],
      ['space: DOCS\nspaec: X\n', /^\.confluence\.yml:2: unknown setting `spaec`/],
      ['readOnly: yes please\n', /^\.confluence\.yml:1: `readOnly` must be true or false/],
      ['space: DOCS\napi_token: abc\n', /^\.confluence\.yml:2: `api_token` does not belong.*CONFLUENCE_API_TOKEN/],
      ['concurrency: -3\n', /^\.confluence\.yml:1: `concurrency` must be a positive whole number/],
    ];
    for (const [text, re] of cases) {
      ws.write('.confluence.yml', text);
      assert.throws(() => loadWorkspaceConfig(ws.root), (err: unknown) => err instanceof ConfigError && re.test((err as Error).message), text);
    }
  });

  it('secret exclude defaults match the scanner module', () => {
    assert.deepEqual(DEFAULT_SECRET_EXCLUDE, DEFAULT_SECRET_EXCLUDE_GLOBS);
  });

  it('globs match docs-root-relative and workspace-relative paths', () => {
    ws.write('.confluence.yml', 'exclude: ["drafts/**"]\n');
    ws.write('docs/x.md', '');
    const m = globMatcher(loadWorkspaceConfig(ws.root));
    assert.equal(m('docs/guide/a.md'), 'included');
    assert.equal(m('docs/drafts/a.md'), 'excluded');
    assert.equal(m('docs/keys.secrets.md'), 'excluded');
    assert.equal(m('docs/notes.txt'), 'ignored');
  });
});
