// The e2e harness: a real VS Code (code-server 4.100.3 = VS Code 1.100.3) with the packaged extension installed,
// a fixture workspace, Chromium driven by playwright-core, and optionally the local Confluence server.
// See README.md beside this file.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page } from 'playwright-core';
import { ensureCodeServer, installVsix, startCodeServer, type CodeServer } from './codeServer';
import { CHROMIUM, FIXTURE_WORKSPACE, INHOST_SUITE_DIR, RESULTS_DIR, ROOT, RUNNER_EXTENSION_DIR, VSIX } from './paths';
import { trackPid } from './processes';
import { NOTIFICATION_RECORDER, Workbench, waitFor } from './workbench';

export { Workbench, waitFor } from './workbench';
export type { Dialog, Notification, QuickInputState, StatusBarItem, TreeItem } from './workbench';
export * as paths from './paths';

export const EXTENSION_ID = 'docs-to-confluence.docs-to-confluence';

/** What the test-only runner extension reports from inside the extension host once activation has settled. */
export interface HostStatus {
  found: boolean;
  activated: boolean;
  /** 'self': it activated through its own activation events; 'runner': the runner had to call activate(). */
  activatedBy?: 'self' | 'runner';
  error?: string;
  version?: string;
  vscodeVersion: string;
  appName: string;
  uiKind: 'web' | 'desktop';
  nodeVersion: string;
  workspaceFolders: string[];
  /** vscode.workspace.isTrusted */
  trusted: boolean;
  activationWaitMs: number;
  /** Registered command ids starting with `confluence.`. */
  commands: string[];
}

export interface InHostResults {
  files?: string[];
  tests: Array<{ title: string; fullTitle: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }>;
  error?: string;
  durationMs: number;
}

export interface LocalConfluence {
  url: string;
  email: string;
  token: string;
  pat: string;
  space: string;
  /** The server object `startLocalServer` returned (src/server): use its API to inspect state. */
  server: { url: string; close(): Promise<void> | void; [k: string]: unknown };
}

export interface LaunchOptions {
  /** Names the result folder (test-results/e2e/<name>/): logs, screenshots. */
  name: string;
  /** Folder copied as the workspace (default: test/e2e/fixtures/workspace). Tests may change the copy freely. */
  workspace?: string;
  /** Called with the copied workspace folder before VS Code starts (add/modify files). */
  prepareWorkspace?: (dir: string) => void | Promise<void>;
  /** `git init` + commit in the copy (default false). */
  gitInit?: boolean;
  /**
   * Workspace trust on, with the workspace NOT trusted (restricted mode). Default false: code-server runs with
   * --disable-workspace-trust, which no setting can override.
   */
  workspaceTrust?: boolean;
  /** User settings on top of the harness defaults (BASE_SETTINGS in codeServer.ts). */
  settings?: Record<string, unknown>;
  /** Start the local Confluence server (src/server) and point the workspace's `.confluence.yml` baseUrl at it. */
  confluence?: boolean;
  /** Spaces the local Confluence server starts with (default: DOCS "Documentation"). */
  confluenceSpaces?: Array<{ key: string; name: string }>;
  /** Extra environment for code-server and the extension host. */
  env?: Record<string, string>;
  /** The .vsix to install (default dist/docs-to-confluence.vsix). */
  vsix?: string;
  /** Run the in-host mocha suite (out/inhost/suite) inside the extension host. */
  inhost?: boolean;
  /** Wait for the extension under test to activate before returning (default true). */
  waitForActivation?: boolean;
  /** ms the runner waits for the extension to activate by itself before calling activate() (default 15000). */
  activationGraceMs?: number;
  viewport?: { width: number; height: number };
}

export interface VSCodeSession {
  workbench: Workbench;
  page: Page;
  /** The copied workspace folder VS Code has open. */
  workspace: string;
  /** test-results/e2e/<name>: code-server.log, exthost logs copied on close, screenshots/. */
  resultsDir: string;
  codeServer: CodeServer;
  confluence?: LocalConfluence;
  timings: Record<string, number>;
  /** The runner extension's report (waits for it). */
  hostStatus(timeout?: number): Promise<HostStatus>;
  /** In-host suite results (only with `inhost: true`; waits for them). */
  inhostResults(timeout?: number): Promise<InHostResults>;
  /** Text of the extension host log(s) of this session. */
  extensionHostLog(): string;
  screenshot(name: string): Promise<string>;
  /** Ends Chromium, code-server (by pid, whole process group) and the local server; removes temp folders. */
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--password-store=basic',
];

function findFiles(dir: string, pattern: RegExp, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, pattern, out);
    else if (pattern.test(e.name)) out.push(p);
  }
  return out;
}

async function startConfluence(spaces?: Array<{ key: string; name: string }>): Promise<LocalConfluence> {
  // Loaded lazily (tsx compiles it): specs that do not publish need no server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(ROOT, 'src', 'server')) as { startLocalServer(o: { port: number; spaces?: Array<{ key: string; name: string }> }): Promise<LocalConfluence['server']> };
  const server = await mod.startLocalServer({ port: 0, ...(spaces ? { spaces } : {}) });
  return { url: server.url, email: 'demo@example.com', token: 'local-dev-token', pat: 'local-dev-pat', space: 'DOCS', server };
}

function setBaseUrl(workspace: string, url: string): void {
  const file = path.join(workspace, '.confluence.yml');
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, /^baseUrl:.*$/m.test(text) ? text.replace(/^baseUrl:.*$/m, `baseUrl: ${url}`) : `baseUrl: ${url}\n${text}`);
}

/** Starts code-server with the packaged extension and opens the workspace in Chromium. */
export async function launchVSCode(opts: LaunchOptions): Promise<VSCodeSession> {
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const mark = (k: string, since = t0): void => {
    timings[k] = Date.now() - since;
  };
  const resultsDir = path.join(RESULTS_DIR, opts.name.replace(/[^\w.-]+/g, '-'));
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const base = mkdtempSync(path.join(os.tmpdir(), 'confluence-e2e-'));
  const workspace = path.join(base, 'workspace');
  const statusFile = path.join(base, 'host-status.json');
  const inhostFile = path.join(resultsDir, 'inhost-results.json');

  let codeServer: CodeServer | undefined;
  let browserServer: BrowserServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let untrack: (() => void) | undefined;
  let confluence: LocalConfluence | undefined;
  let closed = false;

  const collectLogs = (): void => {
    for (const f of findFiles(path.join(base, 'user-data', 'logs'), /^(exthost|remoteexthost|remoteagent)\d*\.log$|\.log$/)) {
      const rel = path.relative(path.join(base, 'user-data', 'logs'), f).replace(/[\\/]/g, '_');
      try {
        cpSync(f, path.join(resultsDir, 'logs', rel));
      } catch {
        /* best effort */
      }
    }
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await browserServer?.close().catch(() => undefined);
    const pid = browserServer?.process().pid;
    if (pid) {
      try {
        process.kill(-pid, 'SIGKILL'); // Chromium's helpers (renderer, GPU, zygote) share its process group
      } catch {
        /* already gone */
      }
    }
    untrack?.();
    await codeServer?.stop().catch(() => undefined);
    collectLogs();
    await Promise.resolve(confluence?.server.close()).catch(() => undefined);
    if (!process.env.E2E_KEEP_TEMP) rmSync(base, { recursive: true, force: true });
  };

  try {
    await ensureCodeServer();
    cpSync(opts.workspace ?? FIXTURE_WORKSPACE, workspace, { recursive: true });
    if (opts.confluence) {
      const t = Date.now();
      confluence = await startConfluence(opts.confluenceSpaces);
      mark('confluenceStartMs', t);
      setBaseUrl(workspace, confluence.url);
    }
    await opts.prepareWorkspace?.(workspace);
    if (opts.gitInit) {
      const { execFileSync } = await import('node:child_process');
      const git = (...a: string[]): void => void execFileSync('git', a, { cwd: workspace, stdio: 'ignore' });
      git('init', '-q', '-b', 'main');
      git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'add', '-A');
      git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-q', '-m', 'fixture');
    }

    // The test-only runner extension (never shipped) is unpacked first: the installer below then registers it in
    // extensions.json with the extension under test (an unpacked folder added later is "marked as removed").
    // The test-only runner extension, unpacked beside it (never shipped).
    if (!existsSync(path.join(RUNNER_EXTENSION_DIR, 'extension.js'))) {
      throw new Error(`${RUNNER_EXTENSION_DIR} is not built: run \`node test/e2e/run.mjs --build-only\``);
    }
    cpSync(RUNNER_EXTENSION_DIR, path.join(base, 'extensions', 'docs-to-confluence-tests.confluence-inhost-runner-0.0.1'), { recursive: true });
    // The extension under test, installed from its .vsix like a user would.
    const vsix = opts.vsix ?? VSIX;
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run build && npm run package\` (test/e2e/run.mjs does)`);
    let t = Date.now();
    await installVsix(base, vsix);
    mark('installVsixMs', t);

    const env: Record<string, string> = {
      CONFLUENCE_E2E_STATUS_FILE: statusFile,
      CONFLUENCE_E2E_EXTENSION_ID: EXTENSION_ID,
      CONFLUENCE_E2E_ACTIVATION_GRACE_MS: String(opts.activationGraceMs ?? 15_000),
      CONFLUENCE_E2E_ROOT: ROOT,
      ...opts.env,
    };
    if (opts.inhost) {
      rmSync(inhostFile, { force: true });
      env.CONFLUENCE_INHOST_RESULTS = inhostFile;
      env.CONFLUENCE_INHOST_SUITE = INHOST_SUITE_DIR;
    }
    t = Date.now();
    codeServer = await startCodeServer({
      baseDir: base,
      workspace,
      settings: opts.settings,
      workspaceTrust: opts.workspaceTrust,
      env,
      logFile: path.join(resultsDir, 'code-server.log'),
    });
    mark('codeServerStartMs', t);

    t = Date.now();
    // launchServer (not launch) so that we know Chromium's pid: it is killed by pid even if the test crashes.
    browserServer = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    untrack = trackPid('chromium', browserServer.process().pid);
    browser = await chromium.connect(browserServer.wsEndpoint());
    context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    await context.addInitScript(NOTIFICATION_RECORDER);
    const page = await context.newPage();
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    mark('workbenchVisibleMs', t);

    const workbench = new Workbench(page, path.join(resultsDir, 'screenshots'));
    const session: VSCodeSession = {
      workbench,
      page,
      workspace,
      resultsDir,
      codeServer,
      confluence,
      timings,
      async hostStatus(timeout = 120_000) {
        return waitFor(() => (existsSync(statusFile) ? (JSON.parse(readFileSync(statusFile, 'utf8')) as HostStatus) : undefined), {
          timeout,
          interval: 200,
          message: 'the runner extension to report activation (is the extension host up? see code-server.log)',
        });
      },
      async inhostResults(timeout = 120_000) {
        if (!opts.inhost) throw new Error('launch with { inhost: true } to run the in-host suite');
        return waitFor(() => (existsSync(inhostFile) ? (JSON.parse(readFileSync(inhostFile, 'utf8')) as InHostResults) : undefined), {
          timeout,
          interval: 300,
          message: 'in-host suite results',
        });
      },
      extensionHostLog() {
        return findFiles(path.join(base, 'user-data', 'logs'), /exthost\d*\.log$/)
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
      },
      screenshot: (name) => workbench.screenshot(name),
      close,
    };
    if (opts.waitForActivation !== false) {
      const status = await session.hostStatus();
      mark('activatedMs');
      if (!status.activated) {
        throw new Error(`the extension did not activate: ${status.error}\n--- extension host log ---\n${session.extensionHostLog().slice(-4000)}`);
      }
    }
    mark('launchMs');
    return session;
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Mocha helper: one VS Code per `describe` block. Launches in `before`, screenshots failed tests in `afterEach`
 * (test-results/e2e/<name>/screenshots/FAILED-<test>.png), closes in `after`. Returns a getter.
 */
export function useVSCode(opts: LaunchOptions): () => VSCodeSession {
  let session: VSCodeSession | undefined;
  before(async function () {
    this.timeout(300_000); // a cold start on a busy 2-core machine has taken 85 s
    session = await launchVSCode(opts);
  });
  afterEach(async function () {
    if (session && this.currentTest?.state === 'failed') {
      await session.screenshot(`FAILED-${this.currentTest.title}`).catch(() => undefined);
    }
  });
  after(async function () {
    this.timeout(30_000);
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('VS Code is not running (launch failed in before())');
    return session;
  };
}
