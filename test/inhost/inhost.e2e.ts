// Runs the in-host mocha suite (test/inhost/suite) inside code-server's extension host through the test-only runner
// extension, and fails on any failed in-host test. The same suite runs under @vscode/test-cli on a laptop.
import { strict as assert } from 'node:assert';
import { launchVSCode, type InHostResults, type VSCodeSession } from '../e2e/harness';

describe('in-host suite (inside code-server)', function () {
  this.timeout(240_000);
  let vs: VSCodeSession | undefined;
  let results: InHostResults;

  before(async () => {
    vs = await launchVSCode({ name: 'inhost', inhost: true });
    results = await vs.inhostResults();
  });
  after(async () => {
    await vs?.close();
  });

  it('ran every in-host test file and no test failed', async () => {
    assert.ok(!results.error, `the in-host runner failed: ${results.error}`);
    for (const t of results.tests) {
      const mark = t.state === 'passed' ? '✓' : t.state === 'pending' ? '-' : '✗';
      console.log(`      ${mark} [in-host] ${t.fullTitle}${t.state === 'pending' ? ' (pending)' : ''}`);
    }
    const failed = results.tests.filter((t) => t.state === 'failed');
    const passed = results.tests.filter((t) => t.state === 'passed');
    const pending = results.tests.filter((t) => t.state === 'pending');
    console.log(`      in-host: ${passed.length} passed, ${failed.length} failed, ${pending.length} pending (${results.durationMs} ms)`);
    assert.ok((results.files ?? []).length >= 4, `expected the 4 suite files, ran ${JSON.stringify(results.files)}`);
    assert.ok(passed.length >= 10, `only ${passed.length} in-host tests passed`);
    assert.deepEqual(
      failed.map((t) => `${t.fullTitle}\n${t.error}`),
      [],
      'in-host tests failed',
    );
  });
});
