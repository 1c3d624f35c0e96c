/**
 * Title precedence: front matter title > first H1 > file name; the mapping's `title` records what was published.
 * A hand-written (seed) mapping entry whose title differs is not replaced silently: the plan warns and says how to
 * keep it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

describe('CLI: a title set in the mapping file', function () {
  this.timeout(60000);
  const h = useCliHarness();
  const mappingPath = () => join(h.root, 'docs/.confluence-mapping.json');
  const editEntry = (key: string, edit: (e: Record<string, unknown>) => void) => {
    const m = JSON.parse(readFileSync(mappingPath(), 'utf8'));
    edit(m[key]);
    writeFileSync(mappingPath(), JSON.stringify(m, null, 2));
  };

  it('a seed entry with its own title: the plan warns that the H1 wins and how to keep the mapping title', async () => {
    assert.equal((await h.cli(['sync'])).code, 0);
    editEntry('docs/guides/alerting.md', (e) => {
      delete e.hash;
      delete e.version;
      e.title = 'Alerting guide';
    });
    const r = await h.cli(['plan']);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /warning: docs\/guides\/alerting\.md:1: docs\/\.confluence-mapping\.json gives this page the title "Alerting guide", but the document's title is "Alerting" .*renamed; to keep "Alerting guide", add `title: Alerting guide` to the front matter \[mapping-title-differs\]/,
    );

    // Following the advice keeps the mapping's title, with no warning.
    const file = join(h.root, 'docs/guides/alerting.md');
    writeFileSync(file, `---\ntitle: Alerting guide\n---\n${readFileSync(file, 'utf8')}`);
    const again = await h.cli(['plan', '--json']);
    assert.doesNotMatch(again.err, /mapping-title-differs/);
    const row = JSON.parse(again.out).results.find((x: { file: string }) => x.file === 'docs/guides/alerting.md');
    assert.equal(row.title, 'Alerting guide');
  });

  it('a title recorded by our own publish is just the last published title: an H1 rename gives no warning', async () => {
    assert.equal((await h.cli(['sync'])).code, 0);
    writeFileSync(join(h.root, 'docs/guides/alerting.md'), '# Alerts\n\nRenamed.\n');
    const r = await h.cli(['plan']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /mapping-title-differs/);
    assert.match(r.out, /Update\s+docs\/guides\/alerting\.md\s+"Alerts"/);
  });
});
