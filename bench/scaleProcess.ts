/**
 * Processes of the scale benchmark: the local server (`confluence serve-local`) and the publisher (`confluence sync`,
 * `plan`, `status`) each in its own process, as a user runs them. The publisher's peak memory is its own
 * `process.resourceUsage().maxRSS`, written at exit by a preloaded module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built CLI (what ships; `npm run bench` builds it first), or the sources through tsx. */
export function cliEntry(): string[] {
  const built = join(__dirname, '../dist/cli.js');
  if (existsSync(built) && process.env.BENCH_CLI_FROM_SOURCE !== '1') return [built];
  // By file URL: the publisher runs in the workspace, where `--import tsx` would not resolve.
  const tsx = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href;
  return ['--import', tsx, join(__dirname, '../src/cli/main.ts')];
}

export interface ServerFaults {
  latencyMs: number;
  rateLimitPerSecond?: number;
  errorRate?: number;
  dropRate?: number;
  seed?: number;
}

/** Server-side counters (`GET /__admin/stats`). */
export interface ServerCounts {
  requests: number;
  byStatus: Record<string, number>;
  byMethod: Record<string, number>;
  faults: Record<string, number>;
  pages: number;
  attachments: number;
}

export interface ServerProcess {
  url: string;
  cloudBaseUrl: string;
  counts(): Promise<ServerCounts>;
  /** The server's bounded request log (the last 5,000 API requests). */
  requests(): Promise<LoggedRequest[]>;
  close(): Promise<void>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  fault?: string;
  at?: number;
  durationMs: number;
}

export async function startServerProcess(f: ServerFaults): Promise<ServerProcess> {
  const args = [...cliEntry(), 'serve-local', '--port', '0', '--latency', String(f.latencyMs)];
  if (f.rateLimitPerSecond) args.push('--rate-limit', String(f.rateLimitPerSecond));
  if (f.errorRate) args.push('--error-rate', String(f.errorRate));
  if (f.dropRate) args.push('--drop-rate', String(f.dropRate));
  if (f.seed !== undefined) args.push('--seed', String(f.seed));
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve-local exited with ${code}: ${out}`)));
  });
  return {
    url,
    cloudBaseUrl: `${url}/wiki`,
    counts: async () => (await (await fetch(`${url}/__admin/stats`)).json()) as ServerCounts,
    requests: async () => (await (await fetch(`${url}/__admin/requests`)).json()) as LoggedRequest[],
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** What one publisher run cost, seen from the server: answered reads and writes, 429s, injected faults. */
export interface Requests {
  /** Every API request the server saw (429s and faults included). */
  all: number;
  /** Handled by the API (not refused by a 429 or an injected fault): GET/HEAD, and the other methods. */
  reads: number;
  writes: number;
  throttled: number;
  faults: number;
}

export function requestsBetween(a: ServerCounts, b: ServerCounts): Requests {
  const d = (x: Record<string, number>, y: Record<string, number>, k: string) => (y[k] ?? 0) - (x[k] ?? 0);
  const methods = new Set([...Object.keys(a.byMethod ?? {}), ...Object.keys(b.byMethod ?? {})]);
  let reads = 0;
  let writes = 0;
  for (const m of methods) {
    const n = d(a.byMethod ?? {}, b.byMethod ?? {}, m);
    if (m === 'GET' || m === 'HEAD') reads += n;
    else writes += n;
  }
  const throttled = d(a.byStatus, b.byStatus, '429');
  const faults = Object.keys(b.faults).reduce((s, k) => (k === 'rate-limit' || k === 'latency' ? s : s + d(a.faults, b.faults, k)), 0);
  return { all: b.requests - a.requests, reads, writes, throttled, faults };
}

export interface CliRun {
  code: number;
  ms: number;
  /** Peak resident set of the publisher process, MB. */
  rssMb: number;
  stdout: string;
  stderr: string;
}

const preloadDir = mkdtempSync(join(tmpdir(), 'd2c-bench-rss-'));
const preload = join(preloadDir, 'rss.mjs');
writeFileSync(
  preload,
  "import { writeFileSync } from 'node:fs';\n" +
    "process.on('exit', () => { try { writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n",
);
process.on('exit', () => rmSync(preloadDir, { recursive: true, force: true }));

/** Runs `confluence <args>` in `cwd` in its own process; wall time from spawn to exit (what a user waits). */
export async function runCliProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  const rssFile = join(preloadDir, `rss-${process.hrtime.bigint()}.txt`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', pathToFileURL(preload).href, ...cliEntry(), ...args], {
    cwd,
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, GITHUB_ACTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const ms = performance.now() - started;
  const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  rmSync(rssFile, { force: true });
  return { code, ms, rssMb: kb / 1024, stdout, stderr };
}

/**
 * How the writes were paced, from the server's log: the span from the first write's arrival to the last write's
 * answer, and how many writes it handled in it (429s and faults left out). Reads and the local work before the first
 * write (start-up, conversion) are not in it: this is the part of a publish that a rate limit governs.
 */
export function writeSpan(log: LoggedRequest[]): { ms: number; writes: number; requests: number } | undefined {
  const writes = log.filter((e) => e.method !== 'GET' && e.method !== 'HEAD' && e.at !== undefined);
  if (!writes.length) return undefined;
  const first = Math.min(...writes.map((e) => e.at!));
  const last = Math.max(...writes.map((e) => e.at! + e.durationMs));
  const served = (e: LoggedRequest) => e.status !== 429 && (!e.fault || e.fault === 'latency' || e.fault === 'lost-answer');
  // the limit counts every request: reads answered while the writes run share it
  const inSpan = log.filter((e) => e.at !== undefined && e.at >= first && e.at <= last && served(e));
  return { ms: last - first, writes: writes.filter(served).length, requests: inSpan.length };
}
