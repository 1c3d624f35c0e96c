// Issue 10: no message, modal or not, holds the extension's publish lock. Before the fix, a message left open after
// a skipped conflict, a failed publish or a 401 made every later publish answer "A publish to Confluence is already
// running" until that notification was closed. Each case leaves its message open and publishes again at once.
import assert from 'node:assert/strict';
import { useVSCode, waitFor, type VSCodeSession } from './harness';
import { Site, notificationMark, runCommand, signIn, waitForNotificationSince } from './harness/site';

const PUBLISH_FILE = 'Confluence: Publish to Confluence (Current File)';
const ALREADY_RUNNING = /already running/i;

/** Publishes the current file and waits for what comes first: a modal dialog matching `dialog`, a notification
 * matching `done`, or the "already running" refusal (returned as such, so the test can say what went wrong). */
async function publishAgain(s: VSCodeSession, expect: { dialog?: RegExp; done?: RegExp }): Promise<string> {
  const { workbench } = s;
  const mark = await notificationMark(workbench);
  await runCommand(workbench, PUBLISH_FILE);
  return waitFor(async () => {
    const shown = (await workbench.notifications()).slice(mark);
    if (shown.some((n) => ALREADY_RUNNING.test(n.message))) return 'refused: already running';
    if (expect.dialog) {
      const d = await workbench.dialog();
      if (d && expect.dialog.test(d.message)) return `dialog: ${d.message}`;
    }
    const done = expect.done && shown.find((n) => expect.done!.test(n.message));
    return done ? `notification: ${done.message}` : undefined;
  }, { timeout: 60_000, message: `the second publish to show ${expect.dialog ?? expect.done}` });
}

/** Closes every notification (each case starts clean; before the fix, closing them is what released the lock). */
async function clearNotifications(s: VSCodeSession): Promise<void> {
  await runCommand(s.workbench, 'Notifications: Clear All Notifications');
}

/** A local edit (typed and saved) so that the next publish has something to write. */
async function editInstallGuide(s: VSCodeSession, line: string): Promise<void> {
  await s.workbench.openFile('docs/guides/install.md');
  await s.workbench.typeInEditor(`\n${line}\n`);
  await s.workbench.saveActiveEditor();
}

describe('VS Code extension: no message holds the publish lock (issue 10)', function () {
  this.timeout(180_000);
  const vscode = useVSCode({ name: 'publish-lock', confluence: true });
  let site: Site;

  before(async function () {
    this.timeout(180_000);
    site = new Site(vscode());
    await signIn(vscode());
    const { workbench } = vscode();
    await workbench.openFile('docs/guides/install.md');
    const mark = await notificationMark(workbench);
    await runCommand(workbench, PUBLISH_FILE);
    await waitForNotificationSince(workbench, mark, /Published "Install Guide" to Confluence/, 60_000);
  });

  it('after a skipped conflict (one short status-bar line, no notification) the next publish runs and asks again', async () => {
    const s = vscode();
    await clearNotifications(s);
    await site.editPage('Install Guide', 'Edited in Confluence by a colleague.');
    await editInstallGuide(s, 'Local change after the remote edit.');
    const mark = await notificationMark(s.workbench);
    await runCommand(s.workbench, PUBLISH_FILE);
    await s.workbench.waitForDialog(/edited in Confluence/, 60_000);
    const before = await site.page('Install Guide');
    await s.workbench.clickDialogButton('Skip');
    // Issue 15 point 3: the user chose Skip; one short line in the status bar says so, no notification repeats it.
    await waitFor(async () => (/Confluence: nothing published/.test(await s.workbench.statusBarText()) ? true : undefined), { message: 'the short status-bar line after Skip' });
    await s.screenshot('skipped-conflict-quiet');

    // Publishing again at once must run, not be refused.
    const second = await publishAgain(s, { dialog: /edited in Confluence/ });
    assert.match(second, /^dialog: .*edited in Confluence/, `the second publish was ${second}`);
    const said = (await s.workbench.notifications()).slice(mark).map((n) => n.message);
    assert.deepEqual(said.filter((m) => /Nothing was published|conflict/i.test(m)), [], `nothing repeats the choice: ${JSON.stringify(said)}`);
    assert.equal((await site.page('Install Guide'))!.version.number, before!.version.number, 'nothing was overwritten by the skip');
    await s.workbench.clickDialogButton('Overwrite');
    const done = await waitForNotificationSince(s.workbench, mark, /Published "Install Guide"/, 60_000);
    assert.match(done.message, /updated/);
    assert.match((await site.page('Install Guide'))!.body, /Local change after the remote edit/);
  });

  it('after Cancel in the secrets modal (nothing said) the next publish runs and asks again', async () => {
    const s = vscode();
    await clearNotifications(s);
    await s.workbench.openFile('docs/runbooks/deploy.md');
    const mark = await notificationMark(s.workbench);
    await runCommand(s.workbench, PUBLISH_FILE);
    await s.workbench.waitForDialog(/likely secret/, 60_000);
    await s.workbench.clickDialogButton('Cancel');
    await waitFor(async () => ((await s.workbench.dialog()) ? undefined : true), { message: 'the secrets modal closed' });
    const second = await publishAgain(s, { dialog: /likely secret/ });
    assert.match(second, /^dialog: .*likely secret/, `the second publish was ${second}`);
    await s.workbench.clickDialogButton('Cancel');
    const said = (await s.workbench.notifications()).slice(mark).map((n) => n.message);
    assert.deepEqual(said, [], `a deliberate Cancel says nothing: ${JSON.stringify(said)}`);
    assert.equal((await site.pages()).some((p) => p.title === 'Deploy Runbook'), false, 'nothing of the blocked document was sent');
  });

  it('after a failed publish (its error message left open) the next publish runs', async () => {
    const s = vscode();
    await clearNotifications(s);
    const server = s.confluence!.server as unknown as { setFaults(f: Record<string, unknown>): void };
    await editInstallGuide(s, 'A change published after a server failure.');
    server.setFaults({ errorRate: 1, methods: ['GET'] });
    const mark = await notificationMark(s.workbench);
    try {
      await runCommand(s.workbench, PUBLISH_FILE);
      await waitForNotificationSince(s.workbench, mark, /Publishing to Confluence failed/, 90_000);
    } finally {
      server.setFaults({ errorRate: 0 });
    }
    await s.screenshot('failure-message-open');
    const second = await publishAgain(s, { done: /Published "Install Guide"/ });
    assert.match(second, /^notification: Published "Install Guide"/, `the second publish was ${second}`);
    assert.match((await site.page('Install Guide'))!.body, /A change published after a server failure/);
  });

  it('after a 401 (its "Sign In" message left open) the next publish runs once the credentials are accepted again', async () => {
    const s = vscode();
    await clearNotifications(s);
    const user = (s.confluence!.server as unknown as { users: Array<{ apiToken: string }> }).users[0];
    const token = user.apiToken;
    await editInstallGuide(s, 'A change published after a rejected token.');
    user.apiToken = 'rotated-by-an-admin';
    const mark = await notificationMark(s.workbench);
    try {
      await runCommand(s.workbench, PUBLISH_FILE);
      await waitForNotificationSince(s.workbench, mark, /rejected the stored credentials \(401\)/, 60_000);
    } finally {
      user.apiToken = token;
    }
    await s.screenshot('401-message-open');
    const second = await publishAgain(s, { done: /Published "Install Guide"/ });
    assert.match(second, /^notification: Published "Install Guide"/, `the second publish was ${second}`);
    assert.match((await site.page('Install Guide'))!.body, /A change published after a rejected token/);
  });
});
