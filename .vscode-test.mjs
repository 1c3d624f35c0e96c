// @vscode/test-cli configuration: the in-host suite (test/inhost/suite) in a VS Code desktop build that
// @vscode/test-electron downloads at test time. For contributors whose machine can reach the VS Code update service:
//
//   npm run test:inhost        (= build + esbuild the suite to out/inhost/suite + vscode-test)
//
// On the project's machines (no such download) the same compiled suite runs inside code-server instead, through the
// test-only runner extension: `npm run test:e2e` (test/inhost/inhost.e2e.ts). See test/e2e/harness/README.md.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'inhost',
  files: 'out/inhost/suite/**/*.test.js',
  version: '1.100.3',
  extensionDevelopmentPath: '.',
  workspaceFolder: 'test/e2e/fixtures/workspace',
  mocha: { ui: 'tdd', timeout: 30000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--use-inmemory-secretstorage'],
});
