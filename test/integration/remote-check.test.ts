/**
 * The editor's quiet check for edits made in Confluence (`checkRemoteChanges`, issue 12 in VS Code) against the
 * embedded server, Cloud and Data Center: an edit, a trashed page, our own publish (not a change), and that the
 * check writes nothing (no file, mapping or pull state) so the next `pull` still finds and merges the edit.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence, type ConfluenceClient } from '../../src/core/confluence/index';
import { checkRemoteChanges } from '../../src/core/read/pull/check';
import { loadWorkspaceConfig } from '../../src/core/sync/config';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured, SAMPLES, type Run } from './cli-client-harness';

const DOC = 'docs/guides/notes.md';
const NOTES = '# Team Notes\n\nFirst paragraph about the team.\n\nSecond paragraph about the process.\n';

for (const flavor of ['cloud', 'datacenter'] as const) {
  describe(`checkRemoteChanges: the editor's check for edits made in Confluence (${flavor})`, function () {
    this.timeout(60000);
    let server: LocalServer;
    let client: ConfluenceClient;
    let root: string;
    let env: NodeJS.ProcessEnv;

    before(async () => {
      server = await startLocalServer();
    });
    after(async () => {
      client?.close();
      await server.close();
    });
    beforeEach(async () => {
      server.reset();
      root = mkdtempSync(join(tmpdir(), 'd2c-check-'));
      cpSync(SAMPLES, join(root, 'docs'), { recursive: true });
      writeFileSync(join(root, DOC), NOTES);
      env = flavor === 'cloud'
        ? { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' }
        : { CONFLUENCE_URL: server.dataCenterBaseUrl, CONFLUENCE_PAT: 'local-dev-pat', CONFLUENCE_SPACE: 'DOCS' };
      client?.close();
      client = await connectConfluence(
        flavor === 'cloud'
          ? { baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' }
          : { baseUrl: server.dataCenterBaseUrl, personalAccessToken: 'local-dev-pat' },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      );
      const first = await cli(['sync']);
      assert.equal(first.code, 0, first.err + first.out);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const cli = (args: string[]): Promise<Run> => runCliCaptured(args, root, env);
    const mappingText = () => readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8');
    const pageOf = (file: string) => (JSON.parse(mappingText()) as Record<string, { page_id: string }>)[file].page_id;
    const check = () => {
      const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      return checkRemoteChanges({ root, config, api: client });
    };

    it('nothing changed: no item; an edit made in Confluence: changed-remotely with both versions', async () => {
      const n = server.requestLog.length;
      assert.deepEqual((await check()).items, []);
      const searches = server.requestLog.slice(n).filter((e) => /search/.test(e.path));
      assert.equal(searches.length, 1, 'one search');
      assert.doesNotMatch(JSON.stringify(searches[0].query), /19[67]\d/, 'before the first pull the search is the overlap window, not the whole space since 1970');
      const id = pageOf(DOC);
      const page = (await client.getPage(id, { body: true }))!;
      await client.updatePage({ id, title: page.title, body: page.body!.replace('First paragraph', 'First edited paragraph'), version: page.version + 1 });
      const { items } = await check();
      assert.deepEqual(items, [{ file: DOC, pageId: id, state: 'changed-remotely', version: page.version + 1, localVersion: page.version }]);
    });

    it('writes nothing: the mapping and the pull state stay, and pull then merges the edit', async () => {
      const id = pageOf(DOC);
      const page = (await client.getPage(id, { body: true }))!;
      await client.updatePage({ id, title: page.title, body: page.body!.replace('First paragraph', 'First edited paragraph'), version: page.version + 1 });
      const before = mappingText();
      const n = server.requestLog.length;
      await check();
      assert.equal(mappingText(), before);
      assert.equal(existsSync(join(root, '.confluence', 'pull-state.json')), false, 'the check keeps the last pull\'s search window');
      assert.deepEqual(server.requestLog.slice(n).filter((e) => e.method !== 'GET' && !/search/.test(e.path)), [], 'read-only');
      const pull = await cli(['pull']);
      assert.equal(pull.code, 0, pull.err + pull.out);
      assert.match(readFileSync(join(root, DOC), 'utf8'), /First edited paragraph/);
      assert.deepEqual((await check()).items, [], 'after the pull the page is caught up');
    });

    it('a page trashed in Confluence: deleted-remotely', async () => {
      const id = pageOf(DOC);
      await client.deletePage(id);
      const { items } = await check();
      assert.deepEqual(items.map((i) => [i.file, i.state, i.pageId]), [[DOC, 'deleted-remotely', id]]);
    });

    it('our own publish is no remote change', async () => {
      writeFileSync(join(root, DOC), NOTES.replace('Second', 'Second, locally edited,'));
      const r = await cli(['sync']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.deepEqual((await check()).items, []);
    });
  });
}
