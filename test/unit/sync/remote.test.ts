import { strict as assert } from 'node:assert';
import { fetchRemoteMarkdown } from '../../../src/core/sync/remote';
import { FakeConfluence } from './fakeConfluence';

describe('fetchRemoteMarkdown', () => {
  it('returns the page body as Markdown, and fails clearly for a missing page', async () => {
    const api = new FakeConfluence();
    const p = api.humanCreate('Remote', '1', '<h2>Setup</h2><p>Run <code>make</code> now.</p>');
    const md = await fetchRemoteMarkdown(api, p.id);
    assert.match(md, /## Setup/);
    assert.match(md, /Run `make` now\./);
    await assert.rejects(fetchRemoteMarkdown(api, '999999'), /page 999999 does not exist/);
  });
});
