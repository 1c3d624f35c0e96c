/** Redaction masks whole occurrences of the secrets, never parts of ordinary words that happen to contain them. */
import { strict as assert } from 'node:assert';
import { redactSecrets } from '../../../src/core/confluence/redact';
import { RequestExecutor } from '../../../src/core/confluence/executor';
import { AdaptiveLimiter } from '../../../src/core/confluence/limiter';
import { FakeTransport, json } from './fake-transport';

describe('redaction: whole occurrences only', () => {
  it('leaves ordinary words that contain a short token untouched and masks the token itself', () => {
    const text = 'the latest testing run: token test was refused';
    assert.equal(redactSecrets(text, ['test']), 'the latest testing run: token [REDACTED] was refused');
  });

  it('does not garble words sharing a prefix with the token; the full token is masked wherever it stands alone', () => {
    const token = 'ATATT3xFfGF0T0k3n';
    const text = `ATATT tokens start with ATATT; got "${token}" in Authorization and ?api_token=${token}&x=1 and ${token}.`;
    const out = redactSecrets(text, [token]);
    assert.ok(!out.includes(token), out);
    assert.match(out, /^ATATT tokens start with ATATT; got "\[REDACTED\]"/);
    assert.match(out, /\[REDACTED\]\.$/);
  });

  it('masks the PAT, the URL-encoded token and the Basic-auth base64 of e-mail:token', () => {
    const token = 'tok+en/with=chars';
    const pat = 'NjQ5OTk4MjQ0MjA0OpD5';
    const basic = Buffer.from(`me@example.com:${token}`).toString('base64');
    const out = redactSecrets(`a ${token} b ${encodeURIComponent(token)} c ${pat} d ${basic} e`, [token, pat, basic]);
    for (const s of [token, encodeURIComponent(token), pat, basic]) assert.ok(!out.includes(s), out);
    assert.equal(out, 'a [REDACTED] b [REDACTED] c [REDACTED] d [REDACTED] e');
  });

  it('keeps prose after the words Basic/Bearer ("Basic authentication") readable', () => {
    assert.equal(redactSecrets('Basic authentication is disabled; use Bearer tokens', []), 'Basic authentication is disabled; use Bearer tokens');
    assert.equal(redactSecrets('Authorization is Basic ZGVtbzpzZWNyZXQ=', []), 'Authorization is Basic [REDACTED]');
  });

  it("a client's error message stays readable when the token is part of a word in it", async () => {
    const token = 'wrong';
    const exec = new RequestExecutor({
      transport: new FakeTransport(() => json(401, { message: 'Unauthorized: wrongly signed request' })),
      limiter: new AdaptiveLimiter({ initial: 1, max: 1 }),
      authorization: `Basic ${Buffer.from(`a@b.c:${token}`).toString('base64')}`,
      secrets: [token],
      hintContext: 'cli',
      flavor: 'cloud',
    });
    const err = await exec.request({ method: 'GET', url: 'https://x.atlassian.net/wiki/rest/api/user/current', operation: 'read the current user', kind: 'read' }).catch((e) => e);
    assert.match(err.confluenceMessage, /wrongly signed request/);
  });
});
