// Issue 12 in VS Code: import a small space from the local server with Confluence: Import Space… (quick picks that
// search as you type, the folder dialog), see the files in the tree; a page edited in Confluence shows as "changed in
// Confluence" after a refresh, with "1 changed in Confluence" in the status bar; clicking it pulls the edit into the file.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { useVSCode, waitFor, type VSCodeSession } from './harness';
import { Site, notificationMark, runCommand, signIn, waitForNotificationSince } from './harness/site';

const VIEW = 'confluence.docs';

/** Creates a page under `parentId` in space DOCS (v2 REST, as a person's edit in the browser would). */
async function createPage(site: Site, spaceId: string, parentId: string, title: string, body: string): Promise<string> {
  const p = await site.json<{ id: string }>('POST', '/api/v2/pages', { spaceId, status: 'current', title, parentId, body: { representation: 'storage', value: body } });
  return p.id;
}

/** Workspace-relative Markdown files under docs/, and the one holding `text`. */
function fileWith(workspace: string, text: string): string | undefined {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return walk(path.join(workspace, 'docs')).filter((f) => f.endsWith('.md')).find((f) => readFileSync(f, 'utf8').includes(text));
}

describe('VS Code extension: import a space and pull edits made in Confluence (issue 12)', function () {
  this.timeout(240_000);
  const vscode = useVSCode({
    name: 'read-side',
    confluence: true,
    // Start from an existing space: the workspace has .confluence.yml but no docs yet.
    prepareWorkspace: (dir) => {
      rmSync(path.join(dir, 'docs'), { recursive: true, force: true });
      mkdirSync(path.join(dir, 'docs'));
    },
  });
  let site: Site;
  let onboardingFile: string;

  before(async function () {
    this.timeout(180_000);
    const s = vscode();
    site = new Site(s);
    const space = (await site.json<{ results: Array<{ id: string; homepageId: string }> }>('GET', '/api/v2/spaces?keys=DOCS')).results[0];
    const root = await createPage(site, space.id, space.homepageId, 'Fixture Handbook', '<p>The team handbook.</p>');
    await createPage(site, space.id, root, 'Onboarding', '<h2>First day</h2><p>Welcome aboard.</p>');
    await createPage(site, space.id, root, 'Tools', '<p>We use git and <strong>Markdown</strong>.</p>');
    await signIn(s);
    await s.workbench.openViewContainer('Confluence');
  });

  it('Import Space…: space and root page picked (the title searched as typed), folder chosen; the files appear in the tree', async () => {
    const s = vscode();
    const wb = s.workbench;
    const mark = await notificationMark(wb);
    await runCommand(wb, 'Confluence: Import Space…');
    await wb.waitForQuickInput(/Import Space \(1\/3\)/);
    await wb.pickQuickItem('DOCS');
    await wb.waitForQuickInput(/Import Space \(2\/3\)/);
    assert.ok((await wb.quickInputItems()).some((l) => /Whole space \(home page\)/.test(l)), 'the whole space is offered');
    await s.page.locator('.quick-input-widget .quick-input-box input').fill('Handbook');
    await waitFor(async () => (await wb.quickInputItems()).some((l) => l === 'Fixture Handbook'), { timeout: 20_000, message: 'the title search to find "Fixture Handbook"' });
    await wb.screenshot('import-root-search');
    await wb.pickQuickItem('Fixture Handbook');
    // The folder dialog (code-server's simple file dialog) opens at the configured docs folder.
    // The dialog fills its path in after it opens: wait until it shows the docs folder (never press Enter before).
    await wb.waitForQuickInput(/folder for the Markdown files/);
    await waitFor(async () => ((await wb.quickInput())?.value.match(/\/workspace\/docs\/?$/) ? true : undefined), { timeout: 20_000, message: 'the folder dialog to show the docs folder' });
    await wb.screenshot('import-folder-dialog');
    await s.page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    const done = await waitForNotificationSince(wb, mark, /Imported "Fixture Handbook" from space DOCS/, 90_000);
    assert.match(done.message, /3 pages/);
    const items = await wb.waitForTreeItems(VIEW, (rows) => ['Onboarding', 'Tools'].every((t) => rows.some((r) => r.label === t && /in sync/.test(r.description))), 60_000);
    await wb.screenshot('imported-tree');
    assert.ok(items.some((r) => r.label === 'Fixture Handbook' || r.label === 'index.md'), JSON.stringify(items));
    onboardingFile = fileWith(s.workspace, 'Welcome aboard.')!;
    assert.ok(onboardingFile, 'the Onboarding page is a Markdown file');
  });

  it('a page edited in Confluence shows "changed in Confluence" after Refresh, and the status bar counts it', async () => {
    const s = vscode();
    const wb = s.workbench;
    await site.editPage('Onboarding', 'Bring your laptop.');
    await runCommand(wb, 'Confluence: Refresh');
    await wb.waitForTreeItems(VIEW, (rows) => rows.some((r) => r.label === 'Onboarding' && /changed in Confluence/.test(r.description)), 60_000);
    const bar = await waitFor(async () => {
      const t = await wb.statusBarText();
      return /1 changed in Confluence/.test(t) ? t : undefined;
    }, { timeout: 30_000, message: 'the status bar to say 1 changed in Confluence' });
    assert.match(bar, /1 changed in Confluence/);
    const rows = await wb.treeItems(VIEW);
    assert.ok(rows.some((r) => r.label === 'Tools' && /in sync/.test(r.description)), 'the other page stays in sync');
    await wb.screenshot('changed-in-confluence');
  });

  it('clicking the status bar pulls the edit into the file; the tree is in sync again', async () => {
    const s = vscode();
    const wb = s.workbench;
    const mark = await notificationMark(wb);
    await wb.clickStatusBarItem(/changed in Confluence/);
    await waitForNotificationSince(wb, mark, /Pulled from Confluence: 1 file updated/, 60_000);
    assert.match(readFileSync(onboardingFile, 'utf8'), /Bring your laptop\./);
    assert.match(readFileSync(onboardingFile, 'utf8'), /Welcome aboard\./);
    await wb.waitForTreeItems(VIEW, (rows) => rows.some((r) => r.label === 'Onboarding' && /in sync/.test(r.description)), 60_000);
    await waitFor(async () => (/changed in Confluence/.test(await wb.statusBarText()) ? undefined : true), { timeout: 30_000, message: 'the status bar to drop the remote count' });
    await wb.screenshot('pulled');
  });

  it('overlapping edits: Pull leaves markers and "Resolve Conflict" opens the three-way merge editor (base / Confluence / local)', async () => {
    const s = vscode();
    const wb = s.workbench;
    const toolsFile = fileWith(s.workspace, 'We use git')!;
    // The same line edited on both sides.
    const page = (await site.page('Tools'))!;
    await site.json('PUT', `/api/v2/pages/${page.id}`, {
      id: page.id, status: 'current', title: page.title,
      body: { representation: 'storage', value: page.body.replace('We use git', 'We use Mercurial') },
      version: { number: page.version.number + 1, message: 'edited in Confluence' },
    });
    writeFileSync(toolsFile, readFileSync(toolsFile, 'utf8').replace('We use git', 'We use Subversion'));
    const mark = await notificationMark(wb);
    await runCommand(wb, 'Confluence: Pull from Confluence');
    await waitForNotificationSince(wb, mark, /1 conflict to resolve/, 60_000);
    const text = readFileSync(toolsFile, 'utf8');
    assert.match(text, /<<<<<<< local\n.*Subversion[\s\S]*=======\n.*Mercurial[\s\S]*>>>>>>> confluence v\d+/);
    await wb.clickNotificationButton(/1 conflict to resolve/, 'Resolve Conflict');
    // The merge editor: Confluence's side (Mercurial) and the local side (Subversion), once its editors have loaded.
    const shown = await waitFor(async () => {
      const editor = s.page.locator('.merge-editor');
      if ((await editor.count()) === 0) return undefined;
      const t = (await editor.first().innerText()).replace(/\u00a0/g, ' ');
      return /Mercurial/.test(t) && /Subversion/.test(t) ? t : undefined;
    }, { timeout: 30_000, message: 'the merge editor to show both sides' });
    assert.match(shown, /Confluence/);
    assert.match(shown, /Local/);
    await wb.screenshot('merge-editor');
  });

  it('publish conflict → Merge: the Confluence edit is merged into the file and the merged file is published', async () => {
    const s = vscode();
    const wb = s.workbench;
    const file = fileWith(s.workspace, 'Bring your laptop.')!;
    await site.editPage('Onboarding', 'Ask for a badge.');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Welcome aboard.', 'Welcome aboard, new colleague.'));
    await wb.openFile(path.relative(s.workspace, file).split(path.sep).join('/'));
    const mark = await notificationMark(wb);
    await runCommand(wb, 'Confluence: Publish to Confluence (Current File)');
    const dialog = await wb.waitForDialog(/edited in Confluence/, 60_000);
    assert.ok(dialog.buttons.includes('Merge'), dialog.buttons.join(', '));
    await wb.screenshot('conflict-merge-choice');
    await wb.clickDialogButton('Merge');
    await waitForNotificationSince(wb, mark, /Published "Onboarding" to Confluence/, 90_000);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /Ask for a badge\./, 'the Confluence edit is in the file');
    assert.match(text, /Welcome aboard, new colleague\./, 'the local edit is kept');
    const body = (await site.page('Onboarding'))!.body;
    assert.match(body, /Ask for a badge\./);
    assert.match(body, /Welcome aboard, new colleague\./);
    await wb.screenshot('conflict-merged-published');
  });
});
