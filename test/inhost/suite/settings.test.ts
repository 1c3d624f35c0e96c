import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activated, manifest } from './helpers';

suite('settings', () => {
  suiteSetup(async () => {
    await activated();
  });

  test('every confluence.* setting declares a default that VS Code reports as its default value', () => {
    const props = manifest().contributes.configuration.properties;
    const keys = Object.keys(props);
    assert.ok(keys.length > 0, 'no settings declared');
    for (const key of keys) {
      assert.ok(key.startsWith('confluence.'), `${key} is not under confluence.*`);
      assert.ok('default' in props[key], `${key} has no default`);
      const inspected = vscode.workspace.getConfiguration().inspect(key);
      assert.ok(inspected, `VS Code does not know ${key}`);
      assert.deepEqual(inspected.defaultValue, props[key].default, `${key}: default`);
    }
  });

  test('no setting can hold a credential (tokens live in SecretStorage)', () => {
    const bad = Object.keys(manifest().contributes.configuration.properties).filter((k) => /token|password|secret(?!s?\.)|apikey|pat$/i.test(k.replace(/^confluence\./, '')));
    assert.deepEqual(bad, []);
  });

  test('a user value is read back and can be removed again', async () => {
    const cfg = () => vscode.workspace.getConfiguration('confluence');
    const key = 'statusBar.enabled';
    const before = cfg().get<boolean>(key);
    assert.equal(typeof before, 'boolean', 'confluence.statusBar.enabled should be a boolean setting');
    await cfg().update(key, !before, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(cfg().get<boolean>(key), !before);
    } finally {
      await cfg().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(cfg().get<boolean>(key), before);
  });
});
