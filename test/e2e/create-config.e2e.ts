// Issue 15 point 6 and the Problems-panel disagreement, through the real VS Code UI:
// - Confluence: Create Configuration… signed out: site, sign-in, the space from a searchable quick pick of the
//   spaces the user can see, docs folder, root title → .confluence.yml (no token in it); never overwrites without
//   asking; a cancel writes nothing.
// - Documents blocked by secrets are Errors in the Problems panel without being open: the status bar's Problems
//   count equals the tree's "blocked: secrets" count, and a fix on disk clears them; an invalid .confluence.yml
//   ("not configured") leaves only the config error there.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { useVSCode, waitFor, type VSCodeSession } from './harness';
import { runCommand } from './harness/site';

const VIEW = 'confluence.docs';
const TOKEN_LINE = 'GITHUB_TOKEN=ghp_R8x2Kq7LmN4pZ1wY6tV3bC9sD0fH5jA2eU7i';
const SPACES = [
  { key: 'DOCS', name: 'Documentation' },
  { key: 'ENG', name: 'Engineering' },
  { key: 'OPS', name: 'Operations Handbook' },
  { key: 'HR', name: 'People' },
];

/** Errors in the status bar's Problems item ("Errors: 2, Warnings: 0" / "No Problems"). */
async function problemErrors(s: VSCodeSession): Promise<number | undefined> {
  const item = (await s.workbench.statusBarItems()).find((i) => i.id === 'status.problems' || /problems|errors?:/i.test(i.ariaLabel));
  if (!item) return undefined;
  if (/no problems/i.test(item.ariaLabel)) return 0;
  const m = /errors?:\s*(\d+)/i.exec(item.ariaLabel) ?? /^(\d+)/.exec(item.text);
  return m ? Number(m[1]) : undefined;
}

/** The tree's (and status bar's) "N blocked: secrets" count; 0 when no document is blocked. */
async function treeBlocked(s: VSCodeSession): Promise<number | undefined> {
  const rows = await s.workbench.treeItems(VIEW);
  if (!rows.length) return undefined;
  const m = /(\d+) blocked: secrets/.exec(rows[0].description);
  return m ? Number(m[1]) : 0;
}

describe('VS Code extension: Create Configuration… and blocked documents in Problems (issue 15)', function () {
  this.timeout(180_000);
  const vscode = useVSCode({
    name: 'create-config',
    confluence: true,
    confluenceSpaces: SPACES,
    prepareWorkspace: (dir) => {
      // A second blocked document, so the counts compared below are 2 and 2.
      writeFileSync(path.join(dir, 'docs', 'runbooks', 'rollback.md'), `# Rollback Runbook\n\nPasted by mistake (fake value, test fixture):\n\n\`\`\`\n${TOKEN_LINE}\n\`\`\`\n`);
    },
  });
  const configFile = (): string => path.join(vscode().workspace, '.confluence.yml');

  it('never replaces an existing .confluence.yml without asking, and a cancel at any step writes nothing', async () => {
    const { workbench } = vscode();
    const before = readFileSync(configFile(), 'utf8');
    await runCommand(workbench, 'Confluence: Create Configuration…');
    const dialog = await workbench.waitForDialog(/already has a \.confluence\.yml/);
    assert.ok(dialog.buttons.includes('Replace'), `buttons: ${dialog.buttons}`);
    await workbench.clickDialogButton('Cancel');
    await runCommand(workbench, 'Confluence: Create Configuration…');
    await workbench.waitForDialog(/already has a \.confluence\.yml/);
    await workbench.clickDialogButton('Replace');
    await workbench.waitForQuickInput(/Create Configuration \(1\/4\)/);
    await workbench.pressEscape();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(readFileSync(configFile(), 'utf8'), before, 'the file is untouched');
  });

  it('signed out: site, sign-in, the space searched and picked, docs folder, root title → the file, opened', async () => {
    const s = vscode();
    const { workbench } = s;
    const c = s.confluence!;
    await runCommand(workbench, 'Confluence: Create Configuration…');
    await workbench.waitForDialog(/already has a \.confluence\.yml/);
    await workbench.clickDialogButton('Replace');
    await workbench.waitForQuickInput(/Address of your Confluence site/);
    await workbench.submitQuickInput(`${c.url}/wiki`);
    // No token for this site yet: the Sign In steps, inside this command.
    await workbench.waitForQuickInput(/Which kind of Confluence site/);
    await workbench.pickQuickItem(/^Confluence Cloud: API token$/);
    await workbench.waitForQuickInput(/E-mail address/);
    await workbench.submitQuickInput(c.email);
    await workbench.waitForQuickInput(/API token/);
    await workbench.submitQuickInput(c.token);
    // The spaces the user can see, listed from the site.
    const all = await waitFor(async () => {
      const q = await workbench.waitForQuickInput(/Type to search the spaces/, 30_000);
      return SPACES.every((sp) => q.items.includes(sp.name)) ? q.items : undefined;
    }, { timeout: 30_000, message: 'every space listed' });
    assert.ok(all.length >= SPACES.length, `items: ${all}`);
    await s.screenshot('create-config');
    await workbench.page.locator('.quick-input-widget .quick-input-box input').fill('docu');
    const filtered = await waitFor(async () => {
      const q = await workbench.quickInput();
      return q && q.items.length === 1 ? q.items : undefined;
    }, { timeout: 15_000, message: 'the search narrows the list' });
    assert.deepEqual(filtered, ['Documentation']);
    await s.screenshot('create-config-search');
    await workbench.pickQuickItem('Documentation');
    const docs = await workbench.waitForQuickInput(/Folder of the Markdown docs/);
    assert.equal(docs.value, 'docs');
    await workbench.submitQuickInput('docs');
    await workbench.waitForQuickInput(/Title of the page in Documentation/);
    await workbench.submitQuickInput('Fixture Handbook');
    const text = await waitFor(async () => {
      const t = readFileSync(configFile(), 'utf8');
      return /rootPageTitle: "Fixture Handbook"/.test(t) ? t : undefined;
    }, { timeout: 30_000, message: '.confluence.yml written' });
    assert.match(text, new RegExp(`^baseUrl: "${c.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/wiki"$`, 'm'));
    assert.match(text, /^spaceKey: "DOCS"$/m);
    assert.match(text, /^docsRoot: "docs"$/m);
    assert.ok(!text.includes(c.token) && !text.includes(c.email), 'no credential in the file');
    await waitFor(async () => ((await workbench.activeEditorTitle())?.includes('.confluence.yml') ? true : undefined), { message: 'the file is opened' });
    await workbench.waitForNotification(/Wrote \.confluence\.yml/);
  });

  it('blocked documents are Errors in Problems without being open: the counts match the tree, a fix on disk clears them', async () => {
    const s = vscode();
    const { workbench } = s;
    await workbench.pressEscape(2);
    await runCommand(workbench, 'View: Close All Editors');
    await workbench.openViewContainer('Confluence');
    // Signed in by Create Configuration…: the tree shows the two blocked runbooks.
    await workbench.waitForTreeItems(VIEW, (rows) => rows.length > 0 && /2 blocked: secrets/.test(rows[0].description));
    const counts = await waitFor(async () => {
      const [tree, problems] = [await treeBlocked(s), await problemErrors(s)];
      return tree === 2 && problems === 2 ? { tree, problems } : undefined;
    }, { timeout: 30_000, message: 'Problems count = tree blocked count (2)' });
    assert.deepEqual(counts, { tree: 2, problems: 2 });
    const rows = await workbench.problems();
    const blocking = rows.filter((r) => /blocked from publishing/.test(r));
    assert.equal(blocking.length, 2, rows.join('\n'));
    for (const r of blocking) {
      assert.match(r, /\berror\b/i, r);
      assert.match(r, /Likely secret: GitHub token/, r);
    }
    assert.ok(rows.some((r) => /deploy\.md/.test(r)) && rows.some((r) => /rollback\.md/.test(r)), rows.join('\n'));
    await s.screenshot('problems-blocked');
    // Fixed on disk (not in an editor): gone from Problems and from the tree together.
    const deploy = path.join(s.workspace, 'docs', 'runbooks', 'deploy.md');
    writeFileSync(deploy, readFileSync(deploy, 'utf8').replace(TOKEN_LINE, 'GITHUB_TOKEN=<from the vault>'));
    const after = await waitFor(async () => {
      const [tree, problems] = [await treeBlocked(s), await problemErrors(s)];
      return tree === 1 && problems === 1 ? { tree, problems } : undefined;
    }, { timeout: 30_000, message: 'one blocked document left in both' });
    assert.deepEqual(after, { tree: 1, problems: 1 });
  });

  it('with an invalid .confluence.yml the view says "not configured" and Problems lists the config error, not the blocked documents', async () => {
    const s = vscode();
    const { workbench } = s;
    const good = readFileSync(configFile(), 'utf8');
    writeFileSync(configFile(), `${good}unknownKey: [\n`);
    try {
      await waitFor(async () => (await workbench.statusBarItems()).find((i) => /Confluence: not configured/.test(i.text)), { timeout: 30_000, message: 'status bar: not configured' });
      const rows = await waitFor(async () => {
        const r = await workbench.problems();
        return (await problemErrors(s)) === 1 && !r.some((x) => /blocked from publishing/.test(x)) ? r : undefined;
      }, { timeout: 30_000, message: 'only the config error in Problems' });
      assert.ok(rows.some((r) => /\.confluence\.yml/.test(r)), rows.join('\n'));
      assert.ok(!rows.some((r) => /rollback\.md|Likely secret/.test(r)), rows.join('\n'));
      await s.screenshot('problems-invalid-config');
    } finally {
      writeFileSync(configFile(), good);
    }
    // Fixed: the blocked document is listed again, with the tree.
    const back = await waitFor(async () => {
      const [tree, problems] = [await treeBlocked(s), await problemErrors(s)];
      return tree === 1 && problems === 1 && (await workbench.problems()).some((x) => /blocked from publishing/.test(x)) ? { tree, problems } : undefined;
    }, { timeout: 30_000, message: 'the blocked document is back in Problems' });
    assert.deepEqual(back, { tree: 1, problems: 1 });
  });
});
