import { strict as assert } from 'node:assert';
import { comparableStorage, withJiraTicket } from '../../../src/cli/page-update';
import { normalizeStorage } from '../../../src/server/store';

describe('update: comparing page bodies', () => {
  it('a body Confluence normalised on save (macro ids, <strong>) compares equal to what we sent', () => {
    const sent = '<p><b>Hi</b> <i>there</i></p>\n<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x <b>]]></ac:plain-text-body></ac:structured-macro>';
    assert.equal(comparableStorage(normalizeStorage(sent)), comparableStorage(sent));
    assert.notEqual(comparableStorage('<p>Hi</p>'), comparableStorage('<p>Hi!</p>'));
  });

  it('the Jira macro is added once', () => {
    const once = withJiraTicket('<p>x</p>', 'LH-7');
    assert.match(once, /^<p><ac:structured-macro ac:name="jira"/);
    const saved = normalizeStorage(once);
    assert.equal(withJiraTicket(saved, 'LH-7'), saved);
    assert.notEqual(withJiraTicket(once, 'LH-8'), once);
  });
});
