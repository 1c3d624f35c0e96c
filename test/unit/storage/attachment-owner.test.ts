import assert from 'node:assert/strict';
import { storageToHtml } from '../../../src/core/storage';

// The local server's web view resolves images attached to another page through this hook (it used to need a second
// storage renderer for it).
describe('storageToHtml attachmentUrl owner', () => {
  it('passes the page an image is attached to, and nothing for an attachment of this page', () => {
    const calls: Array<[string, unknown]> = [];
    const html = storageToHtml(
      '<p><ac:image><ri:attachment ri:filename="a.png"><ri:page ri:content-title="Other" ri:space-key="OPS"/></ri:attachment></ac:image>' +
        '<ac:image><ri:attachment ri:filename="b.png"/></ac:image></p>',
      {
        attachmentUrl: (name, owner) => {
          calls.push([name, owner]);
          return owner ? `/att/${owner.spaceKey}/${owner.title}/${name}` : `/att/here/${name}`;
        },
      },
    );
    assert.deepEqual(calls, [['a.png', { title: 'Other', spaceKey: 'OPS' }], ['b.png', undefined]]);
    assert.match(html, /src="\/att\/OPS\/Other\/a.png"/);
    assert.match(html, /src="\/att\/here\/b.png"/);
  });
});
