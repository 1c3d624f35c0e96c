import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activated, manifest } from './helpers';

suite('commands', () => {
  suiteSetup(async () => {
    await activated();
  });

  test('every command declared in package.json is registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest()
      .contributes.commands.map((c) => c.command)
      .filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  test('every registered confluence.* command is declared (no hidden, undocumented commands)', async () => {
    const declared = new Set(manifest().contributes.commands.map((c) => c.command));
    const extra = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith('confluence.') && !declared.has(id) && !/^confluence\.docs\./.test(id) && id !== 'confluence.docs',
    );
    assert.deepEqual(extra, [], `registered but not declared: ${extra.join(', ')}`);
  });

  test('all commands are in the "Confluence" category and the user-facing ones are there', () => {
    const cmds = manifest().contributes.commands;
    const wrong = cmds.filter((c) => c.category !== 'Confluence').map((c) => c.command);
    assert.deepEqual(wrong, [], `commands outside the Confluence category: ${wrong.join(', ')}`);
    const titles = cmds.map((c) => c.title);
    for (const t of [
      /Publish to Confluence/,
      /^Publish Workspace$/,
      /^Show Publish Plan$/,
      /^Sign In$/,
      /^Sign Out$/,
      /^Open Page in Confluence$/,
      /^Preview as Confluence$/,
      /^Scan for Secrets$/,
      /^Refresh$/,
      /^Import Space…$/,
      /^Pull from Confluence$/,
    ]) {
      assert.ok(titles.some((x) => t.test(x)), `no command titled ${t}; titles: ${titles.join(' | ')}`);
    }
  });

  test('menus only reference declared commands', () => {
    const declared = new Set(manifest().contributes.commands.map((c) => c.command));
    const dangling: string[] = [];
    for (const [menu, entries] of Object.entries(manifest().contributes.menus ?? {})) {
      for (const e of entries) if (e.command && !declared.has(e.command)) dangling.push(`${menu}: ${e.command}`);
    }
    assert.deepEqual(dangling, []);
  });

  test('Refresh runs without throwing', async () => {
    await vscode.commands.executeCommand('confluence.refresh');
  });
});
