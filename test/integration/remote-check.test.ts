/**
 * The editor's quiet check for edits made in Confluence (`checkRemoteChanges`, issue 12 in VS Code) against the
 * embedded server, Cloud and Data Center: an edit, a trashed page, our own publish (not a change), and that the
 * check writes nothing (no file, mapping or pull state) so the next `pull` still finds and merges the edit.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRemoteChanges } from '../../src/core/read/pull/check';
import { loadWorkspaceConfig } from '../../src/core/sync/config';
import { runCliCaptured, SAMPLES, type Run } from './cli-client-harness';
import { cliEnvFor, FLAVORS, useFlavorClient } from './flavor-server';

const DOC = 'docs/guides/notes.md';
const NOTES = '# Team Notes\n\nFirst paragraph about the team.\n\nSecond paragraph about the process.\n';

for (const flavor of FLAVORS) {
  describe(`checkRemoteChanges: the editor's check for edits made in Confluence (${flavor})`, function () {
    this.timeout(60000);
    const ctx = useFlavorClient(flavor);
    let root: string;
    let env: NodeJS.ProcessEnv;

    beforeEach(async () => {
      root = mkdtempSync(join(tmpdir(), 'd2c-check-'));
      cpSync(SAMPLES, join(root, 'docs'), { recursive: true });
      writeFileSync(join(root, DOC), NOTES);
      env = cliEnvFor(ctx.server, flavor, 'DOCS');
      const first = await cli(['sync']);
      assert.equal(first.code, 0, first.err + first.out);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const cli = (args: string[]): Promise<Run> => runCliCaptured(args, root, env);
    const mappingText = () => readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8');
    const pageOf = (file: string) => (JSON.parse(mappingText()) as Record<string, { page_id: string }>)[file].page_id;
    const check = () => {
      const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      return checkRemoteChanges({ root, config, api: ctx.client });
    };

    it('nothing changed: no item; an edit made in Confluence: changed-remotely with both versions', async () => {
      const n = ctx.server.requestLog.length;
      assert.deepEqual((await check()).items, []);
      const searches = ctx.server.requestLog.slice(n).filter((e) => /search/.test(e.path));
      assert.equal(searches.length, 1, 'one search');
      assert.doesNotMatch(JSON.stringify(searches[0].query), /19[67]\d/, 'before the first pull the search is the overlap window, not the whole space since 1970');
      const id = pageOf(DOC);
      const page = (await ctx.client.getPage(id, { body: true }))!;
      await ctx.client.updatePage({ id, title: page.title, body: page.body!.replace('First paragraph', 'First edited paragraph'), version: page.version + 1 });
      const { items } = await check();
      assert.deepEqual(items, [{ file: DOC, pageId: id, state: 'changed-remotely', version: page.version + 1, localVersion: page.version }]);
    });

    it('writes nothing: the mapping and the pull state stay, and pull then merges the edit', async () => {
      const id = pageOf(DOC);
      const page = (await ctx.client.getPage(id, { body: true }))!;
      await ctx.client.updatePage({ id, title: page.title, body: page.body!.replace('First paragraph', 'First edited paragraph'), version: page.version + 1 });
      const before = mappingText();
      const n = ctx.server.requestLog.length;
      await check();
      assert.equal(mappingText(), before);
      assert.equal(existsSync(join(root, '.confluence', 'pull-state.json')), false, 'the check keeps the last pull\'s search window');
      assert.deepEqual(ctx.server.requestLog.slice(n).filter((e) => e.method !== 'GET' && !/search/.test(e.path)), [], 'read-only');
      const pull = await cli(['pull']);
      assert.equal(pull.code, 0, pull.err + pull.out);
      assert.match(readFileSync(join(root, DOC), 'utf8'), /First edited paragraph/);
      assert.deepEqual((await check()).items, [], 'after the pull the page is caught up');
    });

    it('a page trashed in Confluence: deleted-remotely', async () => {
      const id = pageOf(DOC);
      await ctx.client.deletePage(id);
      const { items } = await check();
      assert.deepEqual(items.map((i) => [i.file, i.state, i.pageId]), [[DOC, 'deleted-remotely', id]]);
    });

    it('our own publish is no remote change', async () => {
      writeFileSync(join(root, DOC), NOTES.replace('Second', 'Second, locally edited,'));
      const r = await cli(['sync']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.deepEqual((await check()).items, []);
    });

    it('a version we published from the file whose mapping save was lost is no remote change (its version message)', async () => {
      const mappingFile = join(root, 'docs/.confluence-mapping.json');
      const saved = mappingText();
      writeFileSync(join(root, DOC), NOTES.replace('Second', 'Second, locally edited,'));
      const r = await cli(['sync']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.notEqual(mappingText(), saved);
      writeFileSync(mappingFile, saved); // as if the run was killed before it saved the mapping
      assert.deepEqual((await check()).items, []);
    });
  });
}
