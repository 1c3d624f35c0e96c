/**
 * The `--orphans delete|archive` question lists exactly the pages apply will remove: an orphan entry pointing at a
 * page published from another file is listed as left alone (plan code `orphan-kept`), never as "Delete".
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { useCliHarness } from './cli-client-harness';

describe('CLI orphan confirmation lists what will really be removed', function () {
  this.timeout(60000);
  const h = useCliHarness();
  let api: ConfluenceClient;
  let other: { id: string };
  let gone: string;

  beforeEach(async () => {
    api = await connectConfluence({ baseUrl: h.server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
    assert.equal((await h.cli(['sync'])).code, 0);
    const space = await api.getSpace('DOCS');
    // A page published from another file (another branch of the docs) that a stale mapping entry points at.
    other = await api.createPage({ spaceId: space.id, title: 'Published elsewhere', body: '<p>live</p>' });
    await api.setProperty(other.id, 'docs-to-confluence', { source: 'docs/other-branch.md', hash: 'x', tool: 'docs-to-confluence' });
    // And a real orphan: a file we published and then removed.
    gone = h.mapping()['docs/reference/api.md'].page_id;
    rmSync(join(h.root, 'docs/reference/api.md'));
    const file = join(h.root, 'docs/.confluence-mapping.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m['docs/gone.md'] = { space: 'DOCS', title: 'Published elsewhere', page_id: other.id, version: 1 };
    writeFileSync(file, JSON.stringify(m, null, 2));
  });
  afterEach(() => api.close?.());

  for (const policy of ['delete', 'archive']) {
    it(`--orphans ${policy} asks about the real orphan only and names the page it leaves alone`, async () => {
      const r = await h.cli(['sync', '--orphans', policy]);
      assert.equal(r.code, 2, r.err);
      const [question] = r.err.split('Left alone');
      assert.match(question, /docs\/reference\/api\.md\s+"HTTP API" \(page \d+\)/);
      assert.doesNotMatch(question, /docs\/gone\.md|Published elsewhere/, 'the page that will not be removed is not in the list');
      assert.match(r.err, /needs a yes/);
      assert.match(r.err, /Left alone \(1\):\n\s+docs\/gone\.md\s+\(page \d+\): left alone: page \d+ was published from docs\/other-branch\.md, not from docs\/gone\.md/);
      assert.equal((await api.getPage(other.id))?.status, 'current');
      assert.equal((await api.getPage(gone))?.status, 'current', 'nothing removed without a yes');
    });
  }

  it('the plan marks the kept orphan orphan-kept; apply then does exactly what was listed', async () => {
    let r = await h.cli(['plan', '--json']);
    const items = JSON.parse(r.out).results as Array<{ file: string; action: string; code?: string; message?: string }>;
    const kept = items.find((i) => i.file === 'docs/gone.md')!;
    assert.equal(kept.action, 'orphan');
    assert.equal(kept.code, 'orphan-kept');
    assert.match(kept.message!, /left alone: page \d+ was published from docs\/other-branch\.md/);
    assert.equal(items.find((i) => i.file === 'docs/reference/api.md')!.code, undefined);

    r = await h.cli(['sync', '--orphans', 'delete', '--yes', '--json']);
    assert.equal(r.code, 0, r.err);
    const results = JSON.parse(r.out).results as Array<{ file: string; action: string }>;
    assert.equal(results.find((x) => x.file === 'docs/gone.md')!.action, 'orphan');
    assert.equal(results.find((x) => x.file === 'docs/reference/api.md')!.action, 'deleted');
    assert.equal((await api.getPage(other.id))?.status, 'current', 'the other page is untouched');
    assert.equal(await api.getPage(gone), undefined);
  });
});
