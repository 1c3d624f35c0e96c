// Issue 13: the local tree must not wait for the network. With the site down (connection refused) or hanging (it
// accepts connections and never answers), the tree still shows the documents from disk and the mapping file, the
// view says "checking…" while the site is asked, and the status bar says "offline" (icon + word) when it does not
// answer — never "No Markdown documents were found" or "in sync".
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { useVSCode, waitFor, type VSCodeSession } from './harness';
import { runCommand, signIn } from './harness/site';

const VIEW = 'confluence.docs';
const DOCS = ['Install Guide', 'Deploy Runbook'];

async function sidebarText(s: VSCodeSession): Promise<string> {
  return s.page.locator('#workbench\\.parts\\.sidebar').innerText();
}

async function waitStatus(s: VSCodeSession, re: RegExp, timeout = 60_000): Promise<string> {
  return waitFor(async () => {
    const text = await s.workbench.statusBarText();
    return re.test(text) ? text : undefined;
  }, { timeout, message: `status bar matching ${re}` });
}

async function assertTreeShowsDocs(s: VSCodeSession): Promise<void> {
  const rows = await s.workbench.waitForTreeItems(VIEW, (r) => DOCS.every((d) => r.some((x) => x.label === d)));
  assert.ok(rows.every((r) => !/in sync/.test(r.description)), `no document claims "in sync": ${JSON.stringify(rows)}`);
  assert.equal(await s.workbench.welcomeView(VIEW), undefined, 'no welcome view ("No Markdown documents were found")');
}

describe('VS Code extension: the local tree does not wait for the site (issue 13)', function () {
  this.timeout(240_000);
  const vscode = useVSCode({ name: 'offline', confluence: true });
  let hanging: net.Server | undefined;
  const sockets: net.Socket[] = [];

  before(async function () {
    this.timeout(180_000);
    await signIn(vscode());
    await vscode().workbench.openViewContainer('Confluence');
    await assertTreeShowsDocs(vscode());
    await waitStatus(vscode(), /to publish/);
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => (hanging ? hanging.close(r) : r(undefined)));
  });

  it('site down (connection refused): the tree keeps the documents, the status bar says offline', async () => {
    const s = vscode();
    await s.confluence!.server.close();
    await runCommand(s.workbench, 'Confluence: Refresh');
    const status = await waitStatus(s, /offline/);
    assert.match(status, /Confluence: offline, (.*, )?\d+ to publish/);
    await assertTreeShowsDocs(s);
    assert.match(await sidebarText(s), /Confluence is offline/, 'the view says offline too');
    const item = await s.workbench.statusBarItem('confluence.status');
    assert.ok(item, 'the status item');
    await s.screenshot('offline-refused');
  });

  it('site hanging: "checking…" while it is asked, then "offline", the tree shown all along', async () => {
    const s = vscode();
    const port = Number(new URL(s.confluence!.url).port);
    hanging = net.createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve, reject) => hanging!.once('error', reject).listen(port, '127.0.0.1', resolve));
    await runCommand(s.workbench, 'Confluence: Refresh');
    await waitFor(async () => (/Checking Confluence…/.test(await sidebarText(s)) ? true : undefined), { timeout: 30_000, message: 'the view to say Checking Confluence…' });
    assert.doesNotMatch(await s.workbench.statusBarText(), /in sync/);
    await assertTreeShowsDocs(s);
    await s.screenshot('offline-checking');
    const status = await waitStatus(s, /offline/, 60_000);
    assert.match(status, /offline/);
    await assertTreeShowsDocs(s);
    await s.screenshot('offline-hanging');
  });
});
