import { strict as assert } from 'node:assert';
import { cliCredentials, parseDotEnv } from '../../../src/cli/credentials';
import { CliExit } from '../../../src/cli/context';

describe('CLI credentials (env and .env)', () => {
  it('parses .env lines: export, quotes, comments, blanks', () => {
    assert.deepEqual(parseDotEnv('# c\n\nexport A=1\nB="two words" \nC=\'x#y\'\nD=plain # trailing\nnot a line\n'), { A: '1', B: 'two words', C: 'x#y', D: 'plain' });
  });

  it('parses .env as Node does (util.parseEnv, `node --env-file`): multi-line and backtick values, CRLF, # after a bare value', () => {
    assert.deepEqual(parseDotEnv('A="line 1\nline 2"\r\nB=`it\'s "x"`\r\nC="a\\nb"\nD=p#q\nE=\'p#q\'\n  F = spaced  \n'), {
      A: 'line 1\nline 2',
      B: 'it\'s "x"',
      C: 'a\nb',
      D: 'p', // a bare value ends at "#" (as in dotenv): quote a secret that contains "#"
      E: 'p#q',
      F: 'spaced',
    });
  });

  it('Cloud (e-mail + token) and Data Center (PAT) credentials; config baseUrl as fallback', () => {
    assert.deepEqual(cliCredentials({ CONFLUENCE_URL: 'https://acme.atlassian.net', CONFLUENCE_EMAIL: 'a@b.c', CONFLUENCE_API_TOKEN: 't' }), {
      baseUrl: 'https://acme.atlassian.net',
      email: 'a@b.c',
      apiToken: 't',
      personalAccessToken: undefined,
    });
    assert.deepEqual(cliCredentials({ CONFLUENCE_PAT: 'p' }, 'https://wiki.acme.com/confluence'), { baseUrl: 'https://wiki.acme.com/confluence', personalAccessToken: 'p' });
  });

  it('missing or unsafe settings exit 2 naming what to set', () => {
    const fails = (env: Record<string, string>, re: RegExp) =>
      assert.throws(() => cliCredentials(env), (e: unknown) => e instanceof CliExit && e.exitCode === 2 && re.test(e.message));
    fails({}, /set CONFLUENCE_URL/);
    fails({ CONFLUENCE_URL: 'https://x.atlassian.net', CONFLUENCE_EMAIL: 'a@b.c' }, /set CONFLUENCE_API_TOKEN/);
    fails({ CONFLUENCE_URL: 'https://x.atlassian.net' }, /CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN \(Cloud\), or CONFLUENCE_PAT/);
    fails({ CONFLUENCE_URL: 'http://wiki.example.com', CONFLUENCE_PAT: 'p' }, /https:\/\//);
    fails({ CONFLUENCE_URL: 'https://u:p@wiki.example.com', CONFLUENCE_PAT: 'p' }, /must not contain a user name or password/);
    fails({ CONFLUENCE_URL: 'not a url', CONFLUENCE_PAT: 'p' }, /is not a URL/);
    assert.equal(cliCredentials({ CONFLUENCE_URL: 'http://127.0.0.1:8090/wiki', CONFLUENCE_PAT: 'p' }).baseUrl, 'http://127.0.0.1:8090/wiki');
    assert.equal(cliCredentials({ CONFLUENCE_URL: 'http://localhost:8090', CONFLUENCE_PAT: 'p' }).baseUrl, 'http://localhost:8090');
  });
});
