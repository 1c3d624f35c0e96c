import * as path from 'node:path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';
/** Cached code-server install (scripts/setup-e2e.sh), keyed by version. */
export const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR ?? path.join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
/** The packaged extension under test (`npm run package`). */
export const VSIX = process.env.E2E_VSIX ?? path.join(ROOT, 'dist', 'docs-to-confluence.vsix');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace');
/** Git-ignored: screenshots, logs, in-host results. */
export const RESULTS_DIR = process.env.E2E_RESULTS_DIR ?? path.join(ROOT, 'test-results', 'e2e');
/** Built by test/e2e/run.mjs (esbuild): the test-only runner extension (never shipped) and the in-host suite. */
export const RUNNER_EXTENSION_DIR = path.join(ROOT, 'out', 'inhost', 'runner-extension');
export const INHOST_SUITE_DIR = path.join(ROOT, 'out', 'inhost', 'suite');
