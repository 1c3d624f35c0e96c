import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activated, extension, manifest, workspaceRoot } from './helpers';

suite('activation', () => {
  test('the fixture workspace is open', async () => {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceRoot(), '.confluence.yml'));
    assert.equal(stat.type, vscode.FileType.File);
  });

  test('engines.vscode accepts this VS Code and is no newer than ^1.100.0', () => {
    const range = manifest().engines.vscode;
    const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    assert.ok(m, `engines.vscode should be a caret range, is ${range}`);
    const [maj, min] = [Number(m[1]), Number(m[2])];
    assert.ok(maj === 1 && min <= 100, `engines.vscode ${range} is newer than ^1.100.0`);
    const [vMaj, vMin] = vscode.version.split('.').map(Number);
    assert.ok(vMaj > maj || (vMaj === maj && vMin >= min), `VS Code ${vscode.version} does not satisfy ${range}`);
  });

  test('activates in a workspace with .confluence.yml without throwing', async () => {
    const ext = await activated();
    assert.equal(ext.isActive, true);
  });

  test('activation is lazy: declared events are workspaceContains or implicit, never "*"', () => {
    const events = manifest().activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
    assert.ok(
      events.some((e) => e.startsWith('workspaceContains:') && e.includes('.confluence.yml')),
      `a workspace with .confluence.yml must activate the extension; events: ${JSON.stringify(events)}`,
    );
  });

  test('the extension activated by itself in this workspace (not only because a test called activate())', async () => {
    // workspaceContains:.confluence.yml fires at startup; give the host a moment in case the suite started first.
    const ext = extension();
    const deadline = Date.now() + 15000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true);
  });
});
