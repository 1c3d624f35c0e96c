// Foundation: the packaged extension in a real VS Code 1.100.3 (code-server + Chromium), driven like a person would.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { launchVSCode, useVSCode } from './harness';
import { liveProcesses } from './harness/processes';

/** The nine user-facing commands, as the palette labels them. */
const PALETTE_COMMANDS = [
  /^Confluence: Publish to Confluence/, // "Publish Current File", titled so that "Publish to Confluence" finds it
  /^Confluence: Publish Workspace$/,
  /^Confluence: Show Publish Plan$/,
  /^Confluence: Sign In$/,
  /^Confluence: Sign Out$/,
  /^Confluence: Open Page in Confluence$/,
  /^Confluence: Preview as Confluence$/,
  /^Confluence: Scan for Secrets$/,
  /^Confluence: Refresh$/,
];

describe('foundation: the extension in a real VS Code', function () {
  this.timeout(120_000);
  const vscode = useVSCode({ name: 'foundation', confluence: true });

  it('activates by itself in the fixture workspace, in VS Code 1.100.3 on Node 20', async () => {
    const s = await vscode().hostStatus();
    assert.equal(s.found, true);
    assert.equal(s.activated, true, s.error);
    assert.equal(s.activatedBy, 'self', 'workspaceContains:.confluence.yml should activate it without help');
    assert.equal(s.vscodeVersion, '1.100.3');
    assert.match(s.nodeVersion, /^v20\./);
    assert.ok(s.commands.includes('confluence.refresh') && s.commands.includes('confluence.scanSecrets'), JSON.stringify(s.commands));
    console.log(`      timings: ${JSON.stringify(vscode().timings)}`);
  });

  it('lists the Confluence commands in the command palette (editor commands with a Markdown file open)', async () => {
    const wb = vscode().workbench;
    await wb.openFile('docs/getting-started.md');
    await wb.openCommandPalette('Confluence');
    await wb.screenshot('palette-confluence');
    const items = await wb.quickInputItems();
    await wb.pressEscape();
    // Sign Out is only offered when signed in (checked below, after signing in).
    for (const re of PALETTE_COMMANDS.filter((r) => !/Sign Out/.test(r.source))) {
      assert.ok(items.some((l) => re.test(l)), `palette has no ${re}; it shows:\n${items.join('\n')}`);
    }
    assert.ok(!items.some((l) => /Sign Out/.test(l)), 'Sign Out should be hidden while signed out');
    // "Publish to Confluence" finds the publish-current-file command.
    const publish = await wb.commandPaletteItems('Publish to Confluence');
    assert.ok(publish.some((l) => /^Confluence: Publish to Confluence/.test(l)), publish.join('\n'));
  });

  it('after signing in to the local server, all nine commands are in the palette', async () => {
    const { workbench: wb, confluence } = vscode();
    await wb.runCommand('Confluence: Sign In');
    await wb.waitForQuickInput(/Address of your Confluence site/);
    await wb.submitQuickInput(`${confluence!.url}/wiki`);
    await wb.waitForQuickInput(/Which kind of Confluence site/);
    await wb.pickQuickItem(/^Confluence Cloud: API token$/);
    await wb.waitForQuickInput(/E-mail address/);
    await wb.submitQuickInput(confluence!.email);
    await wb.waitForQuickInput(/API token/);
    await wb.submitQuickInput(confluence!.token);
    await wb.waitForNotification(/Signed in to /, 30_000);
    await wb.openFile('docs/getting-started.md');
    const items = await wb.commandPaletteItems('Confluence');
    for (const re of PALETTE_COMMANDS) {
      assert.ok(items.some((l) => re.test(l)), `palette has no ${re}; it shows:\n${items.join('\n')}`);
    }
  });

  it('shows the Confluence view container with the Docs view', async () => {
    const wb = vscode().workbench;
    assert.ok((await wb.activityBarItems()).some((l) => l.startsWith('Confluence')), 'no Confluence entry in the activity bar');
    await wb.openViewContainer('Confluence');
    const pane = wb.viewPane('confluence.docs');
    await pane.waitFor({ state: 'visible' });
    // Either document rows or a welcome view (e.g. "not signed in" with a Sign In button): never the empty-provider message.
    const state = await wb.waitFor(async () => {
      const text = await pane.innerText();
      if (/no data provider registered/i.test(text)) return undefined;
      const rows = await wb.treeItems('confluence.docs');
      const welcome = await wb.welcomeView('confluence.docs');
      return rows.length || welcome ? { rows, welcome } : undefined;
    }, { timeout: 20_000, message: 'the Docs view to render rows or a welcome view' });
    await wb.screenshot('confluence-view');
    if (state.welcome) {
      assert.match(state.welcome.text, /sign in|configure|documents/i);
      assert.ok(state.welcome.buttons.length > 0, 'the welcome view should offer an action');
    } else {
      assert.ok(state.rows.some((r) => /getting|install|api|index|handbook/i.test(r.label)), JSON.stringify(state.rows));
    }
    assert.ok((await wb.viewTitleActions('confluence.docs')).includes('Refresh'), 'the view should have a Refresh action');
  });

  it('shows the Confluence status-bar item', async () => {
    const wb = vscode().workbench;
    const item = await wb.waitFor(() => wb.statusBarItem('confluence.status'), { message: 'the Confluence status-bar item' });
    assert.equal(item.side, 'left');
    assert.ok(item.text.length > 0 || item.ariaLabel.length > 0, JSON.stringify(item));
    assert.match(`${item.text} ${item.ariaLabel}`, /confluence|sign in|sync|publish|docs?/i);
    await wb.screenshot('status-bar', wb.page.locator('#workbench\\.parts\\.statusbar'));
  });

  it('"Confluence: Scan for Secrets" reports the fake token in docs/runbooks/deploy.md', async () => {
    const wb = vscode().workbench;
    await wb.runCommand('Confluence: Scan for Secrets');
    const n = await wb.waitForNotification(/likely secrets? in/i, 30_000);
    await wb.screenshot('scan-for-secrets');
    assert.equal(n.severity, 'warning', JSON.stringify(n));
    assert.match(n.message, /runbooks\/deploy\.md/);
    assert.doesNotMatch(n.message, /ghp_/, 'a notification must never echo the secret');
    // The findings are in the Problems panel, pointing at the file, never showing the token.
    const problems = await wb.waitFor(async () => {
      const rows = await wb.problems();
      return rows.some((r) => /secret/i.test(r)) ? rows : undefined;
    }, { message: 'a secret finding in the Problems panel' });
    await wb.screenshot('problems-secrets');
    assert.ok(!problems.join('\n').includes('ghp_R8x2'), 'the Problems panel must not show the token');
  });

  it('"Confluence: Refresh" runs from the palette and the workbench stays healthy', async () => {
    const wb = vscode().workbench;
    const before = (await wb.notifications()).length;
    await wb.runCommand('Confluence: Refresh');
    await wb.page.waitForTimeout(1000);
    const errors = (await wb.notifications()).slice(before).filter((n) => n.severity === 'error');
    assert.deepEqual(errors, [], 'Refresh should not raise an error');
    assert.ok(await wb.statusBarItem('confluence.status'), 'the status item is still there after a refresh');
  });
});

describe('harness: processes are ended', function () {
  this.timeout(300_000);

  it('workspaceTrust: true opens the folder untrusted; close() ends code-server (with its extension host) and Chromium', async () => {
    const vs = await launchVSCode({ name: 'cleanup', workspaceTrust: true });
    const pid = vs.codeServer.pid;
    try {
      const status = await vs.hostStatus();
      assert.equal(status.trusted, false, 'the workspace should be untrusted (restricted mode)');
      assert.equal(status.activated, true, status.error);
      const before = liveProcesses();
      assert.ok(before.some((p) => p.name === 'code-server') && before.some((p) => p.name === 'chromium'), JSON.stringify(before));
    } finally {
      await vs.close();
    }
    assert.deepEqual(liveProcesses(), [], 'processes still tracked after close()');
    // A zombie (stat Z, "<defunct>") has already exited: it holds no memory or ports, only a process-table
    // slot until its new parent reaps it, and in containers whose PID 1 does not reap that can be never.
    const stillThere = execFileSync('ps', ['-eo', 'pid,pgid,stat,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => new RegExp(`^\\s*\\d+\\s+${pid}\\s+[^Z\\s]`).test(l));
    assert.deepEqual(stillThere, [], `processes of code-server's group ${pid} survived`);
  });
});
