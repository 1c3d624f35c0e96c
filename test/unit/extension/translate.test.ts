// Issue 15 point 7: the host-free model's words (tree, tooltips, status bar, notifications) go through the translator
// that activate() sets to vscode.l10n.t. A fake translator that upper-cases every message proves each text passes
// through it; the identity formatter (the default, restored after) gives back the English byte for byte.
import assert from 'node:assert/strict';
import type { PullReport, SyncReport } from '../../../src/core';
import { buildTree, mergeStates, type DocEntry } from '../../../src/extension/model/docTree';
import { pullSummary } from '../../../src/extension/model/readSide';
import { summarise } from '../../../src/extension/model/reasons';
import { findingsSummary, secretName } from '../../../src/extension/model/secretNames';
import { validateSiteUrl } from '../../../src/extension/model/settings';
import { accessibleLabel, folderDescription, SITE_LOOK, siteLook, STATE_LOOK, stateWord } from '../../../src/extension/model/stateWords';
import { statusView, type StatusInput } from '../../../src/extension/model/statusSummary';
import { format, setTranslator, type Translate } from '../../../src/extension/model/translate';

const zero = { 'changed-remotely': 0, 'deleted-remotely': 0, 'in-sync': 0, changed: 0, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0 };
const input = (over: Partial<StatusInput>): StatusInput => ({ configured: true, signedIn: true, trusted: true, counts: zero, ...over });

describe('extension model: every word goes through the translator (issue 15 point 7)', () => {
  const seen: string[] = [];
  const upper: Translate = (message, ...args) => {
    seen.push(message);
    return format(message.toUpperCase(), ...args);
  };
  beforeEach(() => {
    seen.length = 0;
    setTranslator(upper);
  });
  afterEach(() => setTranslator(undefined));

  it('the state and site words of the tree (STATE_LOOK, SITE_LOOK) are translated when read', () => {
    assert.deepEqual(Object.values(STATE_LOOK).map((l) => l.word),
      ['NEVER PUBLISHED', 'CHANGED', 'IN SYNC', 'EDITED IN CONFLUENCE', 'BLOCKED: SECRETS', 'ERROR', 'EXCLUDED', 'CHANGED IN CONFLUENCE', 'DELETED IN CONFLUENCE']);
    assert.equal(stateWord('new'), 'NEVER PUBLISHED');
    assert.deepEqual([SITE_LOOK.loading.word, siteLook('checking')?.word, siteLook('offline')?.word], ['LOADING…', 'CHECKING…', 'OFFLINE']);
    // A translator set later (activate()) is used: the words are not frozen when the module loads.
    setTranslator(undefined);
    assert.equal(STATE_LOOK.new.word, 'never published');
  });

  it('tree descriptions, accessible labels and remote-change tooltips are translated', () => {
    assert.equal(folderDescription('new', { changed: 1, 'in-sync': 2, error: 2 }), 'NEVER PUBLISHED · 1 OF 5 TO PUBLISH · 2 ERRORS');
    assert.equal(folderDescription('in-sync', { 'in-sync': 3 }), 'IN SYNC · ALL 3 IN SYNC');
    assert.equal(accessibleLabel('docs', 'in sync', 'folder'), 'docs, SECTION, in sync', 'the name and description are filled in as given');
    const entry: DocEntry = { file: 'a.md', state: 'changed' };
    const [merged] = mergeStates([entry], new Map(), new Map([['a.md', { state: 'changed-remotely', version: 3, localVersion: 2 }]]));
    assert.equal(merged.message, 'THE PAGE WAS EDITED IN CONFLUENCE (VERSION 2 → 3); THE FILE HAS LOCAL CHANGES TOO: PULL MERGES BOTH. PULL FROM CONFLUENCE BRINGS THE EDIT IN.');
    assert.equal(buildTree([entry], '.')[0].children[0].name, 'a.md', 'file names are not words: never translated');
  });

  it('every status-bar text and tooltip is translated (the $(icon) stays)', () => {
    const views = [
      statusView(input({ publishing: { done: 1, total: 4 } })),
      statusView(input({ trusted: false })),
      statusView(input({ configured: false })),
      statusView(input({ loading: true })),
      statusView(input({ signedIn: false })),
      statusView(input({ site: 'offline', counts: { ...zero, new: 2 } })),
      statusView(input({ counts: { ...zero, error: 1, new: 2 } })),
      statusView(input({ lastError: 'Boom' })),
      statusView(input({ remoteChanges: 2 })),
      statusView(input({ counts: { ...zero, changed: 1 } })),
      statusView(input({ site: 'checking' })),
      statusView(input({})),
    ];
    assert.equal(views[6].text, '$(warning) CONFLUENCE: 1 ERROR, 2 TO PUBLISH');
    assert.equal(views[5].text, '$(debug-disconnect) CONFLUENCE: OFFLINE, 2 TO PUBLISH');
    assert.equal(views[11].text, '$(check) CONFLUENCE: IN SYNC');
    for (const v of views) {
      const words = `${v.text.replace(/\$\([\w~-]+\)/g, '')} ${v.tooltip.replace('Boom', '')}`;
      assert.equal(words, words.toUpperCase(), `untranslated: ${v.text} / ${v.tooltip}`);
    }
  });

  it('secret names, result counts, pull summaries and site-URL problems are translated', () => {
    assert.equal(secretName('@secretlint/secretlint-rule-github'), 'GITHUB TOKEN');
    assert.equal(findingsSummary([{ rule: 'github', line: 4 }, { rule: 'aws', line: 9 }]), '2 LIKELY SECRETS: GITHUB TOKEN (LINE 4), AWS KEY (LINE 9)');
    const report = { summary: {}, results: [{ file: 'a', action: 'created', title: 'a' }, { file: 'b', action: 'skipped', title: 'b' }] } as unknown as SyncReport;
    assert.equal(summarise(report, false), '1 CREATED, 1 UNCHANGED');
    const pull = { items: [], summary: {}, requests: { search: 1, listing: 1 }, checkedAt: '', dryRun: false } as unknown as PullReport;
    assert.equal(pullSummary(pull), 'PULLED FROM CONFLUENCE: EVERY FILE IS UP TO DATE.');
    assert.equal(validateSiteUrl('http://example.com'), 'USE HTTPS:// — CREDENTIALS MUST NOT TRAVEL UNENCRYPTED (HTTP:// IS ONLY FOR LOCALHOST, 127.0.0.0/8 AND ::1).');
  });

  it('the identity formatter gives back the English byte for byte', () => {
    setTranslator(undefined);
    assert.equal(statusView(input({ counts: { ...zero, error: 2, new: 1 } })).text, '$(warning) Confluence: 2 errors, 1 to publish');
    assert.equal(folderDescription('new', { changed: 1, 'in-sync': 2 }), 'never published · 1 of 3 to publish');
    assert.equal(findingsSummary([{ rule: 'github', line: 4 }]), '1 likely secret: GitHub token (line 4)');
    assert.equal(format('{0} of {1}, {2}', 1, 'x'), '1 of x, {2}', 'a missing argument leaves its placeholder');
    assert.equal(seen.length, 0, 'no message reached the fake translator after it was unset');
  });
});
