import { strict as assert } from 'node:assert';
import { CliExit } from '../../../src/cli/context';
import { authChoice, cliCredentials } from '../../../src/cli/credentials';

const cloud = { CONFLUENCE_URL: 'https://acme.atlassian.net', CONFLUENCE_EMAIL: 'a@b.c', CONFLUENCE_API_TOKEN: 'tok-1' };
const exit = (fn: () => unknown): CliExit => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CliExit, String(e));
    return e;
  }
  assert.fail('expected a CliExit');
};

describe('CLI: CONFLUENCE_AUTH (scoped | basic | pat) and CONFLUENCE_CLOUD_ID', () => {
  it('parses the choice, case and spaces aside; unset is undefined; anything else is a usage error', () => {
    assert.equal(authChoice({}), undefined);
    assert.equal(authChoice({ CONFLUENCE_AUTH: ' Scoped ' }), 'scoped');
    assert.equal(authChoice({ CONFLUENCE_AUTH: 'basic' }), 'basic');
    assert.equal(authChoice({ CONFLUENCE_AUTH: 'PAT' }), 'pat');
    const e = exit(() => authChoice({ CONFLUENCE_AUTH: 'oauth' }));
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /CONFLUENCE_AUTH must be scoped, basic or pat, got "oauth"/);
  });

  it('scoped: e-mail + token with the choice and the optional cloud id', () => {
    assert.deepEqual(cliCredentials({ ...cloud, CONFLUENCE_AUTH: 'scoped', CONFLUENCE_CLOUD_ID: ' c-1 ' }), { ...{ baseUrl: cloud.CONFLUENCE_URL, email: 'a@b.c', apiToken: 'tok-1' }, auth: 'scoped', cloudId: 'c-1' });
    assert.deepEqual(cliCredentials({ ...cloud, CONFLUENCE_AUTH: 'scoped' }), { baseUrl: cloud.CONFLUENCE_URL, email: 'a@b.c', apiToken: 'tok-1', auth: 'scoped' });
    const e = exit(() => cliCredentials({ CONFLUENCE_URL: cloud.CONFLUENCE_URL, CONFLUENCE_API_TOKEN: 'tok-1', CONFLUENCE_AUTH: 'scoped' }));
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /CONFLUENCE_AUTH=scoped needs CONFLUENCE_EMAIL/);
  });

  it('basic ignores a PAT in the environment; pat ignores e-mail + token; each names what it misses', () => {
    const both = { ...cloud, CONFLUENCE_PAT: 'pat-1' };
    assert.deepEqual(cliCredentials({ ...both, CONFLUENCE_AUTH: 'basic' }), { baseUrl: cloud.CONFLUENCE_URL, email: 'a@b.c', apiToken: 'tok-1', auth: 'basic' });
    assert.deepEqual(cliCredentials({ ...both, CONFLUENCE_AUTH: 'pat' }), { baseUrl: cloud.CONFLUENCE_URL, personalAccessToken: 'pat-1', auth: 'pat' });
    assert.match(exit(() => cliCredentials({ ...cloud, CONFLUENCE_AUTH: 'pat' })).message, /CONFLUENCE_AUTH=pat needs CONFLUENCE_PAT/);
    assert.match(exit(() => cliCredentials({ CONFLUENCE_URL: 'https://wiki.example.com', CONFLUENCE_PAT: 'p', CONFLUENCE_AUTH: 'basic' })).message, /needs CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN/);
  });

  it('a cloud id without scoped is refused; without CONFLUENCE_AUTH nothing changes', () => {
    assert.match(exit(() => cliCredentials({ ...cloud, CONFLUENCE_CLOUD_ID: 'c-1' })).message, /CONFLUENCE_CLOUD_ID is only for scoped API tokens/);
    assert.deepEqual(cliCredentials(cloud), { baseUrl: cloud.CONFLUENCE_URL, email: 'a@b.c', apiToken: 'tok-1', personalAccessToken: undefined });
  });
});
