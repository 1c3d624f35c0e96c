/** `confluence create` / `update`: no write without a change, --jira-ticket without --body-file, links to mapped docs. */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliHarness } from './cli-client-harness';

describe('CLI single-page commands', function () {
  this.timeout(60000);
  const h = useCliHarness();

  const createNote = async (body = '# Release notes\n\n- shipped\n\n```js\nconsole.log(1)\n```\n') => {
    writeFileSync(join(h.root, 'note.md'), body);
    const r = await h.cli(['create', '--title', 'Release 2.4', '--body-file', 'note.md', '--labels', 'release']);
    assert.equal(r.code, 0, r.err);
    return /Created page (\d+)/.exec(r.out)![1];
  };

  it('update without changes writes nothing and says unchanged', async () => {
    const id = await createNote();
    for (const args of [['update', id], ['update', id, '--body-file', 'note.md'], ['update', 'Release 2.4', '--title', 'Release 2.4', '--labels', 'release']]) {
      const mark = h.server.requestLog.length;
      const r = await h.cli(args);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`Unchanged page ${id} "Release 2.4" \\(version 1\\)`), args.join(' '));
      assert.deepEqual(h.writes(mark), [], args.join(' '));
    }
    const j = await h.cli(['update', id, '--json']);
    assert.equal(JSON.parse(j.out).action, 'unchanged');
    const dry = await h.cli(['update', id, '--dry-run']);
    assert.match(dry.out, /unchanged: nothing to update \(dry run\)/);

    const r = await h.cli(['update', id, '--title', 'Release 2.4.1']);
    assert.match(r.out, new RegExp(`Updated page ${id} "Release 2.4.1" \\(version 2\\)`));
  });

  it('update --jira-ticket without --body-file puts the issue on the current body, once', async () => {
    const id = await createNote();
    let r = await h.cli(['update', id, '--jira-ticket', 'LH-7']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /version 2/);
    r = await h.cli(['read', id, '--format', 'storage']);
    assert.match(r.out, /ac:name="jira"[\s\S]*LH-7[\s\S]*console\.log\(1\)/, 'the macro on top of the body that was there');
    const mark = h.server.requestLog.length;
    r = await h.cli(['update', id, '--jira-ticket', 'LH-7']);
    assert.match(r.out, /Unchanged/);
    assert.deepEqual(h.writes(mark), []);
    r = await h.cli(['update', id, '--jira-ticket', 'not a key']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--jira-ticket must be a Jira issue key like PROJ-123/);
  });

  it('create with a Markdown body resolves links to workspace documents as sync does', async () => {
    await createNote('# Note\n\nSee [alerting](docs/guides/alerting.md) and [the API](docs/reference/api.md#endpoints).\n');
    const r = await h.cli(['read', 'Release 2.4', '--format', 'storage']);
    assert.match(r.out, /<ri:page ri:content-title="Alerting"/);
    assert.match(r.out, /<ri:page ri:content-title="HTTP API"/);
  });
});
