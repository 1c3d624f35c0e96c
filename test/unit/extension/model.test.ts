import assert from 'node:assert/strict';
import { buildTree, countStates, countsBelow, mergeStates, type DocEntry } from '../../../src/extension/model/docTree';
import { guessFlavor, settingsToOverrides, siteKey, validateSiteUrl } from '../../../src/extension/model/settings';
import { statusView } from '../../../src/extension/model/statusSummary';

describe('extension model: docs tree', () => {
  const entries: DocEntry[] = [
    { file: 'docs/index.md', state: 'in-sync', pageId: '1' },
    { file: 'docs/guide/install.md', state: 'changed', pageId: '2' },
    { file: 'docs/guide/deep/setup.md', state: 'new' },
    { file: 'docs/private.secrets.md', state: 'excluded' },
    { file: 'README.md', state: 'new' },
  ];

  it('mirrors the page tree: the root page (docs/index.md) above its sections, a section page above its pages', () => {
    const tree = buildTree(entries, 'docs');
    assert.equal(tree.length, 1, 'one root');
    const [root] = tree;
    assert.equal(root.entry?.file, 'docs/index.md', 'the root page is the docs root index.md');
    assert.deepEqual(root.children.map((n) => [n.kind, n.name]), [['folder', 'guide']], 'index.md is not a child beside its children');
    const guide = root.children[0];
    assert.deepEqual(guide.children.map((n) => n.name), ['deep', 'install.md']);
    assert.equal(guide.children[0].children[0].path, 'docs/guide/deep/setup.md');
    assert.equal(guide.children[0].children[0].parent, guide.children[0]);
    assert.equal(guide.parent, root);
  });

  it('a README.md is its folder\'s page when there is no index.md; a generated page comes from folderPages', () => {
    const tree = buildTree([
      { file: 'docs/a/README.md', state: 'changed', title: 'A' },
      { file: 'docs/a/x.md', state: 'in-sync' },
      { file: 'docs/b/y.md', state: 'new' },
    ], 'docs', new Map([['docs/', { file: 'docs/', state: 'in-sync', title: 'Handbook' }], ['docs/b/', { file: 'docs/b/', state: 'new', title: 'B' }]]));
    const [root] = tree;
    assert.equal(root.entry?.title, 'Handbook');
    const [a, b] = root.children;
    assert.equal(a.entry?.file, 'docs/a/README.md');
    assert.deepEqual(a.children.map((n) => n.name), ['x.md']);
    assert.equal(b.entry?.title, 'B');
    assert.equal(b.state, 'new');
  });

  it('a folder shows its OWN state, not its child\'s; its counts cover its page and everything below', () => {
    const [root] = buildTree(entries, 'docs');
    assert.equal(root.state, 'in-sync', 'the root page itself is in sync');
    assert.deepEqual(root.counts, { 'in-sync': 1, changed: 1, new: 1 });
    const withConflict = mergeStates(entries, new Map([['docs/guide/deep/setup.md', { state: 'conflict' as const, message: 'edited' }]]));
    const [root2] = buildTree(withConflict, 'docs');
    assert.equal(root2.state, 'in-sync', 'a child conflict is not the root\'s own');
    assert.equal(root2.counts.conflict, 1);
    assert.deepEqual(countsBelow(root2), { changed: 1, conflict: 1 });
  });

  it('keeps every file of the workspace when the docs root is "."', () => {
    const [root] = buildTree(entries, '.');
    assert.equal(root.entry?.file, 'README.md', 'the workspace README is the root page');
    assert.deepEqual(root.children.map((n) => n.name), ['docs']);
  });

  it('overlays plan/publish results: conflicts and errors win, in-sync only updates page data', () => {
    const merged = mergeStates(entries, new Map([
      ['docs/index.md', { state: 'error' as const, message: 'boom' }],
      ['docs/guide/install.md', { state: 'in-sync' as const, pageId: '2', version: 7, at: '2026-01-01T00:00:00Z' }],
    ]));
    assert.equal(merged[0].state, 'error');
    assert.equal(merged[0].message, 'boom');
    assert.equal(merged[1].state, 'changed');
    assert.equal(merged[1].version, 7);
    assert.equal(merged[1].lastPublished, '2026-01-01T00:00:00Z');
    assert.equal(countStates(merged).error, 1);
  });
});

describe('extension model: status bar', () => {
  const zero = { 'in-sync': 0, changed: 0, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0, 'changed-remotely': 0, 'deleted-remotely': 0 };
  const base = { configured: true, signedIn: true, trusted: true, counts: zero };

  it('asks to configure, then to sign in, before anything else', () => {
    assert.equal(statusView({ ...base, configured: false }).action, 'configure');
    const v = statusView({ ...base, signedIn: false });
    assert.equal(v.action, 'signIn');
    assert.match(v.text, /sign in/);
  });

  it('shows in sync, N to publish, problems with warning colour, and a spinner with n/m while publishing', () => {
    assert.match(statusView({ ...base, counts: { ...zero, 'in-sync': 3 } }).text, /in sync/);
    const changed = statusView({ ...base, counts: { ...zero, changed: 2, new: 1 } });
    assert.match(changed.text, /Confluence: 3 to publish$/);
    assert.match(changed.tooltip, /1 never published, 2 changed/, 'the tooltip uses the tree\'s words');
    assert.equal(changed.action, 'publishWorkspace');
    assert.equal(changed.warning, false);
    const problems = statusView({ ...base, counts: { ...zero, changed: 2, conflict: 1, error: 2 } });
    assert.match(problems.text, /Confluence: 2 errors, 1 edited in Confluence, 2 to publish$/);
    assert.equal(problems.warning, true);
    assert.equal(problems.action, 'showProblems');
    const busy = statusView({ ...base, publishing: { done: 2, total: 5 } });
    assert.match(busy.text, /sync~spin.*2\/5/);
  });

  it('does not offer to publish in an untrusted workspace: it says restricted and offers to manage trust', () => {
    for (const s of [{ ...base, trusted: false, counts: { ...zero, changed: 1 } }, { ...base, trusted: false, signedIn: false }]) {
      const v = statusView(s);
      assert.equal(v.action, 'manageTrust');
      assert.match(v.text, /restricted/);
    }
  });
});

describe('extension model: settings', () => {
  it('maps non-empty settings to overrides; exclude and labels add to the file', () => {
    const values: Record<string, unknown> = {
      baseUrl: 'https://acme.atlassian.net/wiki/', spaceKey: ' DOCS ', docsRoot: '', include: [], exclude: ['drafts/**'],
      labels: ['team'], readOnly: null, concurrency: 40, codeLineNumbers: true,
    };
    const o = settingsToOverrides((k) => values[k], { exclude: ['**/x/**'], labels: ['docs'] });
    assert.deepEqual(o, {
      baseUrl: 'https://acme.atlassian.net/wiki', spaceKey: 'DOCS', exclude: ['**/x/**', 'drafts/**'], labels: ['docs', 'team'],
      concurrency: 16, codeLineNumbers: true,
    });
  });

  it('validates site URLs: no credentials in the URL, https except loopback', () => {
    assert.equal(validateSiteUrl('https://acme.atlassian.net'), undefined);
    assert.equal(validateSiteUrl('http://127.0.0.1:4000/wiki'), undefined);
    assert.match(validateSiteUrl('http://confluence.acme.com') ?? '', /https/);
    assert.match(validateSiteUrl('https://me:secret@acme.atlassian.net') ?? '', /credentials/);
    assert.match(validateSiteUrl('acme') ?? '', /full URL/);
  });

  it('keys credentials by normalised site and guesses Cloud from the URL', () => {
    assert.equal(siteKey('https://ACME.atlassian.net/wiki/'), 'https://acme.atlassian.net/wiki');
    assert.equal(guessFlavor('https://acme.atlassian.net'), 'cloud');
    assert.equal(guessFlavor('http://127.0.0.1:3000/wiki'), 'cloud');
    assert.equal(guessFlavor('https://confluence.acme.com'), undefined);
  });
});
