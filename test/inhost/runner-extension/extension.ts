// Test-only extension, never shipped (not in the .vsix): the e2e harness unpacks it beside the extension under test.
// On startup it
//  1. waits for the extension under test to activate (forces it after a grace period) and writes a status JSON
//     to $CONFLUENCE_E2E_STATUS_FILE (activated or the error thrown by activate(), registered confluence.* commands);
//  2. if $CONFLUENCE_INHOST_RESULTS is set, runs the in-host mocha suite ($CONFLUENCE_INHOST_SUITE/*.test.js, the
//     same files @vscode/test-cli runs on a laptop) and writes every test's result to that file.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface TestRecord {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file); // readers never see half a file
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

async function waitForActivation(ext: vscode.Extension<unknown>, graceMs: number): Promise<'self' | 'runner'> {
  const deadline = Date.now() + graceMs;
  while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const by = ext.isActive ? 'self' : 'runner';
  const api = (await ext.activate()) as { ready?: unknown } | undefined; // rethrows what activate() threw
  // The extension's API may carry a `ready` promise that settles when its startup work (first scan) is done.
  if (api && api.ready instanceof Promise) await api.ready;
  return by;
}

async function reportActivation(): Promise<void> {
  const statusFile = process.env.CONFLUENCE_E2E_STATUS_FILE;
  const extId = process.env.CONFLUENCE_E2E_EXTENSION_ID ?? 'docs-to-confluence.docs-to-confluence';
  const graceMs = Number(process.env.CONFLUENCE_E2E_ACTIVATION_GRACE_MS ?? 15000);
  const started = Date.now();
  const status: Record<string, unknown> = {
    extensionId: extId,
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    nodeVersion: process.version,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    trusted: vscode.workspace.isTrusted,
  };
  const ext = vscode.extensions.getExtension(extId);
  status.found = Boolean(ext);
  if (ext) {
    status.version = (ext.packageJSON as { version?: string }).version;
    try {
      status.activatedBy = await waitForActivation(ext, graceMs);
      status.activated = true;
    } catch (e) {
      status.activated = false;
      status.error = errorText(e);
    }
  } else {
    status.activated = false;
    status.error = `extension ${extId} is not installed (or was refused: see the extension host log)`;
  }
  status.activationWaitMs = Date.now() - started;
  status.commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('confluence.')).sort();
  if (statusFile) writeJson(statusFile, status);
}

async function runSuite(resultsFile: string): Promise<void> {
  const root = process.env.CONFLUENCE_E2E_ROOT;
  const suiteDir = process.env.CONFLUENCE_INHOST_SUITE;
  const tests: TestRecord[] = [];
  const started = Date.now();
  try {
    if (!root || !suiteDir) throw new Error('CONFLUENCE_E2E_ROOT and CONFLUENCE_INHOST_SUITE must be set');
    // mocha comes from the project's node_modules (this extension is never packaged).
    const req = createRequire(path.join(root, 'package.json'));
    const Mocha = req('mocha') as typeof import('mocha');
    const mocha = new Mocha({ ui: 'tdd', timeout: 30000, color: false, reporter: 'dot' });
    const files = fs
      .readdirSync(suiteDir)
      .filter((f) => f.endsWith('.test.js'))
      .sort()
      .map((f) => path.join(suiteDir, f));
    for (const f of files) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const record = (t: Mocha.Test, state: TestRecord['state'], err?: unknown): void => {
        tests.push({ title: t.title, fullTitle: t.fullTitle(), state, durationMs: t.duration, error: err ? errorText(err) : undefined });
      };
      runner.on('pass', (t: Mocha.Test) => record(t, 'passed'));
      runner.on('fail', (t: Mocha.Test, err: unknown) => record(t, 'failed', err));
      runner.on('pending', (t: Mocha.Test) => record(t, 'pending'));
    });
    writeJson(resultsFile, { files: files.map((f) => path.basename(f)), tests, durationMs: Date.now() - started });
  } catch (e) {
    writeJson(resultsFile, { tests, error: errorText(e), durationMs: Date.now() - started });
  }
}

export async function activate(): Promise<void> {
  // Do not block the host's startup: report from a later tick.
  setTimeout(() => {
    void (async () => {
      await reportActivation().catch((e) => {
        const f = process.env.CONFLUENCE_E2E_STATUS_FILE;
        if (f) writeJson(f, { activated: false, error: `runner failed: ${errorText(e)}` });
      });
      const results = process.env.CONFLUENCE_INHOST_RESULTS;
      if (results) await runSuite(results);
    })();
  }, 0);
}

export function deactivate(): void {}
