/**
 * Inline comments survive a re-publish (issue 14): reviewers comment on the published page (Cloud: v2
 * `POST /inline-comments`; Data Center, which has no v2 here: the server's admin helper, markers in the body all the
 * same); the document is edited near two commented texts and one commented sentence is deleted; the publish keeps
 * two markers (same ac:ref, same text) and reports the third. A page that only gained comments is no conflict.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { loadWorkspaceConfig, SyncEngine, type WorkspaceConfig } from '../../src/core/sync/index';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

const DOC = 'docs/release.md';
const BEFORE = `# Release

## Schedule

We ship on Fridays after the freeze. Ask the release manager before you merge.

The rollback takes ten minutes.

## Notes

This sentence will be deleted soon. Everything else stays.
`;
const AFTER = `# Release

## Schedule

Since March we ship on Fridays after the freeze, and on Mondays for hot fixes. Ask the release manager before you merge.

Measured last quarter: the rollback takes ten minutes, at most fifteen.

## Notes

Everything else stays.
`;
const SELECTIONS = ['ship on Fridays', 'rollback takes ten minutes', 'This sentence will be deleted soon.'];

function markers(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<ac:inline-comment-marker ac:ref="([^"]+)">(.*?)<\/ac:inline-comment-marker>/g)) out[m[1]] = m[2];
  return out;
}

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`inline comments survive a re-publish (${flavor})`, function () {
    this.timeout(60000);
    let server: LocalServer;
    let api: ConfluenceClient;
    let root: string;
    let config: WorkspaceConfig;
    const engine = () => new SyncEngine({ root, config, api });
    const publish = async () => {
      const e = engine();
      const plan = await e.plan();
      return { plan, report: await e.apply(plan) };
    };

    /** A reviewer comments on `text` in the page: v2 on Cloud, the admin helper on Data Center. */
    const comment = async (pageId: string, text: string): Promise<string> => {
      if (flavor === 'cloud') {
        const res = await fetch(`${server.cloudBaseUrl}/api/v2/inline-comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('demo@example.com:local-dev-token').toString('base64')}` },
          body: JSON.stringify({
            pageId, body: { representation: 'storage', value: '<p>Why?</p>' },
            inlineCommentProperties: { textSelection: text, textSelectionMatchCount: 1, textSelectionMatchIndex: 0 },
          }),
        });
        assert.equal(res.status, 201, await res.clone().text());
        return ((await res.json()) as { properties: { inlineMarkerRef: string } }).properties.inlineMarkerRef;
      }
      const res = await fetch(`${server.url}/__admin/inline-comments`, { method: 'POST', body: JSON.stringify({ pageId, text }) });
      assert.equal(res.status, 200, await res.clone().text());
      return ((await res.json()) as { ref: string }).ref;
    };

    before(async () => {
      server = await startLocalServer();
    });
    after(async () => {
      api?.close?.();
      await server.close();
    });
    beforeEach(async () => {
      server.reset();
      root = mkdtempSync(join(tmpdir(), 'd2c-comments-'));
      mkdirSync(join(root, 'docs'));
      writeFileSync(join(root, DOC), BEFORE);
      config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      api = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      );
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('keeps two markers around the same text after an edit near them, and reports the deleted one', async () => {
      const first = await publish();
      const pageId = first.report.results.find((r) => r.file === DOC)!.pageId!;
      const refs = [];
      for (const text of SELECTIONS) refs.push(await comment(pageId, text));
      const commented = (await api.getPage(pageId, { body: true }))!;
      assert.equal(commented.version, first.report.results.find((r) => r.file === DOC)!.version, 'adding comments makes no new version');
      assert.deepEqual(Object.values(markers(commented.body!)).sort(), [...SELECTIONS].sort());

      // Only comments were added: nothing to publish, no conflict.
      const quiet = await engine().plan();
      assert.equal(quiet.items.find((i) => i.file === DOC)!.action, 'unchanged');

      writeFileSync(join(root, DOC), AFTER);
      const { plan, report } = await publish();
      const item = plan.items.find((i) => i.file === DOC)!;
      assert.equal(item.action, 'update');
      assert.deepEqual(item.inlineComments, {
        kept: 2, approximate: 0, notAnchored: ['This sentence will be deleted soon.'],
        message: "2 inline comments kept, 1 could not be re-anchored: 'This sentence will be deleted soon.'",
      });
      const result = report.results.find((r) => r.file === DOC)!;
      assert.equal(result.action, 'updated');
      assert.match(result.message ?? '', /2 inline comments kept, 1 could not be re-anchored: 'This sentence will be deleted soon\.'/);
      assert.equal(result.inlineComments?.kept, 2);

      const body = (await api.getPage(pageId, { body: true }))!.body!;
      assert.deepEqual(markers(body), { [refs[0]]: 'ship on Fridays', [refs[1]]: 'rollback takes ten minutes' });
      assert.match(body, /Since March we <ac:inline-comment-marker ac:ref="[^"]+">ship on Fridays<\/ac:inline-comment-marker> after the freeze, and on Mondays/);

      // The server's view: the third comment lost its anchor (dangling), the other two are open.
      const list = (await (await fetch(`${server.url}/__admin/inline-comments?pageId=${pageId}`)).json()) as Array<{ ref: string; resolutionStatus: string }>;
      assert.deepEqual(list.map((c) => c.resolutionStatus), ['open', 'open', 'dangling']);

      // And a re-run with nothing changed writes nothing: the markers are not an edit.
      const again = await engine().plan();
      assert.equal(again.items.find((i) => i.file === DOC)!.action, 'unchanged');
    });

    it('a new version that only carries comment markers is not a conflict; --comments drop publishes without them', async () => {
      const first = await publish();
      const pageId = first.report.results.find((r) => r.file === DOC)!.pageId!;
      await comment(pageId, 'ship on Fridays');
      // A site that versions comment changes (or an editor that re-saves the page with its markers): version + 1.
      const page = (await api.getPage(pageId, { body: true }))!;
      await api.updatePage({ id: pageId, title: page.title, body: page.body!, version: page.version + 1 });
      writeFileSync(join(root, DOC), AFTER);
      const plan = await engine().plan();
      const item = plan.items.find((i) => i.file === DOC)!;
      assert.equal(item.action, 'update', item.reason);
      assert.match(item.reason ?? '', /only inline comments changed in Confluence/);
      // A real edit is still a conflict.
      await api.updatePage({ id: pageId, title: page.title, body: `${page.body!}<p>edited by hand</p>`, version: page.version + 2 });
      const conflict = await engine().plan();
      assert.equal(conflict.items.find((i) => i.file === DOC)!.action, 'conflict');

      config = { ...config, comments: 'drop' };
      const e = engine();
      const dropped = await e.plan();
      assert.equal(dropped.items.find((i) => i.file === DOC)!.inlineComments?.dropped, true);
      const report = await e.apply(dropped, { force: true });
      assert.match(report.results.find((r) => r.file === DOC)!.message ?? '', /1 inline comment dropped/);
      assert.deepEqual(markers((await api.getPage(pageId, { body: true }))!.body!), {});
    });
  });
}

describe('inline comments in the CLI report', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;
  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('the plan, the report and --json show the per-page line; --comments must be keep or drop', async () => {
    root = mkdtempSync(join(tmpdir(), 'd2c-comments-cli-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, DOC), BEFORE);
    const env = { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' };
    const first = await runCliCaptured(['sync', '--json'], root, env);
    assert.equal(first.code, 0, first.err);
    const pageId = (JSON.parse(first.out) as { results: Array<{ file: string; pageId: string }> }).results.find((r) => r.file === DOC)!.pageId;
    for (const text of SELECTIONS) {
      const res = await fetch(`${server.url}/__admin/inline-comments`, { method: 'POST', body: JSON.stringify({ pageId, text }) });
      assert.equal(res.status, 200);
    }
    writeFileSync(join(root, DOC), AFTER);
    const line = "2 inline comments kept, 1 could not be re-anchored: 'This sentence will be deleted soon.'";
    const dry = await runCliCaptured(['sync', '--dry-run'], root, env);
    assert.ok(dry.out.includes(line), dry.out);
    const dryJson = JSON.parse((await runCliCaptured(['sync', '--dry-run', '--json'], root, env)).out) as { results: Array<{ file: string; inlineComments?: { kept: number } }> };
    assert.equal(dryJson.results.find((r) => r.file === DOC)!.inlineComments?.kept, 2);
    const bad = await runCliCaptured(['sync', '--comments', 'maybe'], root, env);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--comments must be keep or drop/);
    const run = await runCliCaptured(['sync'], root, env);
    assert.equal(run.code, 0, run.err);
    assert.ok(run.out.includes(line), run.out);
  });
});
