import { strict as assert } from 'node:assert';
import { connectConfluence } from '../../../src/core/confluence/connect';
import { ConfluenceError, isAbort, isUnauthorized } from '../../../src/core/confluence/errors';
import { SecretMask, credentialSecrets } from '../../../src/core/confluence/redact';
import { reportFatal } from '../../../src/cli/fatal';
import { FakeTransport, json, routes } from './fake-transport';

// One redaction regime (issue 11): the client, the extension's log (SecretMask) and the CLI's fatal messages mask the
// same secrets of a set of credentials the same way; front ends no longer keep their own list of strings.
const creds = { baseUrl: 'https://acme.atlassian.net', email: 'dev@acme.test', apiToken: 'tok-9f8e7d6c5b4a', personalAccessToken: 'pat-1234567890ab' };
const basic = Buffer.from(`${creds.email}:${creds.apiToken}`).toString('base64');
const leaky = `a ${creds.apiToken} b ${encodeURIComponent(creds.apiToken)} c ${creds.personalAccessToken} d ${basic} e`;

describe('one redaction regime for every front end', () => {
  it('the secrets of credentials include the Basic value built from them', () => {
    assert.deepEqual(credentialSecrets(creds), [creds.apiToken, creds.personalAccessToken, basic]);
    assert.deepEqual(credentialSecrets(undefined), []);
  });

  it('SecretMask (the extension log) masks exactly what the client masks', async () => {
    const mask = new SecretMask();
    assert.equal(mask.clean(leaky), leaky, 'nothing known yet');
    mask.remember(creds);
    const masked = mask.clean(leaky);
    for (const secret of [creds.apiToken, creds.personalAccessToken, basic]) assert.ok(!masked.includes(secret), secret);
    const transport = new FakeTransport(routes([
      ['GET /wiki/rest/api/user/current', () => json(200, { type: 'known', accountId: 'a1', displayName: 'Dev' })],
      ['GET /wiki/api/v2/spaces', () => json(200, { results: [] })],
    ]));
    const client = await connectConfluence(creds, { transport });
    assert.equal(masked, client.redact(leaky));
  });

  it('the CLI masks the Basic value of its credentials in fatal messages too', () => {
    const err: string[] = [];
    const io = { env: { CONFLUENCE_EMAIL: creds.email, CONFLUENCE_API_TOKEN: creds.apiToken }, cwd: '/nonexistent', stdout: () => {}, stderr: (t: string) => err.push(t) };
    reportFatal(io as never, [], 1, `error: request with Authorization value ${basic} failed`);
    assert.ok(!err.join('').includes(basic), err.join(''));
    assert.match(err.join(''), /\[REDACTED\]/);
  });
});

describe('typed error tests shared by the front ends', () => {
  const aborted = new ConfluenceError({ code: 'ABORTED', confluenceMessage: 'cancelled', operation: 'update page', hint: '' });
  const unauthorized = new ConfluenceError({ status: 401, code: 'UNAUTHORIZED', confluenceMessage: 'no', operation: 'get user', hint: '' });

  it('isAbort: the client ABORTED error and the signal reason, nothing else', () => {
    assert.ok(isAbort(aborted));
    assert.ok(isAbort(new DOMException('The operation was aborted', 'AbortError')));
    const controller = new AbortController();
    controller.abort();
    assert.ok(isAbort(controller.signal.reason));
    assert.ok(!isAbort(unauthorized));
    assert.ok(!isAbort(new Error('ABORTED')));
    assert.ok(!isAbort(undefined));
  });

  it('isUnauthorized: a ConfluenceError with HTTP 401 only', () => {
    assert.ok(isUnauthorized(unauthorized));
    assert.ok(!isUnauthorized(aborted));
    assert.ok(!isUnauthorized({ status: 401 }), 'an untyped object is not a Confluence answer');
  });
});
