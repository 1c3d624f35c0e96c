import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');

describe('scripts/test.sh runs the steps of npm test', () => {
  it('every `npm run X` of the test script appears in test.sh, in the same order', () => {
    const testScript: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.test;
    const wanted = [...testScript.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    const sh = readFileSync(join(REPO, 'scripts/test.sh'), 'utf8');
    const got = [...sh.matchAll(/npm run --silent ([\w:-]+)/g)].map((m) => m[1]);
    assert.deepEqual(got, wanted);
  });
});
