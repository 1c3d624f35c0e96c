import { strict as assert } from 'node:assert';
import { isLoopbackHost, parseSiteUrl, siteUrlProblem } from '../../../src/core/confluence/site';
import { cliCredentials } from '../../../src/cli/credentials';
import { validateSiteUrl } from '../../../src/extension/model/settings';

// One rule for site URLs (issue 11): https, or http only for loopback (127.0.0.0/8, ::1, localhost); the engine,
// the CLI and the extension's input box must agree on every case.
const ACCEPTED = [
  'https://acme.atlassian.net/wiki', 'https://wiki.example.com/confluence',
  'http://localhost:8090', 'http://LOCALHOST:1', 'http://127.0.0.1:4000/wiki', 'http://127.0.0.2', 'http://127.255.255.254:1',
  'http://127.1', 'http://[::1]:8090', 'http://[0:0:0:0:0:0:0:1]/wiki',
];
const REFUSED = [
  'http://wiki.example.com', 'http://10.0.0.1', 'http://128.0.0.1', 'http://localhost.evil.com', 'http://127.0.0.1.evil.com',
  'http://[::2]', 'http://[::ffff:10.0.0.1]', 'ftp://localhost', 'https://me:secret@acme.atlassian.net', 'acme', '',
];

describe('site URL rule: one home in core, used by the CLI and the extension', () => {
  it('core accepts https anywhere and http only on loopback', () => {
    for (const url of ACCEPTED) assert.equal(siteUrlProblem(url), undefined, url);
    for (const url of REFUSED) assert.notEqual(siteUrlProblem(url), undefined, url);
    assert.equal(siteUrlProblem('http://wiki.example.com')?.kind, 'insecure');
    assert.equal(siteUrlProblem('ftp://localhost')?.kind, 'scheme');
    assert.equal(siteUrlProblem('https://me:secret@acme.atlassian.net')?.kind, 'credentials');
    assert.equal(siteUrlProblem('acme')?.kind, 'not-a-url');
  });

  it('loopback is localhost, 127.0.0.0/8 and ::1, nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.0.0.2', '127.9.9.9', '[::1]', '::1']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['128.0.0.1', '127.0.0.999', '10.0.0.1', 'localhost.evil.com', '[::2]', '']) assert.ok(!isLoopbackHost(host), host);
  });

  it('the engine, the CLI and the extension agree on every case', () => {
    for (const url of ACCEPTED) {
      assert.equal(parseSiteUrl(url).origin, new URL(url).origin, `engine: ${url}`);
      assert.equal(cliCredentials({ CONFLUENCE_URL: url, CONFLUENCE_PAT: 'p' }).baseUrl, url, `CLI: ${url}`);
      assert.equal(validateSiteUrl(url), undefined, `extension: ${url}`);
    }
    for (const url of REFUSED) {
      assert.throws(() => parseSiteUrl(url), /./, `engine: ${url}`);
      assert.throws(() => cliCredentials({ CONFLUENCE_URL: url, CONFLUENCE_PAT: 'p' }), /./, `CLI: ${url}`);
      assert.notEqual(validateSiteUrl(url), undefined, `extension: ${url}`);
    }
  });
});
