// code-server (VS Code 1.100.3 + a real Node extension host) started on loopback with throwaway folders.
import { execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER_BIN, ROOT } from './paths';
import { spawnTracked, stopTracked } from './processes';

const execFileP = promisify(execFile);

/** Runs scripts/setup-e2e.sh (quick when everything is cached) unless the install is already there. */
export async function ensureCodeServer(): Promise<string> {
  if (!existsSync(CODE_SERVER_BIN)) {
    await execFileP('bash', [path.join(ROOT, 'scripts', 'setup-e2e.sh')], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  }
  return CODE_SERVER_BIN;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** User settings written before launch (see shared notes): no welcome page, no trust prompt, no auto-save, ... */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.tree.enableStickyScroll': false,
  'workbench.list.smoothScrolling': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingOvertype': 'never',
  'editor.autoIndent': 'none',
  'editor.autoSurround': 'never',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.wordBasedSuggestions': 'off',
  'editor.parameterHints.enabled': false,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

export interface CodeServerOptions {
  /** Throwaway root for user-data, extensions, XDG data and logs. */
  baseDir: string;
  workspace: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  logFile: string;
  /** Keep workspace trust on (the folder then opens untrusted: a fresh user-data dir trusts nothing). Default off. */
  workspaceTrust?: boolean;
}

/** Settings for a run with workspace trust on and the folder left untrusted (no prompt). */
export const TRUST_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'always',
};

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  /** The whole code-server output since launch. */
  output(): string;
  stop(): Promise<void>;
}

/** Environment without the caller's VSCODE_* (they make code-server hand the folder to another instance). */
export function cleanEnv(extra: Record<string, string> = {}, baseDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  if (baseDir) env.XDG_DATA_HOME = path.join(baseDir, 'xdg-data');
  return { ...env, ...extra };
}

export function codeServerDirs(baseDir: string): { userDataDir: string; extensionsDir: string } {
  return { userDataDir: path.join(baseDir, 'user-data'), extensionsDir: path.join(baseDir, 'extensions') };
}

/** Installs a .vsix into the throwaway extensions dir with code-server's own installer (what a user does). */
export async function installVsix(baseDir: string, vsix: string): Promise<void> {
  const { userDataDir, extensionsDir } = codeServerDirs(baseDir);
  mkdirSync(extensionsDir, { recursive: true });
  const { stdout, stderr } = await execFileP(
    CODE_SERVER_BIN,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { env: cleanEnv({}, baseDir), timeout: 120_000 },
  );
  const out = `${stdout}\n${stderr}`;
  if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const { userDataDir, extensionsDir } = codeServerDirs(opts.baseDir);
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...(opts.workspaceTrust ? TRUST_SETTINGS : {}), ...opts.settings }, null, 2),
  );
  const port = await freePort();
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile);
  let output = '';
  const child = spawnTracked(
    'code-server',
    CODE_SERVER_BIN,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--log', 'info',
      opts.workspace,
    ],
    { env: cleanEnv(opts.env, opts.baseDir), stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.baseDir },
  );
  const onData = (b: Buffer): void => {
    output += b.toString();
    log.write(b);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stopTracked(child);
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    pid: child.pid!,
    userDataDir,
    extensionsDir,
    process: child,
    output: () => output,
    async stop() {
      await stopTracked(child);
      log.end();
    },
  };
}
