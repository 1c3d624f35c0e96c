import assert from 'node:assert/strict';
import { buildTree, countStates, mergeStates, type DocEntry } from '../../../src/extension/model/docTree';
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

  it('arranges folders as parents and files as children, folders first, excluding excluded files and files outside docsRoot', () => {
    const tree = buildTree(entries, 'docs');
    assert.deepEqual(tree.map((n) => [n.kind, n.name]), [['folder', 'guide'], ['doc', 'index.md']]);
    const guide = tree[0];
    assert.deepEqual(guide.children.map((n) => n.name), ['deep', 'install.md']);
    assert.equal(guide.children[0].children[0].path, 'docs/guide/deep/setup.md');
    assert.equal(guide.children[0].children[0].parent, guide.children[0]);
  });

  it('gives a folder the worst state of its documents and counts them', () => {
    const [guide] = buildTree(entries, 'docs');
    assert.equal(guide.state, 'changed');
    assert.deepEqual(guide.counts, { changed: 1, new: 1 });
    const withConflict = mergeStates(entries, new Map([['docs/guide/deep/setup.md', { state: 'conflict' as const, message: 'edited' }]]));
    assert.equal(buildTree(withConflict, 'docs')[0].state, 'conflict');
  });

  it('keeps every file of the workspace when the docs root is "."', () => {
    const tree = buildTree(entries, '.');
    assert.deepEqual(tree.map((n) => n.name), ['docs', 'README.md']);
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

  it('shows in sync, N changed, problems with warning colour, and a spinner with n/m while publishing', () => {
    assert.match(statusView({ ...base, counts: { ...zero, 'in-sync': 3 } }).text, /in sync/);
    const changed = statusView({ ...base, counts: { ...zero, changed: 2, new: 1 } });
    assert.match(changed.text, /3 changed/);
    assert.equal(changed.action, 'publishWorkspace');
    assert.equal(changed.warning, false);
    const problems = statusView({ ...base, counts: { ...zero, changed: 2, conflict: 1, error: 2 } });
    assert.match(problems.text, /1 conflict, 2 errors/);
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
