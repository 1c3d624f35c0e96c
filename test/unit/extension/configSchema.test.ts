// Issue 15 point 6: the JSON schema the YAML extension uses for .confluence.yml says what the loader accepts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadWorkspaceConfig } from '../../../src/core';

const schema = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'media', 'schemas', 'confluence.schema.json'), 'utf8')) as {
  properties: Record<string, { type?: string | string[]; $ref?: string }>;
  additionalProperties: boolean;
};
const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { yamlValidation: Array<{ fileMatch: string; url: string }> };
};

const sample: Record<string, string> = {
  string: 'x', number: '2', integer: '2', boolean: 'true', array: '\n  - a',
};

describe('.confluence.yml schema (issue 15)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-schema-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is contributed for .confluence.yml', () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: '.confluence.yml', url: './media/schemas/confluence.schema.json' }]);
  });

  it('every key of the schema (canonical, snake_case, alias) is accepted by the loader', () => {
    for (const [key, prop] of Object.entries(schema.properties)) {
      const target = prop.$ref ? schema.properties[prop.$ref.split('/').pop()!] : prop;
      const type = Array.isArray(target.type) ? target.type[0] : target.type!;
      const value = key.toLowerCase().includes('url') ? 'https://acme.atlassian.net/wiki' : sample[type];
      writeFileSync(path.join(dir, '.confluence.yml'), `${key}: ${value}\n`);
      assert.doesNotThrow(() => loadWorkspaceConfig(dir), `${key} is accepted`);
    }
  });

  it('a key the schema does not know is refused by the loader too, naming its line', () => {
    assert.equal(schema.additionalProperties, false);
    writeFileSync(path.join(dir, '.confluence.yml'), 'spaceKey: DOCS\nspacekey_typo: DOCS\n');
    assert.throws(() => loadWorkspaceConfig(dir), (e: unknown) => e instanceof ConfigError && e.line === 2 && /unknown setting/.test(e.message));
  });
});
