// Issue 15, point 1: one vocabulary of document states for the tree, the status bar, the badge and the welcome view.
import assert from 'node:assert/strict';
import { buildTree, countsBelow, type DocEntry } from '../../../src/extension/model/docTree';
import { describeFinding, findingsSummary, secretName } from '../../../src/extension/model/secretNames';
import { accessibleLabel, badgeCount, breakdown, folderDescription, STATE_LOOK, stateWord } from '../../../src/extension/model/stateWords';
import { statusView } from '../../../src/extension/model/statusSummary';

const zero = { 'changed-remotely': 0, 'deleted-remotely': 0, 'in-sync': 0, changed: 0, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0 };

describe('extension state vocabulary (issue 15)', () => {
  it('has the agreed word and a distinct icon for every state (never colour alone)', () => {
    assert.deepEqual(
      (['new', 'changed', 'in-sync', 'conflict', 'blocked', 'error'] as const).map(stateWord),
      ['never published', 'changed', 'in sync', 'edited in Confluence', 'blocked: secrets', 'error'],
    );
    const icons = Object.values(STATE_LOOK).map((l) => l.icon);
    assert.equal(new Set(icons).size, icons.length, 'each state has its own icon');
  });

  it('the badge counts every document that needs the user: to resolve + to publish, as the status bar does', () => {
    assert.equal(badgeCount(zero), undefined);
    assert.equal(badgeCount({ ...zero, 'in-sync': 5 }), undefined);
    const counts = { ...zero, new: 2, changed: 1, blocked: 1, conflict: 1, error: 1, 'in-sync': 4, excluded: 3 };
    assert.equal(badgeCount(counts), 6, 'blocked documents count too');
    assert.deepEqual(breakdown(counts), ['1 error', '1 edited in Confluence', '1 blocked: secrets', '2 never published', '1 changed', '4 in sync']);
    const status = statusView({ configured: true, signedIn: true, trusted: true, counts });
    assert.equal(status.text, '$(warning) Confluence: 1 error, 1 edited in Confluence, 1 blocked: secrets, 3 to publish');
    const total = status.text.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0);
    assert.equal(total, badgeCount(counts), 'the status bar adds up to the badge');
  });

  it('a folder says its own state and an aggregate of what is below it', () => {
    assert.equal(folderDescription('new', { new: 2, changed: 0, 'in-sync': 3 }), 'never published · 2 of 5 to publish');
    assert.equal(folderDescription('in-sync', { 'in-sync': 3, conflict: 1, changed: 1 }), 'in sync · 1 of 5 to publish · 1 edited in Confluence');
    assert.equal(folderDescription('in-sync', { 'in-sync': 3 }), 'in sync · all 3 in sync');
    assert.equal(folderDescription('changed', {}), 'changed');
    const entries: DocEntry[] = [
      { file: 'docs/index.md', state: 'new' },
      { file: 'docs/guides/a.md', state: 'new' },
      { file: 'docs/guides/b.md', state: 'blocked' },
      { file: 'docs/c.md', state: 'in-sync' },
    ];
    const [root] = buildTree(entries, 'docs', new Map([['docs/guides/', { file: 'docs/guides/', state: 'new' as const }]]));
    assert.equal(folderDescription(root.state, countsBelow(root)), 'never published · 2 of 4 to publish · 1 blocked: secrets');
    const guides = root.children.find((n) => n.name === 'guides')!;
    assert.equal(folderDescription(guides.state, countsBelow(guides)), 'never published · 1 of 2 to publish · 1 blocked: secrets');
  });

  it('every row has an accessible label with its kind and state words', () => {
    assert.equal(accessibleLabel('Guides', 'never published · 2 of 5 to publish', 'folder'), 'Guides, section, never published · 2 of 5 to publish');
    assert.equal(accessibleLabel('Install', 'blocked: secrets', 'doc'), 'Install, page, blocked: secrets');
  });

  it('secret findings are named for people, never by rule id, and no empty parentheses', () => {
    assert.equal(secretName('@secretlint/secretlint-rule-github'), 'GitHub token');
    assert.equal(secretName('atlassian-api-token'), 'Atlassian API token');
    assert.equal(secretName('some-new-rule'), 'some new rule');
    const line = describeFinding({ file: 'docs/r.md', line: 4, rule: '@secretlint/secretlint-rule-github', preview: 'ghp_****7i' });
    assert.equal(line, 'docs/r.md, line 4: GitHub token (ghp_****7i)');
    assert.equal(describeFinding({ file: 'a.md', line: 1, rule: 'jwt', preview: '' }), 'a.md, line 1: JSON web token');
    assert.equal(findingsSummary([{ line: 4, rule: '@secretlint/secretlint-rule-github' }]), '1 likely secret: GitHub token (line 4)');
  });
});
