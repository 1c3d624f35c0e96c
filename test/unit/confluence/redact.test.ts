import { strict as assert } from 'node:assert';
import { redactSecrets } from '../../../src/core/confluence/redact';

describe('redactSecrets', () => {
  const token = 'ATATT3xFfGF0-secret_token=value';

  it('removes a known token, also URL-encoded', () => {
    const out = redactSecrets(`token=${token} and ${encodeURIComponent(token)} end`, [token]);
    assert.ok(!out.includes(token));
    assert.ok(!out.includes(encodeURIComponent(token)));
    assert.match(out, /\[REDACTED\].*\[REDACTED\] end/);
  });

  it('removes Authorization header values in header, JSON and key=value dumps', () => {
    const basic = Buffer.from('demo@example.com:local-dev-token').toString('base64');
    for (const text of [
      `Authorization: Basic ${basic}`,
      `{"Authorization":"Bearer abc.def.ghi"}`,
      `headers: { authorization: 'Bearer local-dev-pat' }`,
      `authorization=Basic ${basic}`,
    ]) {
      const out = redactSecrets(text, []);
      assert.ok(!out.includes(basic) && !out.includes('abc.def.ghi') && !out.includes('local-dev-pat'), out);
      assert.match(out, /\[REDACTED\]/);
    }
  });

  it('removes bare Basic/Bearer credentials and URL user:password', () => {
    const out = redactSecrets('curl -H "x: Bearer eyJhbGciOi.payload.sig" https://bob:hunter2@example.com/wiki', []);
    assert.ok(!out.includes('eyJhbGciOi'));
    assert.ok(!out.includes('hunter2'));
    assert.match(out, /https:\/\/\[REDACTED\]@example\.com\/wiki/);
  });

  it('removes token-like query parameters', () => {
    assert.equal(redactSecrets('GET /x?access_token=abc123&limit=5', []), 'GET /x?access_token=[REDACTED]&limit=5');
  });

  it('leaves ordinary text alone and ignores empty or short secrets', () => {
    const text = 'update page 123 "Install" failed (HTTP 409)';
    assert.equal(redactSecrets(text, ['', undefined, 'ab']), text);
  });
});
