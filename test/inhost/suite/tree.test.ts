import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activated, manifest } from './helpers';

/** What the extension's activate() returns for tests (see test/e2e/harness/README.md, "Contract"). */
interface ExtensionApi {
  /** Settles when activation's startup work (first configuration read and scan) is done. */
  ready?: Promise<void>;
  docsTreeProvider?: vscode.TreeDataProvider<unknown>;
}

async function labels(provider: vscode.TreeDataProvider<unknown>, parent?: unknown, depth = 0): Promise<string[]> {
  const children = (await provider.getChildren(parent)) ?? [];
  const out: string[] = [];
  for (const child of children) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    out.push(`${'  '.repeat(depth)}${label}`);
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None && depth < 5) {
      out.push(...(await labels(provider, child, depth + 1)));
    }
  }
  return out;
}

suite('tree view', () => {
  let api: ExtensionApi | undefined;
  suiteSetup(async () => {
    api = (await activated()).exports as ExtensionApi | undefined;
    await api?.ready;
  });

  test('the Confluence container and the confluence.docs view are contributed', () => {
    const m = manifest().contributes;
    assert.ok(m.viewsContainers?.activitybar?.some((c) => c.id === 'confluence'));
    assert.ok(m.views?.confluence?.some((v) => v.id === 'confluence.docs'));
  });

  test('the docs view can be focused (its provider is registered)', async () => {
    await vscode.commands.executeCommand('confluence.docs.focus');
  });

  test('the tree data provider is exposed and stays empty before sign-in, so the welcome view shows', async () => {
    const provider = api?.docsTreeProvider;
    assert.ok(provider, 'activate() does not return docsTreeProvider (see test/e2e/harness/README.md, "Contract")');
    // Nobody has signed in inside this fresh profile: the view must be empty for its viewsWelcome content to render.
    // (The signed-in tree is driven through the UI in test/e2e/experience.e2e.ts.)
    assert.deepEqual(await labels(provider), []);
  });
});
