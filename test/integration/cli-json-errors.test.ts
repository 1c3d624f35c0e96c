/** With --json, a command that cannot finish prints `{ "error": { "code", "message" } }` on stdout, redacted. */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness, type Run } from './cli-client-harness';

function errorOf(r: Run): { code: string; message: string } {
  assert.notEqual(r.out.trim(), '', `nothing on stdout; stderr: ${r.err}`);
  const parsed = JSON.parse(r.out);
  assert.deepEqual(Object.keys(parsed), ['error']);
  assert.deepEqual(Object.keys(parsed.error).sort(), ['code', 'message']);
  return parsed.error;
}

describe('CLI --json fatal errors', function () {
  this.timeout(60000);
  const h = useCliHarness();

  it('a refused token: the code and the redacted message on stdout, exit 1', async () => {
    const token = 'not-the-right-token-0123456789';
    for (const args of [['plan', '--json'], ['sync', '--json'], ['read', '1', '--json'], ['create', '--title', 'X', '--body-file', 'docs/index.md', '--json']]) {
      const r = await h.cli(args, { CONFLUENCE_API_TOKEN: token });
      assert.equal(r.code, 1, args.join(' '));
      const e = errorOf(r);
      assert.match(e.code, /^unauthorized$/i, args.join(' '));
      assert.match(e.message, /HTTP 401/);
      assert.ok(!r.out.includes(token) && !r.err.includes(token));
    }
  });

  it('usage errors, a corrupt mapping file and an unknown space keep their exit status', async () => {
    let r = await h.cli(['sync', '--json', '--orphans', 'burn']);
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).code, 'USAGE');
    assert.match(errorOf(r).message, /--orphans must be one of/);

    r = await h.cli(['plan', '--json', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(errorOf(r).message, /unknown option '--bogus'/);

    writeFileSync(join(h.root, 'docs/.confluence-mapping.json'), '{ "docs/index.md": ');
    r = await h.cli(['status', '--json']);
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).code, 'MAPPING');
    assert.match(errorOf(r).message, /not valid JSON/);

    r = await h.cli(['scan', 'nowhere', '--json']);
    assert.equal(r.code, 2);
    assert.match(errorOf(r).message, /nowhere: no such file/);
  });

  it('an unknown space on plan --json is an error object naming the space', async () => {
    const r = await h.cli(['plan', '--json', '--space', 'NOPE']);
    assert.equal(r.code, 1);
    assert.match(errorOf(r).message, /NOPE/);
  });

  it('without --json, stdout stays empty on a fatal error', async () => {
    const r = await h.cli(['plan', '--space', 'NOPE']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
  });
});
