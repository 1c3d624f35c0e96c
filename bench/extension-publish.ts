/**
 * Extension publish benchmark (issue 13): the extension's Publish Workspace in a real VS Code (code-server, the
 * packaged .vsix, driven by test/e2e's harness) against the CLI's `confluence sync` on the same generated tree, each
 * against a fresh local server with 20 ms latency per request. Reports both wall times and the longest extension-host
 * stall seen during the extension's publish (the extension's stall monitor, CONFLUENCE_MEASURE_STALLS=<file>).
 * Targets: extension within 1.5x of the CLI; stalls < 100 ms.
 *
 *   npx tsx bench/extension-publish.ts            # 2,000 docs (BENCH_EXT_DOCS=500 for a quick run)
 *   BENCH_EXT_SETTINGS='{"http.proxySupport":"off"}' npx tsx bench/extension-publish.ts   # extra user settings
 *
 * Needs code-server (scripts/setup-e2e.sh) and dist/docs-to-confluence.vsix + dist/cli.js (npm run build && npm
 * run package); skips with a message when they are absent.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from './sync';
import { startLocalServer } from '../src/server';

const ROOT = join(__dirname, '..');
const VSIX = join(ROOT, 'dist', 'docs-to-confluence.vsix');
const CLI = join(ROOT, 'dist', 'cli.js');
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function makeTree(docs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ext-'));
  generateTree(dir, docs, Math.max(4, Math.round(docs / 50)));
  writeFileSync(join(dir, '.confluence.yml'), 'baseUrl: http://127.0.0.1:9/wiki\nspaceKey: DOCS\ndocsRoot: docs\nrootPageTitle: Bench Docs\n');
  return dir;
}

/** A preload for the CLI's node: writes its CPU time (user + system, ms) to CLI_CPU_FILE at exit. */
function cpuPreload(): { preload: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ext-cpu-'));
  const preload = join(dir, 'cpu-at-exit.js');
  writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.CLI_CPU_FILE, String(Math.round((u.user + u.system) / 1000))); });\n");
  return { preload, file: join(dir, 'cpu.txt') };
}

async function cliPublish(tree: string, latencyMs: number): Promise<{ ms: number; cpuMs: number }> {
  const server = await startLocalServer({ faults: { latencyMs } });
  const cpu = cpuPreload();
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', cpu.preload, CLI, 'sync', '--yes'], {
        cwd: tree,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CLI_CPU_FILE: cpu.file, CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token' },
      });
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`confluence sync exited ${code}: ${err.slice(-2000)}`))));
    });
    const ms = performance.now() - started;
    return { ms, cpuMs: Number(readFileSync(cpu.file, 'utf8')) };
  } finally {
    await server.close();
  }
}

interface ExtensionRun {
  ms: number;
  maxStallMs: number;
  over: number;
  overTotalMs: number;
  afterMs: number;
  /** Extension host CPU time (user + system) from before the publish until in sync, ms. */
  cpuMs: number;
}

async function extensionPublish(tree: string, latencyMs: number): Promise<ExtensionRun> {
  // The harness is loaded only when code-server is there (it imports playwright-core).
  const { launchVSCode, waitFor } = await import('../test/e2e/harness');
  const { runCommand, signIn } = await import('../test/e2e/harness/site');
  const stallFile = join(mkdtempSync(join(tmpdir(), 'bench-ext-stalls-')), 'stalls.json');
  const settings = process.env.BENCH_EXT_SETTINGS ? (JSON.parse(process.env.BENCH_EXT_SETTINGS) as Record<string, unknown>) : undefined;
  if (settings) console.log(`  extension host user settings: ${JSON.stringify(settings)}`);
  const s = await launchVSCode({ name: 'bench-extension-publish', workspace: tree, confluence: true, settings, env: { CONFLUENCE_MEASURE_STALLS: stallFile, ...(process.env.BENCH_EXT_CPU_PROFILE ? { CONFLUENCE_CPU_PROFILE: process.env.BENCH_EXT_CPU_PROFILE } : {}) } });
  try {
    await signIn(s);
    await s.workbench.openViewContainer('Confluence');
    await waitFor(async () => (/to publish/.test(await s.workbench.statusBarText()) ? true : undefined), { timeout: 300_000, message: 'the tree loaded' });
    (s.confluence!.server as unknown as { setFaults(f: { latencyMs: number }): void }).setFaults({ latencyMs });
    const read = (): { maxMs: number; over: number; overTotalMs: number; cpuMs?: number; history: [number, number][] } => JSON.parse(readFileSync(stallFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 2_500));
    const before = read();
    const started = performance.now();
    const startedAt = Date.now();
    await runCommand(s.workbench, 'Confluence: Publish Workspace');
    await s.workbench.waitForNotification(/Published to Confluence/, 1_800_000);
    const ms = performance.now() - started;
    // Until the extension host is idle again (status bar in sync, a stall file written after it).
    await waitFor(async () => (/in sync/.test(await s.workbench.statusBarText()) ? true : undefined), { timeout: 600_000, message: 'in sync after the publish' });
    const afterMs = performance.now() - started - ms;
    await new Promise((r) => setTimeout(r, 2_500));
    const after = read();
    await s.screenshot('after-publish');
    // The longest stall in the seconds of the publish (and until in sync), not the startup's.
    const during = after.history.filter(([t]) => t >= startedAt && t <= Date.now() - 1_500).map(([, m]) => m);
    console.log(`  stalls per second during the publish (ms): ${during.join(' ')}`);
    return { ms, afterMs, maxStallMs: Math.max(0, ...during), over: after.over - before.over, overTotalMs: after.overTotalMs - before.overTotalMs, cpuMs: (after.cpuMs ?? 0) - (before.cpuMs ?? 0) };
  } finally {
    await s.close();
  }
}

export async function runExtensionPublishBench(options: { docs?: number; latencyMs?: number } = {}): Promise<void> {
  const docs = options.docs ?? Number(process.env.BENCH_EXT_DOCS ?? 2000);
  const latencyMs = options.latencyMs ?? 20;
  console.log(`\n== extension publish: ${docs} documents, Publish Workspace in code-server vs confluence sync, ${latencyMs} ms latency ==`);
  const { CODE_SERVER_BIN } = await import('../test/e2e/harness/paths');
  if (!existsSync(CODE_SERVER_BIN) || !existsSync(VSIX) || !existsSync(CLI)) {
    console.log(`  skipped: needs code-server (${existsSync(CODE_SERVER_BIN) ? 'ok' : 'run scripts/setup-e2e.sh'}) and the packaged extension + CLI (${existsSync(VSIX) && existsSync(CLI) ? 'ok' : 'run npm run build && npm run package'})`);
    return;
  }
  const tree = makeTree(docs);
  const copy = mkdtempSync(join(tmpdir(), 'bench-ext-cli-'));
  cpSync(tree, copy, { recursive: true });
  try {
    console.log(`  load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const cli = await cliPublish(copy, latencyMs);
    console.log(`  CLI (confluence sync):           ${fmt(cli.ms)}, CPU ${fmt(cli.cpuMs)}`);
    const ext = await extensionPublish(tree, latencyMs);
    console.log(`  extension (Publish Workspace):   ${fmt(ext.ms)} to the "Published" message (${(ext.ms / cli.ms).toFixed(2)}x the CLI; target ≤ 1.5x), busy ${fmt(ext.afterMs)} more until the status bar says in sync`);
    console.log(`  extension host stalls: longest ${Math.round(ext.maxStallMs)} ms (target < 100 ms); ${ext.over} over 100 ms during the publish, ${Math.round(ext.overTotalMs)} ms in all`);
    console.log(`  extension host CPU time (publish until in sync): ${fmt(ext.cpuMs)} (${(ext.cpuMs / Math.max(1, cli.cpuMs)).toFixed(2)}x the CLI's CPU; wall times on a loaded machine vary, CPU less)`);
    console.log(`  load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    rmSync(tree, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runExtensionPublishBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
