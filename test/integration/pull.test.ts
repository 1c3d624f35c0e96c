/**
 * `confluence pull` through the real CLI against the embedded server, Cloud and Data Center: edits made in
 * Confluence merged into the files, deleted/moved/new pages, an interrupted pull, and an edit the search misses.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfluenceClient } from '../../src/core/confluence/index';
import { pullFromConfluence } from '../../src/core/read/pull';
import { loadWorkspaceConfig } from '../../src/core/sync/config';
import { runCli } from '../../src/cli/program';
import { runCliCaptured, SAMPLES, type Run } from './cli-client-harness';
import { cliEnvFor, FLAVORS, useFlavorClient } from './flavor-server';

const DOC = 'docs/guides/notes.md';
const NOTES = '# Team Notes\n\nFirst paragraph about the team.\n\nSecond paragraph about the process.\n\nThird paragraph about the tools.\n\nFourth paragraph about the future.\n';

for (const flavor of FLAVORS) {
  describe(`confluence pull (${flavor})`, function () {
    this.timeout(60000);
    const ctx = useFlavorClient(flavor);
    let root: string;
    let env: NodeJS.ProcessEnv;

    beforeEach(async () => {
      root = mkdtempSync(join(tmpdir(), 'd2c-pull-'));
      cpSync(SAMPLES, join(root, 'docs'), { recursive: true });
      writeFileSync(join(root, DOC), NOTES);
      env = cliEnvFor(ctx.server, flavor, 'DOCS');
      const first = await cli(['sync']);
      assert.equal(first.code, 0, first.err + first.out);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const cli = (args: string[]): Promise<Run> => runCliCaptured(args, root, env);
    const read = (file: string) => readFileSync(join(root, file), 'utf8');
    const write = (file: string, text: string) => writeFileSync(join(root, file), text);
    const mapping = () => JSON.parse(readFileSync(join(root, 'docs/.confluence-mapping.json'), 'utf8')) as Record<string, { page_id: string; version: number; parent_id?: string }>;
    const writesSince = (n: number) => ctx.server.requestLog.slice(n).filter((e) => e.method !== 'GET');
    /** Edits the page as a person in the browser would: its storage body with one text replaced (no version message). */
    async function editInConfluence(file: string, from: string, to: string): Promise<number> {
      const id = mapping()[file].page_id;
      const page = (await ctx.client.getPage(id, { body: true }))!;
      assert.ok(page.body!.includes(from), `"${from}" in ${page.body}`);
      const updated = await ctx.client.updatePage({ id, title: page.title, body: page.body!.replace(from, to), version: page.version + 1 });
      return updated.version;
    }
    /** The n-th paragraph of the test document. */
    const paragraph = (_file: string, n = 0): string => NOTES.split('\n').filter((l) => l.endsWith('.'))[n];

    it('a remote-only edit: the file gets it, the next sync writes nothing', async () => {
      const line = paragraph(DOC);
      const v = await editInConfluence(DOC, line, `${line} Edited in Confluence.`);
      const r = await cli(['pull']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, new RegExp(`Updated\\s+${DOC}.*v1 -> v${v}`));
      assert.match(r.out, /checked with 1 search \+ 1 listing pass/);
      assert.ok(read(DOC).includes(`${line} Edited in Confluence.`));
      assert.equal(mapping()[DOC].version, v);
      const n = ctx.server.requestLog.length;
      const again = await cli(['sync']);
      assert.equal(again.code, 0, again.err + again.out);
      assert.deepEqual(writesSince(n), [], 'next sync: 0 writes');
    });

    it('edits on both sides, different lines: merged into the file, then one write publishes both', async () => {
      const remoteLine = paragraph(DOC, 0);
      const localLine = paragraph(DOC, 1);
      assert.ok(localLine && localLine !== remoteLine);
      await editInConfluence(DOC, remoteLine, `${remoteLine} Remote addition.`);
      write(DOC, read(DOC).replace(localLine, `${localLine} Local addition.`));
      const r = await cli(['pull', '--json']);
      assert.equal(r.code, 0, r.err + r.out);
      const item = JSON.parse(r.out).items.find((i: { file: string }) => i.file === DOC);
      assert.equal(item.action, 'merged');
      assert.ok(read(DOC).includes(`${remoteLine} Remote addition.`) && read(DOC).includes(`${localLine} Local addition.`));
      const n = ctx.server.requestLog.length;
      const again = await cli(['sync']);
      assert.equal(again.code, 0, again.err + again.out);
      const pageWrites = writesSince(n).filter((e) => e.method === 'PUT' && /\/(pages|content)\/\d+$/.test(e.path));
      assert.equal(pageWrites.length, 1, JSON.stringify(writesSince(n)));
      const body = (await ctx.client.getPage(mapping()[DOC].page_id, { body: true }))!.body!;
      assert.ok(body.includes('Remote addition.') && body.includes('Local addition.'));
    });

    it('overlapping edits: markers in the file, exit 1, and nothing published for that file', async () => {
      const line = paragraph(DOC);
      const v = await editInConfluence(DOC, line, `${line} Remote version.`);
      write(DOC, read(DOC).replace(line, `${line} Local version.`));
      const r = await cli(['pull']);
      assert.equal(r.code, 1, r.err + r.out);
      assert.match(r.out, new RegExp(`Conflict\\s+${DOC}`));
      assert.match(r.out, /1 conflict at line \d+/);
      const text = read(DOC);
      assert.ok(text.includes(`<<<<<<< local\n${line} Local version.\n||||||| base\n${line}\n=======\n${line} Remote version.\n>>>>>>> confluence v${v}\n`), text);
      const n = ctx.server.requestLog.length;
      const s = await cli(['sync']);
      assert.equal(s.code, 1);
      assert.match(s.out, new RegExp(`Blocked\\s+${DOC}[\\s\\S]*unresolved merge conflict`));
      assert.deepEqual(writesSince(n).filter((e) => e.path.includes(`/${mapping()[DOC].page_id}`)), [], 'nothing written to its page');
      assert.ok((await ctx.client.getPage(mapping()[DOC].page_id, { body: true }))!.body!.includes('Remote version.'));
    });

    it('a page deleted in Confluence is reported; --apply-deletes removes the unchanged file', async () => {
      const file = 'docs/guides/operations.md';
      await ctx.client.deletePage(mapping()[file].page_id);
      const r = await cli(['pull']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, new RegExp(`Deleted in Confluence\\s+${file}`));
      assert.ok(existsSync(join(root, file)), 'kept by default');
      const d = await cli(['pull', '--apply-deletes']);
      assert.equal(d.code, 0, d.err + d.out);
      assert.match(d.out, new RegExp(`Removed\\s+${file}`));
      assert.ok(!existsSync(join(root, file)));
      assert.equal(mapping()[file], undefined);
    });

    it('a page moved in Confluence is reported; --apply-deletes moves the file, and sync then writes nothing', async () => {
      const file = 'docs/guides/alerting.md';
      await ctx.client.movePage(mapping()[file].page_id, mapping()['docs/reference/index.md'].page_id);
      const r = await cli(['pull']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, new RegExp(`Moved in Confluence\\s+${file}[\\s\\S]*--apply-deletes moves the file to docs/reference/alerting.md`));
      const m = await cli(['pull', '--apply-deletes']);
      assert.equal(m.code, 0, m.err + m.out);
      assert.ok(existsSync(join(root, 'docs/reference/alerting.md')) && !existsSync(join(root, file)));
      const n = ctx.server.requestLog.length;
      const s = await cli(['sync']);
      assert.equal(s.code, 0, s.err + s.out);
      assert.deepEqual(writesSince(n), []);
    });

    it('a page created in Confluence under the docs tree is reported as new; --new writes it, and sync then writes nothing', async () => {
      const space = await ctx.client.getSpace('DOCS');
      const page = await ctx.client.createPage({ spaceId: space.id, title: 'Written In Confluence', body: '<p>Hello from the <strong>wiki</strong>.</p>', parentId: mapping()['docs/guides/index.md'].page_id });
      const r = await cli(['pull', '--json']);
      assert.equal(r.code, 0, r.err + r.out);
      const items = JSON.parse(r.out).items as Array<{ state: string; pageId: string; file: string; action: string }>;
      const fresh = items.find((i) => i.state === 'new-remotely');
      assert.equal(fresh?.pageId, page.id);
      assert.equal(fresh?.action, 'reported');
      assert.equal(fresh?.file, 'docs/guides/written-in-confluence.md');
      assert.ok(!existsSync(join(root, fresh.file)), 'not written without --new');
      const imp = await cli(['pull', '--new']);
      assert.equal(imp.code, 0, imp.err + imp.out);
      assert.match(imp.out, /Imported\s+docs\/guides\/written-in-confluence\.md/);
      assert.equal(read('docs/guides/written-in-confluence.md'), '# Written In Confluence\n\nHello from the **wiki**.\n');
      assert.equal(mapping()['docs/guides/written-in-confluence.md'].page_id, page.id);
      const n = ctx.server.requestLog.length;
      const s = await cli(['sync']);
      assert.equal(s.code, 0, s.err + s.out);
      assert.deepEqual(writesSince(n), [], 'next sync: 0 writes');
    });

    it('a pull killed after writing a file but before recording it resumes: the re-run records it, nothing half-written', async () => {
      const line = paragraph(DOC);
      const v = await editInConfluence(DOC, line, `${line} Remote.`);
      const mappingBefore = read('docs/.confluence-mapping.json');
      const r = await cli(['pull']);
      assert.equal(r.code, 0, r.err + r.out);
      const pulled = read(DOC);
      // what a kill between the file's rename and the mapping's leaves: the new file, the old mapping
      write('docs/.confluence-mapping.json', mappingBefore);
      rmSync(join(root, '.confluence/base'), { recursive: true, force: true });
      const again = await cli(['pull']);
      assert.equal(again.code, 0, again.err + again.out);
      assert.equal(read(DOC), pulled, 'the re-run leaves the pulled file as it is (no markers, no duplicate)');
      assert.equal(mapping()[DOC].version, v);
      assert.deepEqual(readdirSync(join(root, 'docs/guides')).filter((f) => f.includes('.tmp')), [], 'no temp files left');
      const n = ctx.server.requestLog.length;
      assert.equal((await cli(['sync'])).code, 0);
      assert.deepEqual(writesSince(n), []);
    });

    it('an edit the search index has not seen yet is still pulled (the version listing is the truth)', async () => {
      assert.equal((await cli(['pull'])).code, 0); // records the last check time
      const line = paragraph(DOC);
      await editInConfluence(DOC, line, `${line} Lagging.`);
      const lagging = Object.create(ctx.client, {
        findChangedSince: { value: async () => [] }, // the index has not caught up with the edit
      }) as ConfluenceClient;
      const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
      const report = await pullFromConfluence({ root, config, api: lagging, scanSecrets: async () => [] });
      assert.equal(report.items.find((i) => i.file === DOC)?.action, 'updated');
      assert.ok(read(DOC).includes(`${line} Lagging.`));
    });

    it('sync --pull: pulls first, then publishes the merged file in the same run', async () => {
      const remoteLine = paragraph(DOC, 0);
      const localLine = paragraph(DOC, 1);
      await editInConfluence(DOC, remoteLine, `${remoteLine} From Confluence.`);
      write(DOC, read(DOC).replace(localLine, `${localLine} From git.`));
      const plain = await cli(['sync']);
      assert.equal(plain.code, 1, 'without --pull: a conflict');
      const r = await cli(['sync', '--pull']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, new RegExp(`Merged\\s+${DOC}`));
      const body = (await ctx.client.getPage(mapping()[DOC].page_id, { body: true }))!.body!;
      assert.ok(body.includes('From Confluence.') && body.includes('From git.'));
    });

    it('the conflict prompt: Merge pulls the page and publishes the clean merge; a not-clean merge is not published', async () => {
      const ask = (answers: string[]) => {
        const questions: string[] = [];
        let out = '';
        let err = '';
        const io = { cwd: root, env, stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), isTTY: false, ask: async (q: string) => (questions.push(q), answers.shift() ?? '') };
        return { io, questions, get out() { return out; }, get err() { return err; } };
      };
      const remoteLine = paragraph(DOC, 0);
      const localLine = paragraph(DOC, 2);
      await editInConfluence(DOC, remoteLine, `${remoteLine} Remote.`);
      write(DOC, read(DOC).replace(localLine, `${localLine} Local.`));
      const merge = ask(['m']);
      assert.equal(await runCli(['sync'], merge.io), 0, merge.err + merge.out);
      assert.equal(merge.questions.length, 1);
      assert.match(merge.err, /merged: docs\/guides\/notes\.md now holds both edits; publishing it/);
      const body = (await ctx.client.getPage(mapping()[DOC].page_id, { body: true }))!.body!;
      assert.ok(body.includes('Remote.') && body.includes('Local.'), body);

      const line = paragraph(DOC, 3);
      await editInConfluence(DOC, line, `${line} Remote again.`);
      write(DOC, read(DOC).replace(line, `${line} Local again.`));
      const overlap = ask(['merge']);
      assert.equal(await runCli(['sync'], overlap.io), 1, overlap.err + overlap.out);
      assert.match(overlap.err, /not clean: 1 conflict at line \d+ of docs\/guides\/notes\.md/);
      assert.match(read(DOC), /<<<<<<< local/);
      assert.ok(!(await ctx.client.getPage(mapping()[DOC].page_id, { body: true }))!.body!.includes('Local again.'), 'nothing published for it');
    });
  });
}
