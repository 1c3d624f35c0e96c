/** plan/sync/status without --space take the space the mapping file records, when it records exactly one. */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

describe('CLI space from the mapping file', function () {
  this.timeout(60000);
  const h = useCliHarness();
  const noSpace = { CONFLUENCE_SPACE: '' };

  it('one space in the mapping: plan, sync and status use it and say so', async () => {
    assert.equal((await h.cli(['sync'])).code, 0);
    let r = await h.cli(['plan'], noSpace);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /no space given .*using DOCS, the space docs\/\.confluence-mapping\.json records/);
    assert.match(r.out, /Plan for space DOCS: 13 unchanged/);

    writeFileSync(join(h.root, 'docs/guides/alerting.md'), '# Alerting\n\nchanged\n');
    r = await h.cli(['sync', '--json'], noSpace);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).summary, { skipped: 12, updated: 1 });

    r = await h.cli(['status'], noSpace);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /13 in sync/);
  });

  it('several spaces in the mapping: a clear error asking for --space, exit 2', async () => {
    assert.equal((await h.cli(['sync'])).code, 0);
    const file = join(h.root, 'docs/.confluence-mapping.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m['docs/guides/alerting.md'].space = 'OPS';
    writeFileSync(file, JSON.stringify(m, null, 2));
    const r = await h.cli(['plan'], noSpace);
    assert.equal(r.code, 2);
    assert.match(r.err, /no Confluence space given, and docs\/\.confluence-mapping\.json records several \(DOCS, OPS\): pass --space KEY/);
  });

  it('no mapping and no space: the error names every way to set it', async () => {
    const r = await h.cli(['plan'], noSpace);
    assert.equal(r.code, 2);
    assert.match(r.err, /pass --space KEY, set CONFLUENCE_SPACE, or add `space: KEY` to \.confluence\.yml/);
  });
});
