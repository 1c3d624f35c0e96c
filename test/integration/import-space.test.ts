/**
 * `confluence import` (the real CLI in-process) against the local server, Cloud and Data Center: a space written by
 * hand in storage format becomes files, links, attachments and a report; then `confluence sync` writes nothing.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertStorage } from '../../src/core/read/storageConverter';
import { nodeFileSystem } from '../../src/core/files/nodeFileSystem';
import { ImportError, runImport } from '../../src/core/read/import';
import { loadWorkspaceConfig } from '../../src/core/sync/config';
import { runCliCaptured } from './cli-client-harness';
import { cliEnvFor, FLAVORS, useFlavorClient } from './flavor-server';
import { LOGO, PDF, PNG, SECRET, seedHandWrittenSpace, type SeededSpace } from './import-space-fixture';

/** Whether the storage converter reports what it cannot express (the unconverted-element report). */
function converterReports(): boolean {
  let called = false;
  convertStorage('<ac:structured-macro ac:name="no-such-macro-x"><ac:parameter ac:name="a">1</ac:parameter></ac:structured-macro>', {
    pageHref: () => undefined,
    attachmentHref: () => undefined,
    onUnconverted: () => (called = true),
  });
  return called;
}

for (const flavor of FLAVORS) {
  describe(`confluence import (${flavor})`, function () {
    this.timeout(120000);
    const ctx = useFlavorClient(flavor, { connect: {} });
    let root: string;
    let env: NodeJS.ProcessEnv;
    let seeded: SeededSpace;
    const cli = (args: string[]) => runCliCaptured(args, root, env);
    const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
    const writesSince = (n: number) => ctx.server.requestLog.slice(n).filter((e) => e.method !== 'GET');

    beforeEach(async () => {
      seeded = await seedHandWrittenSpace(ctx.client, flavor);
      root = mkdtempSync(join(tmpdir(), 'd2c-import-'));
      env = cliEnvFor(ctx.server, flavor);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('imports a hand-written space into files, links and attachments; then sync writes nothing', async () => {
      const r = await cli(['import', '--space', 'DOCS', '--root', 'Team Handbook', '--json']);
      assert.equal(r.code, 0, r.err + r.out);
      const report = JSON.parse(r.out);
      assert.equal(report.pages.length, 43);
      assert.deepEqual(report.mappingProblems, []);
      assert.equal(report.root.title, 'Team Handbook');

      // folders mirror the tree; a page with children is a folder with index.md
      for (const f of [
        'docs/index.md', 'docs/engineering/index.md', 'docs/engineering/onboarding/index.md', 'docs/engineering/onboarding/laptop-setup.md',
        'docs/engineering/onboarding/accounts.md', 'docs/engineering/services/index.md', 'docs/engineering/services/service-01.md',
        'docs/engineering/services/service-20.md', 'docs/operations/runbooks/runbook-12.md', 'docs/operations/deploy.md', 'docs/FAQ.md', 'docs/operations/credentials.md',
      ]) assert.ok(existsSync(join(root, f)), f);
      assert.ok(!existsSync(join(root, 'docs/outside-page.md')), 'pages outside the root are not imported');
      assert.equal(readdirSync(join(root, 'docs/engineering/services')).filter((n) => n.endsWith('.md')).length, 21);
      assert.match(read('.confluence.yml'), /^space: DOCS$/m);
      assert.match(read('.confluence.yml'), /^rootPageTitle: "Team Handbook"$/m);

      // title H1, labels in front matter, body
      const laptop = read('docs/engineering/onboarding/laptop-setup.md');
      assert.match(laptop, /^---\nlabels: \["onboarding","setup"\]\n---\n\n# Laptop Setup\n/);
      assert.match(laptop, /```bash\nbrew install node\nnpm ci\n```/);
      assert.match(laptop, /- \[x\] Get a laptop\n- \[ \] Install tools/);
      assert.match(read('docs/index.md'), /^---\nlabels: \["handbook"\]\n---\n\n# Team Handbook\n/);
      assert.match(read('docs/operations/runbooks/runbook-01.md'), /\| Step \| Action \|/);
      assert.match(read('docs/operations/runbooks/runbook-01.md'), /\[!WARNING\]/);

      // links between pages: relative .md with the heading slug; outside the import: a Confluence URL
      assert.match(read('docs/index.md'), /\[your laptop\]\(engineering\/onboarding\/laptop-setup\.md\)/);
      assert.match(read('docs/index.md'), /\[rollback steps\]\(operations\/deploy\.md#rollback-steps\)/);
      assert.match(read('docs/engineering/onboarding/accounts.md'), /\[install the tools\]\(laptop-setup\.md#install-tools\)/);
      assert.match(read('docs/operations/runbooks/runbook-03.md'), /\[deploying\]\(\.\.\/deploy\.md#rollback-steps\)/);
      const base = flavor === 'cloud' ? ctx.server.cloudBaseUrl : ctx.server.dataCenterBaseUrl;
      assert.ok(read('docs/FAQ.md').includes(`[the old wiki](${base}/display/DOCS/Outside+Page)`), read('docs/FAQ.md'));

      // attachments next to their page, the same bytes shared, the PDF linked
      assert.deepEqual([...readFileSync(join(root, 'docs/engineering/onboarding/laptop-setup.assets/laptop.png'))], [...PNG]);
      assert.match(laptop, /!\[\]\(laptop-setup\.assets\/laptop\.png\)\{width=300\}/);
      assert.deepEqual([...readFileSync(join(root, 'docs/operations/deploy.assets/guide.pdf'))], [...PDF]);
      assert.match(read('docs/operations/deploy.md'), /\[rollback guide\]\(deploy\.assets\/guide\.pdf\)/);
      assert.deepEqual([...readFileSync(join(root, 'docs/engineering/services/service-01.assets/logo.png'))], [...LOGO]);
      assert.ok(!existsSync(join(root, 'docs/engineering/services/service-02.assets')), 'identical bytes are written once');
      assert.match(read('docs/engineering/services/service-02.md'), /!\[\]\(service-01\.assets\/logo\.png\)/);
      assert.equal(report.attachments.filter((a: { shared?: boolean }) => a.shared).length, 19);

      // Jira, status, mentions, the unknown macro; the secret replaced and reported
      assert.match(read('docs/engineering/services/service-05.md'), /SVC-5/);
      assert.match(read('docs/operations/index.md'), /Status: .*LIVE/);
      const creds = read('docs/operations/credentials.md');
      assert.ok(!creds.includes(SECRET), 'the secret does not reach the file');
      assert.match(creds, /export GITHUB_TOKEN=\$\{REDACTED_SECRET\}/);
      assert.deepEqual(report.secrets.map((s: { file: string; replaced: boolean }) => [s.file, s.replaced]), [['docs/operations/credentials.md', true]]);
      if (converterReports()) {
        assert.ok(report.unconverted.some((u: { file: string; element: string }) => u.file === 'docs/operations/runbooks/runbook-01.md' && /roadmap-planner/.test(u.element)), JSON.stringify(report.unconverted));
      }

      // the round trip: sync (the real CLI, same server) writes nothing
      const before = ctx.server.requestLog.length;
      const s = await cli(['sync', '--json']);
      assert.equal(s.code, 0, s.err + s.out);
      const sync = JSON.parse(s.out);
      assert.deepEqual(writesSince(before), []);
      assert.equal(sync.results.length, 43);
      assert.ok(sync.results.every((x: { action: string }) => x.action === 'skipped'), JSON.stringify(sync.results.filter((x: { action: string }) => x.action !== 'skipped')));
    });

    it('the default root is the space homepage; sync then writes nothing either', async () => {
      const r = await cli(['import', '--space', 'DOCS', '--json']);
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out);
      assert.equal(report.pages.length, 45, 'homepage + Outside Page + the handbook');
      assert.ok(existsSync(join(root, 'docs/team-handbook/engineering/onboarding/laptop-setup.md')));
      const before = ctx.server.requestLog.length;
      const s = await cli(['sync']);
      assert.equal(s.code, 0, s.err);
      assert.deepEqual(writesSince(before), []);
    });

    it('refuses to overwrite existing files without --force, naming them; --force overwrites', async () => {
      writeFileSync(join(root, 'keep.txt'), 'x');
      rmSync(join(root, 'docs'), { recursive: true, force: true });
      await cli(['import', '--space', 'DOCS', '--root', 'Operations', '--out', 'ops']);
      writeFileSync(join(root, 'ops/deploy.md'), '# My own deploy notes\n');
      rmSync(join(root, 'ops/.confluence-mapping.json'));
      const r = await cli(['import', '--space', 'DOCS', '--root', 'Operations', '--out', 'ops']);
      assert.equal(r.code, 2);
      assert.match(r.err, /1 file\(s\) the import would write already exist: ops\/deploy\.md\. Nothing was written\. Run with --force/);
      assert.equal(read('ops/deploy.md'), '# My own deploy notes\n');
      assert.ok(!existsSync(join(root, 'ops/.confluence-mapping.json')));
      const f = await cli(['import', '--space', 'DOCS', '--root', 'Operations', '--out', 'ops', '--force']);
      assert.equal(f.code, 0, f.err);
      assert.match(read('ops/deploy.md'), /^---\nlabels: \["ops"\]\n---\n\n# Deploy\n/);
      assert.match(read('.confluence.yml'), /^docsRoot: "ops"$/m);
      const before = ctx.server.requestLog.length;
      assert.equal((await cli(['sync'])).code, 0);
      assert.deepEqual(writesSince(before), []);
    });

    it('--help shows the flags and an example; a bad --out and an unknown root are clear errors', async () => {
      const h = await cli(['import', '--help']);
      assert.equal(h.code, 0);
      for (const flag of ['--space', '--root', '--out', '--dry-run', '--json', '--concurrency', '--force', '--keep-secrets']) assert.ok(h.out.includes(flag), flag);
      assert.match(h.out, /confluence import --space DOCS --root "Team Handbook" --out handbook/);
      const bad = await cli(['import', '--space', 'DOCS', '--out', '../elsewhere']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--out \.\.\/elsewhere: give a folder inside the current folder/);
      const none = await cli(['import', '--space', 'DOCS', '--root', 'No Such Page']);
      assert.equal(none.code, 1);
      assert.match(none.err, /--root No Such Page: no such page in space DOCS/);
      assert.deepEqual(readdirSync(root), []);
    });

    it('an existing .confluence.yml must describe the import: else an error lists the lines to change, nothing written', async () => {
      writeFileSync(join(root, '.confluence.yml'), 'space: DOCS\nrootPageTitle: Something Else\n');
      const r = await cli(['import', '--root', 'Operations']);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /\.confluence\.yml does not describe this import/);
      assert.match(r.err, /rootPageTitle: "Operations" {3}\(it says "Something Else"\)/);
      assert.match(r.err, /rootParent: "\d+"/, 'Operations is not under the homepage');
      assert.deepEqual(readdirSync(root), ['.confluence.yml']);
      writeFileSync(join(root, '.confluence.yml'), `space: DOCS\nrootPageTitle: Operations\nrootParent: "${seeded.root.id}"\n`);
      const ok = await cli(['import']);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /Imported "Operations" from space DOCS: 16 page\(s\)/);
      const before = ctx.server.requestLog.length;
      assert.equal((await cli(['sync'])).code, 0);
      assert.deepEqual(writesSince(before), []);
    });

    it('--dry-run reads but writes nothing, and prints the plan', async () => {
      const before = ctx.server.requestLog.length;
      const r = await cli(['import', '--space', 'DOCS', '--root', 'Engineering', '--dry-run']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^Would write {2}docs\/index\.md {2}"Engineering"/m);
      assert.match(r.out, /^Would write {2}docs\/onboarding\/laptop-setup\.assets\/laptop\.png/m);
      assert.match(r.out, /dry run: nothing was written/);
      assert.deepEqual(readdirSync(root), []);
      assert.deepEqual(writesSince(before), []);
      assert.ok(!ctx.server.requestLog.slice(before).some((e) => /download|\/data/.test(e.path)), 'no attachment downloads');
    });

    it('--keep-secrets writes the value and still lists it', async () => {
      const r = await cli(['import', '--space', 'DOCS', '--root', 'Operations', '--keep-secrets']);
      assert.equal(r.code, 0, r.err);
      assert.ok(read('docs/credentials.md').includes(SECRET));
      assert.match(r.out, /^Secret {2}docs\/credentials\.md:\d+ {2}\S*github\S* .* kept \(--keep-secrets\)$/m);
      assert.ok(!r.out.includes(SECRET), 'the report never shows the value');
    });

    it('an interrupted import, run again, completes without duplicates; then sync writes nothing', async () => {
      // stopped after 10 files are written (the CLI's Ctrl-C aborts the same signal)
      const stop = new AbortController();
      let written = 0;
      const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS', docsRoot: 'docs' });
      await assert.rejects(
        runImport({
          root, config, api: ctx.client, fs: nodeFileSystem, rootRef: 'Team Handbook', signal: stop.signal,
          onProgress: (e) => {
            if (e.phase === 'write' && ++written === 10) stop.abort(new Error('interrupted'));
          },
        }),
        (err: Error) => err instanceof ImportError && err.code === 'interrupted' && /stopped after 10 of \d+ files; run it again/.test(err.message),
      );
      assert.ok(!existsSync(join(root, 'docs/.confluence-mapping.json')), 'no mapping yet');
      assert.ok(existsSync(join(root, 'docs/.confluence-mapping.json.import')), 'the journal says what was started');
      assert.ok(!existsSync(join(root, 'docs/.confluence-mapping.json.lock')), 'the lock is released');
      // a page edited meanwhile: the files of the interrupted run are still ours to overwrite
      const laptop = seeded.byTitle.get('Laptop Setup')!;
      const now = (await ctx.client.getPage(laptop.id, { body: true }))!;
      await ctx.client.updatePage({ id: laptop.id, title: now.title, body: now.body + '<p>Edited meanwhile.</p>', version: now.version + 1 });
      const again = await cli(['import', '--space', 'DOCS', '--root', 'Team Handbook', '--json']);
      assert.equal(again.code, 0, again.err);
      const report = JSON.parse(again.out);
      assert.equal(report.resumed, true);
      assert.equal(report.pages.length, 43);
      assert.ok(!existsSync(join(root, 'docs/.confluence-mapping.json.import')));
      const all = listFiles(join(root, 'docs')).filter((f) => f.endsWith('.md'));
      assert.equal(all.length, 43, 'one file per page, no duplicates');
      assert.equal(Object.keys(JSON.parse(read('docs/.confluence-mapping.json'))).length, 43);
      assert.match(read('docs/engineering/onboarding/laptop-setup.md'), /Edited meanwhile\./);
      const before = ctx.server.requestLog.length;
      assert.equal((await cli(['sync'])).code, 0);
      assert.deepEqual(writesSince(before), []);
    });
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

