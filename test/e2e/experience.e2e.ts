// Issue 5, end to end: sign-in, tree, status bar, plan, publish, conflict choice, secrets modal, preview, sign-out,
// driven through the real VS Code UI (code-server + Chromium) against the local Confluence-compatible server.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { useVSCode, waitFor, type VSCodeSession } from './harness';

const VIEW = 'confluence.docs';
const STATUS = 'confluence.status';

/** Minimal v2 REST reads/writes against the local server, to check (and change) what Confluence holds. */
class Site {
  constructor(private readonly s: VSCodeSession) {}
  private get base(): string {
    return `${this.s.confluence!.url}/wiki`;
  }
  private get auth(): string {
    const c = this.s.confluence!;
    return `Basic ${Buffer.from(`${c.email}:${c.token}`).toString('base64')}`;
  }
  async json<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${p}`, {
      method,
      headers: { Authorization: this.auth, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async pages(): Promise<Array<{ id: string; title: string; version: { number: number }; body?: { storage?: { value: string } } }>> {
    const spaces = await this.json<{ results: Array<{ id: string }> }>('GET', '/api/v2/spaces?keys=DOCS');
    const r = await this.json<{ results: Array<{ id: string; title: string; version: { number: number }; body?: { storage?: { value: string } } }> }>(
      'GET', `/api/v2/spaces/${spaces.results[0].id}/pages?body-format=storage&limit=250`,
    );
    return r.results;
  }
  async page(title: string): Promise<{ id: string; title: string; version: { number: number }; body: string } | undefined> {
    const p = (await this.pages()).find((x) => x.title === title);
    return p ? { ...p, body: p.body?.storage?.value ?? '' } : undefined;
  }
  async editPage(title: string, append: string): Promise<void> {
    const p = await this.page(title);
    assert.ok(p, `page ${title} exists`);
    await this.json('PUT', `/api/v2/pages/${p.id}`, {
      id: p.id, status: 'current', title: p.title,
      body: { representation: 'storage', value: `${p.body}<p>${append}</p>` },
      version: { number: p.version.number + 1, message: 'edited in Confluence' },
    });
  }
}

/** Runs a command from the palette; also matches rows the palette suffixes with ", recently used". */
async function run(workbench: VSCodeSession['workbench'], label: string): Promise<void> {
  await workbench.openCommandPalette(label);
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await workbench.pickQuickItem(new RegExp(`^${esc}(,.*)?$`));
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile() && st.size < 5_000_000) out.push(p);
  }
  return out;
}

const statusText = async (s: VSCodeSession): Promise<string> => (await s.workbench.statusBarItem(STATUS))?.text ?? '';

/** Waits until the status-bar item's text matches; the error says what it showed last. */
async function waitForStatus(s: VSCodeSession, re: RegExp, timeout = 20_000): Promise<string> {
  let last = '';
  try {
    return await waitFor(async () => {
      last = await statusText(s);
      return re.test(last) ? last : undefined;
    }, { timeout, message: `status bar item matching ${re}` });
  } catch {
    throw new Error(`status bar item never matched ${re}; it shows "${last}"`);
  }
}

describe('VS Code extension experience (issue 5)', function () {
  this.timeout(120_000);
  // One request at a time, so that a cancel can land between pages (see the cancel test).
  const vscode = useVSCode({ name: 'experience', confluence: true, settings: { 'confluence.concurrency': 1 } });
  let site: Site;
  const status = (): Promise<string> => statusText(vscode());
  const waitStatus = (re: RegExp, timeout?: number): Promise<string> => waitForStatus(vscode(), re, timeout);

  before(() => {
    site = new Site(vscode());
  });

  it('before sign-in: the status bar asks to sign in and the welcome view explains the next step', async () => {
    const { workbench } = vscode();
    assert.match(await waitStatus(/sign in/i), /Confluence: sign in/);
    await vscode().screenshot('status-not-signed-in');
    await workbench.openViewContainer('Confluence');
    const welcome = await waitFor(() => workbench.welcomeView(VIEW), { message: 'welcome view' });
    assert.match(welcome.text, /not signed in/i);
    // Honest about storage (issue 15 point 4): on the web and remote hosts there is no OS keychain behind it.
    assert.match(welcome.text, /VS Code's secret storage \(your OS keychain on desktop\)/);
    assert.ok(welcome.buttons.includes('Sign In'), `buttons: ${welcome.buttons}`);
    await vscode().screenshot('welcome-not-signed-in');
  });

  it('Sign In reports a rejected token clearly, without echoing it', async () => {
    const { workbench } = vscode();
    const c = vscode().confluence!;
    await run(workbench, 'Confluence: Sign In');
    await workbench.waitForQuickInput(/Address of your Confluence site/);
    await workbench.submitQuickInput(`${c.url}/wiki`);
    await workbench.waitForQuickInput(/Which kind of Confluence site/);
    await workbench.pickQuickItem(/^Confluence Cloud: API token$/);
    await workbench.waitForQuickInput(/E-mail address/);
    await workbench.submitQuickInput(c.email);
    const tokenBox = await workbench.waitForQuickInput(/API token/);
    assert.equal(tokenBox.isPassword, true, 'the token box hides what is typed');
    assert.match(JSON.stringify(tokenBox), /VS Code's secret storage \(your OS keychain on desktop\)/, 'the prompt says where the token goes');
    await workbench.submitQuickInput('wrong-token-123456');
    const n = await workbench.waitForNotification(/rejected the credentials \(401/);
    assert.doesNotMatch(n.message, /wrong-token-123456/);
    assert.match(await status(), /sign in/);
    await workbench.pressEscape(2);
  });

  it('Sign In with the demo credentials checks them, stores the token and shows the docs tree', async () => {
    const { workbench } = vscode();
    const c = vscode().confluence!;
    await run(workbench, 'Confluence: Sign In');
    await workbench.waitForQuickInput(/Address of your Confluence site/);
    await workbench.submitQuickInput(`${c.url}/wiki`);
    await workbench.waitForQuickInput(/Which kind of Confluence site/);
    await workbench.pickQuickItem(/^Confluence Cloud: API token$/);
    await workbench.waitForQuickInput(/E-mail address/);
    await workbench.submitQuickInput(c.email);
    await workbench.waitForQuickInput(/API token/);
    await workbench.submitQuickInput(c.token);
    await workbench.waitForNotification(/Signed in to .* as /);
    // Issue 15 points 1-2: the page tree (root page above its sections), one vocabulary, secrets blocked at once.
    const items = await workbench.waitForTreeItems(VIEW, (rows) => rows.some((r) => r.label === 'Deploy Runbook' && r.description.startsWith('blocked: secrets')));
    const rows = JSON.stringify(items.map((r) => [r.level, r.label, r.description]));
    assert.deepEqual([items[0].level, items[0].label], [1, 'Fixture Handbook'], `the root page is on top: ${rows}`);
    assert.equal(items[0].description, 'never published · 7 of 8 to publish · 1 blocked: secrets', rows);
    assert.equal(items.filter((r) => r.level === 1).length, 1, `one root: ${rows}`);
    const guides = items.find((r) => r.label === 'Guides');
    assert.deepEqual([guides?.level, guides?.description], [2, 'never published · 2 of 2 to publish'], rows);
    assert.deepEqual(items.filter((r) => r.label === 'Runbooks').map((r) => r.description), ['never published · 1 blocked: secrets'], 'a folder shows its own state, its child\'s block in the aggregate');
    const install = items.find((r) => r.label === 'Install Guide');
    assert.deepEqual([install?.level, install?.description], [3, 'never published · install.md'], rows);
    assert.match(install!.ariaLabel, /^Install Guide, page, never published/, 'accessible label: name, kind, state');
    // The status bar and the badge say the same numbers as the tree (and as the plan: 8 create, 1 blocked).
    assert.match(await waitStatus(/to publish/), /Confluence: 1 blocked: secrets, 8 to publish$/);
    const badge = workbench.page.locator('#workbench\\.parts\\.activitybar li.action-item:has(> a[aria-label^="Confluence"]) .badge-content');
    assert.equal(await waitFor(async () => ((await badge.count()) ? (await badge.innerText()).trim() || undefined : undefined), { message: 'activity-bar badge' }), '9');
    await vscode().screenshot('tree-never-published');
    await vscode().screenshot('status-changed');
  });

  it('Show Publish Plan lists the plan first; Publish writes it and the secrets modal blocks the leaky runbook', async () => {
    const { workbench } = vscode();
    await run(workbench, 'Confluence: Show Publish Plan');
    const plan = await workbench.waitForQuickInput(/Publish Plan|Choose Publish/, 30_000);
    assert.ok(plan.items.some((i) => /docs\/guides\/install\.md/.test(i)), `plan rows: ${JSON.stringify(plan.items)}`);
    assert.match(plan.title, /8 create/);
    assert.match(plan.title, /1 blocked/);
    assert.equal((await site.pages()).filter((p) => p.title === 'Install Guide').length, 0, 'nothing is written before the user goes on');
    await vscode().screenshot('plan');
    await workbench.pickQuickItem(/^(\$\(cloud-upload\) )?Publish\b/);
    const dialog = await workbench.waitForDialog(/likely secret/, 30_000);
    // The default (primary) button says what it does; the dialog lists it last on this platform.
    assert.ok(dialog.buttons.includes('Show First Finding') && dialog.buttons.includes('Publish Anyway'), `buttons: ${dialog.buttons}`);
    assert.match(dialog.detail, /runbooks\/deploy\.md, line \d+: GitHub token/);
    assert.doesNotMatch(`${dialog.message}\n${dialog.detail}`, /@secretlint|secretlint-rule|\(\)/, 'no rule ids, no empty parentheses');
    await vscode().screenshot('secrets-modal');
    await workbench.clickDialogButton('Publish the Others');
    const done = await workbench.waitForNotification(/Published to Confluence: .*created/, 60_000);
    assert.deepEqual(done.buttons, ['Open Page', 'Show Log'], 'one completion notification with the counts and its buttons');
    const pages = await site.pages();
    assert.ok(pages.some((p) => p.title === 'Install Guide'));
    assert.ok(!pages.some((p) => p.title === 'Deploy Runbook'), 'nothing of a blocked document is sent');
    await waitFor(async () => {
      const rows = await workbench.treeItems(VIEW);
      return rows.some((r) => r.label === 'Install Guide' && r.description.startsWith('in sync')) ? rows : undefined;
    }, { message: 'tree shows Install Guide in sync' });
    await vscode().screenshot('tree-after-publish');
    // The Runbooks folder page (its only page blocked) says what the CLI's status says of it: changed.
    assert.match(await waitStatus(/1 blocked: secrets(, 1 to publish)?$/), /Confluence: 1 blocked: secrets(, 1 to publish)?$/);
    await vscode().screenshot('status-after-publish');
  });

  it('Publish to Confluence publishes the unsaved editor content of the current file', async () => {
    const { workbench } = vscode();
    await workbench.openFile('docs/guides/install.md');
    await workbench.typeInEditor('\nUnsaved line from the editor.\n');
    const found = await workbench.commandPaletteItems('Publish to Confluence');
    assert.ok(found.some((l) => /^Confluence: Publish to Confluence \(Current File\)/.test(l)), `palette: ${JSON.stringify(found)}`);
    await workbench.pressEscape();
    await run(workbench, 'Confluence: Publish to Confluence (Current File)');
    await workbench.waitForNotification(/Published "Install Guide" to Confluence \(updated, version 2\)/, 60_000);
    const page = await site.page('Install Guide');
    assert.match(page!.body, /Unsaved line from the editor\./);
    await workbench.saveActiveEditor();
  });

  it('a page edited in Confluence opens the conflict choice; View Diff shows both; Overwrite writes the local version', async () => {
    const { workbench } = vscode();
    await site.editPage('Install Guide', 'Edited in Confluence by a colleague.');
    await workbench.openFile('docs/guides/install.md');
    await workbench.typeInEditor('\nLocal change after the remote edit.\n');
    await workbench.saveActiveEditor();
    await run(workbench, 'Confluence: Publish to Confluence (Current File)');
    const dialog = await workbench.waitForDialog(/edited in Confluence/, 30_000);
    assert.deepEqual(dialog.buttons.filter((b) => b !== 'Cancel').sort(), ['Merge', 'Overwrite', 'Skip', 'View Diff']);
    await vscode().screenshot('conflict-choice');
    const before = await site.page('Install Guide');
    await workbench.clickDialogButton('View Diff');
    await waitFor(async () => ((await workbench.editorTabs()).some((t) => /Confluence \(v\d+\) ↔ Local/.test(t)) ? true : undefined), { message: 'diff editor tab' });
    await waitFor(async () => (/Edited\s+in\s+Confluence\s+by\s+a\s+colleague/.test(await workbench.page.locator('.editor-group-container.active').innerText()) ? true : undefined), { message: 'diff shows the remote text' });
    await vscode().screenshot('conflict-diff');
    assert.equal((await site.page('Install Guide'))!.version.number, before!.version.number, 'nothing overwritten before the choice');
    await workbench.waitForNotification(/Overwrite "Install Guide"/);
    await workbench.clickNotificationButton(/Overwrite "Install Guide"/, 'Overwrite');
    // The version this publish writes: the previous test's "Published … version 2" toast may still be on screen.
    await workbench.waitForNotification(new RegExp(`Published "Install Guide" to Confluence \\(updated, version ${before!.version.number + 1}\\)`), 60_000);
    const after = await site.page('Install Guide');
    assert.match(after!.body, /Local change after the remote edit/);
    assert.doesNotMatch(after!.body, /Edited in Confluence by a colleague/);
  });

  it('tree items offer publish, plan, open, reveal and copy-link actions; the inline Publish publishes that item', async () => {
    const { workbench } = vscode();
    await workbench.openViewContainer('Confluence');
    const inline = await workbench.treeItemActions(VIEW, 'Configure');
    assert.ok(inline.includes('Publish') && inline.includes('Open Page in Browser'), `inline: ${inline}`);
    const menu = await workbench.treeItemContextMenu(VIEW, 'Configure');
    for (const entry of ['Publish', 'Show Publish Plan for This Item', 'Open Page in Browser', 'Reveal File', 'Copy Page Link']) {
      assert.ok(menu.includes(entry), `context menu has ${entry}: ${JSON.stringify(menu)}`);
    }
    await vscode().screenshot('tree-context-menu');
    await workbench.pressEscape();
    writeFileSync(path.join(vscode().workspace, 'docs', 'guides', 'configure.md'), '# Configure\n\nChanged on disk for the tree action.\n');
    await waitFor(async () => ((await workbench.treeItems(VIEW)).some((r) => r.label === 'Configure' && r.description.startsWith('changed ·')) ? true : undefined), { message: 'Configure shows changed' });
    await vscode().screenshot('tree-changed-locally');
    // The inline action of the row (the context menu's entries were checked above).
    const row = workbench.viewPane(VIEW).locator('.monaco-list-row', { hasText: 'Configure' }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Publish"]').click();
    await workbench.waitForNotification(/Published "Configure" to Confluence/, 60_000);
    assert.match((await site.page('Configure'))!.body, /Changed on disk for the tree action/);
  });

  it('a long publish shows n/m in the status bar and can be cancelled; what was done is kept and mapped', async () => {
    const { workbench } = vscode();
    const ws = vscode().workspace;
    mkdirSync(path.join(ws, 'docs', 'bulk'), { recursive: true });
    for (let i = 1; i <= 8; i++) writeFileSync(path.join(ws, 'docs', 'bulk', `page-${i}.md`), `# Bulk Page ${i}\n\nBody ${i}.\n`);
    await waitFor(async () => ((await workbench.treeItems(VIEW)).some((r) => r.label === 'Bulk') ? true : undefined), { message: 'Bulk folder in the tree' });
    const server = vscode().confluence!.server as unknown as { setFaults(f: Record<string, unknown>): void };
    server.setFaults({ latencyMs: 1500, methods: ['POST', 'PUT'] });
    try {
      await run(workbench, 'Confluence: Publish Workspace');
      await workbench.waitForDialog(/likely secret/, 30_000);
      await workbench.clickDialogButton('Publish the Others');
      await waitStatus(/Confluence \d+\/\d+/, 30_000);
      await vscode().screenshot('status-publishing');
      // Cancel once some of the bulk pages are in Confluence, so that there is something to keep.
      await waitFor(async () => ((await site.pages()).some((p) => p.title === 'Bulk Page 1') ? true : undefined), { timeout: 60_000, interval: 300, message: 'the first bulk page written' });
      await workbench.clickNotificationButton(/Publishing to Confluence|\d+\/\d+/, 'Cancel');
      const cancelNote = await workbench.waitForNotification(/Publishing cancelled/, 60_000);
      assert.match(cancelNote.message, /not published \(cancelled\)|mapping file is up to date/);
    } finally {
      server.setFaults({ latencyMs: 0 });
    }
    const mapping = JSON.parse(readFileSync(path.join(ws, 'docs', '.confluence-mapping.json'), 'utf8')) as Record<string, unknown>;
    const entries = (mapping.files ?? mapping.pages ?? mapping) as Record<string, { page_id?: string; title?: string }>;
    const pages = await site.pages();
    const bulkPages = pages.filter((p) => /^Bulk Page \d$/.test(p.title));
    assert.ok(bulkPages.length >= 1 && bulkPages.length < 8, `cancel stopped the publish midway (${bulkPages.length} of 8 bulk pages written)`);
    for (const p of bulkPages) {
      const n = p.title.slice(-1);
      const entry = entries[`docs/bulk/page-${n}.md`];
      assert.equal(entry?.page_id, p.id, `the mapping records ${p.title} that was written before the cancel`);
    }
    for (const [file, entry] of Object.entries(entries)) {
      if (entry?.page_id) assert.ok(pages.some((p) => p.id === entry.page_id), `${file} is mapped to an existing page`);
    }
  });

  it('publishing the rest and removing the leaky runbook brings the status bar to in sync; clicking it shows the plan', async () => {
    const { workbench } = vscode();
    await run(workbench, 'Confluence: Publish Workspace');
    await workbench.waitForDialog(/likely secret/, 30_000);
    await workbench.clickDialogButton('Publish the Others');
    await waitFor(async () => ((await site.pages()).filter((p) => /^Bulk Page \d$/.test(p.title)).length === 8 ? true : undefined), { timeout: 60_000, message: 'all bulk pages published' });
    rmSync(path.join(vscode().workspace, 'docs', 'runbooks', 'deploy.md'));
    assert.match(await waitStatus(/in sync/, 30_000), /Confluence: in sync/);
    await waitFor(async () => {
      const rows = await workbench.treeItems(VIEW);
      return rows.some((r) => r.label === 'Bulk Page 1' && r.description.startsWith('in sync')) && !rows.some((r) => r.label === 'Deploy Runbook') ? true : undefined;
    }, { timeout: 30_000, message: 'tree shows the bulk pages in sync and no runbook' });
    await vscode().screenshot('status-in-sync');
    await workbench.clickStatusBarItem(STATUS);
    await workbench.waitForQuickInput(/Publish Plan|Choose Publish/, 30_000);
    await workbench.pressEscape();
  });

  it('Preview as Confluence renders beside the editor and follows typing', async () => {
    const { workbench } = vscode();
    await workbench.openFile('docs/getting-started.md');
    await run(workbench, 'Confluence: Preview as Confluence');
    await workbench.waitForWebviewText(/Getting Started/);
    await workbench.typeInEditor('\n> [!NOTE]\n> Preview follows typing.\n');
    await workbench.waitForWebviewText(/Preview follows typing/);
    // Typing with two cursors: each key is one edit event with a change per cursor, which the worker's copy of the
    // document must apply in VS Code's order (editorWork/documentTexts.ts); the preview shows both lines as typed.
    await workbench.typeInEditor('\nalpha line\nbeta line');
    await vscode().page.keyboard.press('Home');
    await workbench.runCommand('Add Cursor Above');
    await vscode().page.keyboard.type('X-', { delay: 20 });
    await vscode().page.keyboard.press('Escape');
    await vscode().page.keyboard.press('End');
    await workbench.waitForWebviewText(/X-alpha line\s+X-beta line/);
    // A workspace image is shown (local resource allowed by the CSP and localResourceRoots).
    mkdirSync(path.join(vscode().workspace, 'docs', 'img'), { recursive: true });
    writeFileSync(path.join(vscode().workspace, 'docs', 'img', 'diagram.png'), readFileSync(path.join(__dirname, '..', '..', 'media', 'icon.png')));
    await workbench.typeInEditor('\n![Diagram](img/diagram.png)\n\n- [ ] a task\n');
    const image = await waitFor(async () => {
      for (const f of await workbench.webviewFrames()) {
        const info = await f.evaluate(() => {
          const img = document.querySelector('img[alt="Diagram"], img[src*="diagram.png"]') as HTMLImageElement | null;
          return img && img.complete && img.naturalWidth > 0
            ? { src: img.src, width: img.naturalWidth, scripts: Array.from(document.scripts).filter((x) => x.src.endsWith('/media/preview.js')).length, csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '' }
            : undefined;
        }).catch(() => undefined);
        if (info) return info;
      }
      return undefined;
    }, { timeout: 20_000, message: 'the image loaded in the preview' });
    assert.equal(image.width, 256);
    // Only the preview's own script (it patches the changed blocks), by nonce.
    assert.equal(image.scripts, 1, 'the preview runs its own script (VS Code adds its host script beside it)');
    assert.match(image.csp, /script-src 'nonce-[^']+'/);
    assert.doesNotMatch(image.csp, /unsafe-inline|unsafe-eval/);
    await vscode().screenshot('preview');
    // A link to another document is a page link in the preview; clicking it opens that document in the editor.
    await workbench.typeInEditor('\nSee [the install guide](guides/install.md).\n');
    const link = await waitFor(async () => {
      for (const f of await workbench.webviewFrames()) {
        const l = f.locator('a.cf-page-link', { hasText: 'the install guide' });
        if (await l.count().catch(() => 0)) return l.first();
      }
      return undefined;
    }, { timeout: 20_000, message: 'the page link in the preview' });
    assert.match((await link.getAttribute('title')) ?? '', /Confluence page: Install Guide/, await link.evaluate((e) => e.outerHTML));
    await link.click();
    // The preview re-renders as the typed text settles: a click that lands on the element being replaced is lost.
    // Click the current link again every few seconds until the document opens (opening it twice is harmless).
    let clickedAt = Date.now();
    await waitFor(
      async () => {
        if (((await workbench.activeEditorTitle()) ?? '').includes('install.md')) return true;
        if (Date.now() - clickedAt < 3_000) return undefined;
        clickedAt = Date.now();
        for (const f of await workbench.webviewFrames()) {
          const l = f.locator('a.cf-page-link', { hasText: 'the install guide' });
          if (await l.count().catch(() => 0)) {
            await l.first().click({ timeout: 2_000 }).catch(() => undefined);
            break;
          }
        }
        return undefined;
      },
      { timeout: 30_000, message: 'install.md opened from the preview link' },
    );
  });

  it('Problems panel flags missing links and likely secrets while editing', async () => {
    const { workbench } = vscode();
    await workbench.openFile('docs/reference/api.md');
    await workbench.typeInEditor('\nSee [the missing page](./missing.md).\n');
    // Outside the docs tree, so the publish state is not affected; the fake token is the fixture's (not a real one).
    mkdirSync(path.join(vscode().workspace, 'scratch'), { recursive: true });
    writeFileSync(path.join(vscode().workspace, 'scratch', 'leak.md'), '# Leak\n\n```\nGITHUB_TOKEN=ghp_R8x2Kq7LmN4pZ1wY6tV3bC9sD0fH5jA2eU7i\n```\n');
    await workbench.openFile('scratch/leak.md');
    const problems = await waitFor(async () => {
      const p = await workbench.problems();
      return p.some((x) => /missing\.md|missing/i.test(x)) && p.some((x) => /Likely secret/.test(x)) ? p : undefined;
    }, { timeout: 30_000, message: 'problems for the missing link and the secret' });
    assert.ok(problems.length >= 2);
    // Named for people, no rule id (issue 15 point 3); outside the docs tree it blocks nothing, so a warning.
    const secret = problems.find((x) => /Likely secret/.test(x))!;
    assert.match(secret, /Likely secret: GitHub token/);
    assert.doesNotMatch(secret, /@secretlint|secretlint-rule|\(\)/, secret);
    // In a document of the docs tree it blocks the publish: an Error.
    await workbench.openFile('docs/reference/api.md');
    await workbench.typeInEditor('\nGITHUB_TOKEN=ghp_R8x2Kq7LmN4pZ1wY6tV3bC9sD0fH5jA2eU7i\n');
    const blocking = await waitFor(async () => (await workbench.problems()).find((x) => /blocked from publishing/.test(x)), { timeout: 30_000, message: 'the blocking finding in api.md' });
    assert.match(blocking, /\berror\b/i, `an Error in the Problems panel: ${blocking}`);
    await vscode().screenshot('problems');
  });

  it('Sign Out removes the token; the token is in no setting, mapping file or log', async () => {
    const { workbench } = vscode();
    await run(workbench, 'Confluence: Sign Out');
    await workbench.waitForNotification(/Signed out of/);
    assert.match(await waitStatus(/sign in/), /sign in/);
    await vscode().screenshot('status-signed-out');
    const token = vscode().confluence!.token;
    const files = [...walk(vscode().workspace), ...walk(vscode().codeServer.userDataDir)];
    assert.ok(files.some((f) => f.endsWith('.confluence-mapping.json')), 'the mapping file was written');
    assert.ok(files.some((f) => /Confluence\.log$/.test(f)), `our log channel file exists: ${files.filter((f) => f.endsWith('.log')).join(', ')}`);
    const leaks = files.filter((f) => readFileSync(f).includes(token));
    assert.deepEqual(leaks, [], 'no file contains the token');
    const settings = path.join(vscode().workspace, '.vscode', 'settings.json');
    if (existsSync(settings)) assert.doesNotMatch(readFileSync(settings, 'utf8'), /token|password/i);
  });
});

describe('VS Code extension without configuration (issue 5)', function () {
  this.timeout(120_000);
  const vscode = useVSCode({
    name: 'experience-unconfigured',
    // No site or space anywhere: the extension still activates (the mapping file is there) and explains the next step.
    prepareWorkspace: (dir) => {
      rmSync(path.join(dir, '.confluence.yml'));
      writeFileSync(path.join(dir, 'docs', '.confluence-mapping.json'), '{}\n');
    },
  });

  it('the welcome view and the status bar say that a site and space are needed, with buttons', async () => {
    const { workbench } = vscode();
    await workbench.openViewContainer('Confluence');
    const welcome = await waitFor(() => workbench.welcomeView(VIEW), { message: 'welcome view' });
    assert.match(welcome.text, /No Confluence site and space are configured/);
    assert.ok(welcome.buttons.includes('Configure Site and Space') && welcome.buttons.includes('Open Settings'), `buttons: ${welcome.buttons}`);
    assert.ok(welcome.buttons.includes('Create Configuration…'), `buttons: ${welcome.buttons}`);
    const item = await waitFor(() => workbench.statusBarItem(STATUS), { message: 'status item' });
    assert.match(item.text, /not configured/);
    await vscode().screenshot('welcome-not-configured');
  });
});

describe('VS Code extension in an untrusted workspace (issue 5)', function () {
  this.timeout(180_000);
  // Restricted mode: the folder opens untrusted, as a freshly cloned repository from an unknown author would.
  const vscode = useVSCode({ name: 'experience-untrusted', workspaceTrust: true, confluence: true });

  it('publishing is disabled with a message saying why, and the welcome view explains it', async () => {
    const { workbench } = vscode();
    assert.equal((await vscode().hostStatus()).trusted, false, 'the workspace should open untrusted');
    await workbench.openFile('docs/getting-started.md');
    await run(workbench, 'Confluence: Publish to Confluence (Current File)');
    const n = await workbench.waitForNotification(/Publishing to Confluence is disabled because this workspace is not trusted/, 30_000);
    assert.ok(n.buttons?.includes('Manage Workspace Trust'), `buttons: ${n.buttons}`);
    await workbench.openViewContainer('Confluence');
    const welcome = await waitFor(() => workbench.welcomeView(VIEW), { message: 'welcome view' });
    assert.match(welcome.text, /disabled because this workspace is not trusted/);
    assert.ok(welcome.buttons.includes('Manage Workspace Trust'), `buttons: ${welcome.buttons}`);
    const item = await waitFor(() => workbench.statusBarItem(STATUS), { message: 'status item' });
    assert.match(item.text, /Confluence: restricted/);
    await vscode().screenshot('untrusted');
    // Nothing reached the server.
    const site = new Site(vscode());
    const titles = (await site.pages()).map((p) => p.title);
    assert.ok(!titles.includes('Getting Started') && !titles.includes('Fixture Handbook'), `pages on the server: ${titles.join(', ')}`);
  });
});

describe('VS Code extension against a Data Center site (issue 5)', function () {
  this.timeout(180_000);
  const vscode = useVSCode({
    name: 'experience-datacenter',
    confluence: true,
    // The same local server also speaks the Data Center API under /confluence: point the workspace there.
    prepareWorkspace: (dir) => {
      const file = path.join(dir, '.confluence.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^baseUrl: (\S+?)\/*$/m, 'baseUrl: $1/confluence'));
    },
  });

  it('signs in with a personal access token and publishes a file through the Data Center API', async () => {
    const { workbench } = vscode();
    const c = vscode().confluence!;
    await run(workbench, 'Confluence: Sign In');
    await workbench.waitForQuickInput(/Address of your Confluence site/);
    await workbench.submitQuickInput(`${c.url}/confluence`);
    await workbench.waitForQuickInput(/Which kind of Confluence site/);
    await workbench.pickQuickItem(/Data Center/);
    await workbench.waitForQuickInput(/Personal access token/);
    await workbench.submitQuickInput(c.pat);
    await workbench.waitForNotification(/Signed in to .*\/confluence as /, 30_000);
    await waitForStatus(vscode(), /Confluence: 1 blocked: secrets, 8 to publish$/);
    await workbench.openFile('docs/getting-started.md');
    await run(workbench, 'Confluence: Publish to Confluence (Current File)');
    await workbench.waitForNotification(/Published "Getting Started" to Confluence \(created, version 1\)\. 1 page above it was published too\./, 60_000);
    // Through the Data Center REST API, with the same token.
    const res = await fetch(`${c.url}/confluence/rest/api/content?spaceKey=DOCS&title=${encodeURIComponent('Getting Started')}`, {
      headers: { Authorization: `Bearer ${c.pat}`, Accept: 'application/json' },
    });
    const found = (await res.json()) as { results: Array<{ id: string }> };
    assert.equal(found.results.length, 1, 'the page exists on the Data Center side');
    const log = (c.server as unknown as { requestLog: Array<{ path?: string; url?: string }> }).requestLog;
    assert.ok(log.some((e) => /\/confluence\/rest\/api\/content/.test(e.path ?? e.url ?? '')), 'the extension used the Data Center API');
    // The status bar follows: 8 pages to publish before (as the plan counts: folder pages too), 6 after.
    await waitForStatus(vscode(), /Confluence: 1 blocked: secrets, 6 to publish$/);
    await vscode().screenshot('datacenter-published');
  });
});
