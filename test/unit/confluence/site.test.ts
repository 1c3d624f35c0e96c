import { strict as assert } from 'node:assert';
import { parseLinkNext, parseSiteUrl, resolveNextLink } from '../../../src/core/confluence/site';
import { ConfluenceError } from '../../../src/core/confluence/errors';

describe('site URL and pagination links', () => {
  it('normalises site URLs and recognises the scoped gateway', () => {
    assert.equal(parseSiteUrl(' https://acme.atlassian.net/wiki/ ').url, 'https://acme.atlassian.net/wiki');
    assert.equal(parseSiteUrl('https://acme.atlassian.net').atlassianHost, true);
    assert.equal(parseSiteUrl('https://api.atlassian.com/ex/confluence/abc').scoped, true);
    assert.equal(parseSiteUrl('https://wiki.example.com/confluence?x=1').url, 'https://wiki.example.com/confluence');
  });

  it('refuses plain http except on loopback', () => {
    for (const ok of ['http://localhost:1', 'http://127.0.0.1:1', 'http://127.1.2.3', 'http://[::1]:8090']) assert.ok(parseSiteUrl(ok).url, ok);
    for (const bad of ['http://wiki.example.com', 'http://10.0.0.1', 'http://localhost.evil.com']) {
      assert.throws(() => parseSiteUrl(bad), (e: ConfluenceError) => e.code === 'INSECURE_URL', bad);
    }
    assert.throws(() => parseSiteUrl('ftp://x'), (e: ConfluenceError) => e.code === 'INVALID_URL');
  });

  it('parses the next target of a Link header among other relations', () => {
    assert.equal(parseLinkNext('</wiki/api/v2/pages?cursor=a%2Cb>; rel="next", <https://x.atlassian.net/wiki>; rel="base"'), '/wiki/api/v2/pages?cursor=a%2Cb');
    assert.equal(parseLinkNext('<https://x/wiki>; rel="base"'), undefined);
    assert.equal(parseLinkNext(undefined), undefined);
  });

  it('resolves next links onto our API base whatever their form', () => {
    const v2 = 'https://api.atlassian.com/ex/confluence/c1/wiki/api/v2';
    assert.equal(resolveNextLink('/wiki/api/v2/pages?cursor=x', v2, '/api/v2'), `${v2}/pages?cursor=x`);
    assert.equal(resolveNextLink('https://acme.atlassian.net/wiki/api/v2/pages?cursor=x', v2, '/api/v2'), `${v2}/pages?cursor=x`);
    const dc = 'https://wiki.example.com/confluence/rest/api';
    assert.equal(resolveNextLink('/rest/api/content?start=25&limit=25', dc, '/rest/api'), `${dc}/content?start=25&limit=25`);
    assert.equal(resolveNextLink('/confluence/rest/api/content?start=25', dc, '/rest/api'), `${dc}/content?start=25`);
    assert.equal(resolveNextLink('/rest/api/search?cql=x&cursor=abc', 'https://acme.atlassian.net/wiki/rest/api', '/rest/api'), 'https://acme.atlassian.net/wiki/rest/api/search?cql=x&cursor=abc');
  });
});
