// The layering rules live in eslint.config.mjs and run in `npm run lint` (part of `npm test`). These tests make sure
// the rules stay configured and still catch each import form: they lint small snippets as if they were files in src/.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');
const RESTRICTED = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;

/** The architecture findings (rule ids + messages) ESLint reports for `code` placed at `file` (relative to the repo). */
async function violations(file: string, code: string): Promise<{ ruleId: string; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `ESLint could not parse the snippet for ${file}`);
  return result.messages
    .filter((m) => m.ruleId !== null && RESTRICTED.has(m.ruleId))
    .map((m) => ({ ruleId: m.ruleId as string, message: m.message }));
}

describe('architecture (ESLint rules in eslint.config.mjs)', function () {
  this.timeout(60_000);
  before(() => {
    eslint = new ESLint({ cwd: root });
  });

  it('is configured for every layer', async () => {
    for (const file of ['src/core/sync/x.ts', 'src/cli/commands/x.ts', 'src/extension/x.ts', 'src/server/x.ts']) {
      const config = await eslint.calculateConfigForFile(join(root, file));
      const rule: unknown = config?.rules?.['@typescript-eslint/no-restricted-imports'];
      assert.ok(Array.isArray(rule) && [2, 'error'].includes(rule[0]), `no-restricted-imports is not an error for ${file}`);
    }
  });

  it('front ends may not reach inside src/core: only its front door', async () => {
    const deep = [
      `import { PlanError } from '../../core/sync/planner';\nexport { PlanError };`,
      `import type { SyncPlan } from '../../core/sync/types';\nexport type { SyncPlan };`,
      `import { storageToHtml } from '../../core/storage/index';\nexport { storageToHtml };`,
      `export { scanText } from '../../core/secrets';`,
      `export const load = () => import('../../core/sync/engine');`,
      `export const load = () => require('../../core/sync/engine');`,
    ];
    for (const dir of ['src/cli/commands', 'src/extension/publish', 'src/server/routes']) {
      for (const code of deep) {
        const found = await violations(`${dir}/x.ts`, code);
        assert.equal(found.length, 1, `${dir}: not reported: ${code}`);
        assert.match(found[0].message, /front door, src\/core\/index\.ts/);
      }
    }
    // One level up (src/cli/x.ts) too.
    assert.equal((await violations('src/cli/x.ts', `import { SyncEngine } from '../core/sync/engine';\nexport { SyncEngine };`)).length, 1);
  });

  it('the front door itself is allowed', async () => {
    assert.deepEqual(await violations('src/cli/commands/x.ts', `import { SyncEngine, type SyncPlan } from '../../core';\nexport { SyncEngine, type SyncPlan };`), []);
    assert.deepEqual(await violations('src/server/x.ts', `import { storageToHtml } from '../core';\nexport { storageToHtml };`), []);
    // A front end's own modules whose names merely contain "core" are not core.
    assert.deepEqual(await violations('src/extension/x.ts', `import { score } from './score/core';\nexport { score };`), []);
  });

  it('only src/extension may import vscode', async () => {
    const forms = [
      `import * as vscode from 'vscode';\nexport { vscode };`,
      `import type { Uri } from 'vscode';\nexport type { Uri };`,
      `export const v = require('vscode');`,
      `export const v = () => import('vscode');`,
    ];
    for (const file of ['src/core/sync/x.ts', 'src/core/x.ts', 'src/cli/x.ts', 'src/server/x.ts']) {
      for (const code of forms) {
        const found = await violations(file, code);
        assert.equal(found.length, 1, `${file}: not reported: ${code}`);
        assert.match(found[0].message, /Only src\/extension may import `vscode`/);
      }
    }
    assert.deepEqual(await violations('src/extension/x.ts', forms[0]), []);
  });

  it('src/core never imports a front end', async () => {
    for (const spec of ['../../cli/session', '../../extension/config', '../server/store', '../cli']) {
      const found = await violations('src/core/sync/x.ts', `import { a } from '${spec}';\nexport { a };`);
      assert.equal(found.length, 1, `not reported: ${spec}`);
      assert.match(found[0].message, /must not import a front end/);
    }
    // Core's own modules import each other freely.
    assert.deepEqual(await violations('src/core/sync/x.ts', `import { scanText } from '../secrets/scanner';\nexport { scanText };`), []);
  });

  it('src/core touches files only through the FileSystem port: no fs import outside the Node adapter', async () => {
    const forms = (spec: string) => [
      `import { readFileSync } from '${spec}';\nexport { readFileSync };`,
      `import * as fs from '${spec}';\nexport { fs };`,
      `import type { Stats } from '${spec}';\nexport type { Stats };`,
      `export { readFile } from '${spec}';`,
      `import fs = require('${spec}');\nexport { fs };`,
      `export const fs = require('${spec}');`,
      `export const fs = () => import('${spec}');`,
    ];
    for (const spec of ['fs', 'node:fs', 'fs/promises', 'node:fs/promises']) {
      for (const file of ['src/core/sync/x.ts', 'src/core/x.ts', 'src/core/files/x.ts']) {
        for (const code of forms(spec)) {
          const found = await violations(file, code);
          assert.equal(found.length, 1, `${file}: not reported: ${code}`);
          assert.match(found[0].message, /only through the FileSystem port/);
        }
      }
    }
    // The Node adapter is the one exception; front ends and other node modules are not affected.
    const config = await eslint.calculateConfigForFile(join(root, 'src/core/files/nodeFileSystem.ts'));
    assert.ok(config?.rules?.['@typescript-eslint/no-restricted-imports'], 'the adapter keeps the other core rules');
    assert.deepEqual(await violations('src/core/files/nodeFileSystem.ts', `import * as fs from 'node:fs';\nexport { fs };`), []);
    assert.equal((await violations('src/core/files/nodeFileSystem.ts', `import * as vscode from 'vscode';\nexport { vscode };`)).length, 1);
    assert.deepEqual(await violations('src/cli/x.ts', `import { readFileSync } from 'node:fs';\nexport { readFileSync };`), []);
    assert.deepEqual(await violations('src/core/x.ts', `import { join } from 'node:path';\nimport { fsError } from './files/fileSystem';\nexport { join, fsError };`), []);
  });
});
