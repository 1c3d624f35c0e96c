// Issue 15 point 6: the Get Started walkthrough, and a bad .confluence.yml shown in the Problems panel on its line
// (our own validation, with or without the YAML extension), driven through the real VS Code UI.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { useVSCode, waitFor } from './harness';
import { runCommand } from './harness/site';

describe('VS Code extension: getting started (issue 15)', function () {
  this.timeout(120_000);
  let badLine = 0;
  const vscode = useVSCode({
    name: 'get-started',
    prepareWorkspace: (dir) => {
      const file = path.join(dir, '.confluence.yml');
      const text = readFileSync(file, 'utf8').replace(/\n*$/, '\n');
      badLine = text.split('\n').length; // the line the typo goes on (1-based)
      writeFileSync(file, `${text}spacekey_typo: DOCS\n`);
    },
  });

  it('an unknown key in .confluence.yml is an Error in the Problems panel, on its line', async () => {
    const { workbench } = vscode();
    await workbench.openFile('.confluence.yml');
    const row = await waitFor(async () => (await workbench.problems()).find((p) => /unknown setting/.test(p)), { timeout: 30_000, message: 'the config error in Problems' });
    assert.match(row, /spacekey_typo/);
    assert.match(row, new RegExp(`\\b${badLine}\\b`), `on line ${badLine}: ${row}`);
    assert.match(row, /\berror\b/i, row);
    await vscode().screenshot('config-error');
  });

  it('the walkthrough lists the steps: site and space, sign in, preview, publish, open the page', async () => {
    const { workbench } = vscode();
    await runCommand(workbench, 'Welcome: Open Walkthrough...');
    await workbench.pickQuickItem(/Get Started with Docs to Confluence/);
    const text = await waitFor(async () => {
      const t = await workbench.page.locator('.gettingStartedContainer').innerText().catch(() => '');
      return /Choose the site and space/.test(t) ? t : undefined;
    }, { timeout: 30_000, message: 'the walkthrough page' });
    for (const step of ['Choose the site and space', 'Sign in', 'Preview a page', 'Publish', 'Open the page']) assert.ok(text.includes(step), `step ${step}: ${text}`);
    await vscode().screenshot('walkthrough');
  });
});
