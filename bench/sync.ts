/**
 * Sync benchmark: publishes a generated docs tree to the local Confluence-compatible server with injected latency
 * and rate limits, and prints times and request counts. Run with `npm run bench` (or `npx tsx bench/sync.ts`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence, type RequestStats } from '../src/core/confluence';
import { loadWorkspaceConfig, SyncEngine, type SyncReport } from '../src/core/sync';
import { startLocalServer } from '../src/server';
import { startServerProcess } from './scaleProcess';

/** What the benchmark needs of a server: its Cloud site URL and a way to stop it. */
interface BenchServer {
  cloudBaseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the local server in its own process (`confluence serve-local`), as a real Confluence would be: the
 * figures then measure the engine and client, not the server's CPU on the same thread. `inProcess` keeps it here.
 */
export async function startServer(faults: { latencyMs: number; rateLimitPerSecond?: number }, inProcess: boolean): Promise<BenchServer> {
  if (inProcess) {
    const s = await startLocalServer({ faults });
    return { cloudBaseUrl: s.cloudBaseUrl, close: () => s.close() };
  }
  // The built CLI (what ships) when `npm run bench` has just built it; the sources through tsx otherwise.
  const server = await startServerProcess(faults);
  return { cloudBaseUrl: server.cloudBaseUrl, close: () => server.close() };
}

const USER = { email: 'demo@example.com', apiToken: 'local-dev-token' };

/** Writes `docs` documents spread over `folders` folders, with cross-links, tables and code like real docs. */
export function generateTree(root: string, docs: number, folders: number): void {
  const perFolder = Math.ceil(docs / folders);
  let n = 0;
  for (let f = 0; f < folders && n < docs; f++) {
    const dir = join(root, 'docs', `area-${String(f + 1).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (let d = 0; d < perFolder && n < docs; d++, n++) {
      const next = `doc-${String(((d + 1) % perFolder) + 1).padStart(3, '0')}.md`;
      writeFileSync(
        join(dir, `doc-${String(d + 1).padStart(3, '0')}.md`),
        `# Area ${f + 1} topic ${d + 1}\n\nThis page explains topic ${d + 1} of area ${f + 1}. See [the next topic](${next}).\n\n` +
          `## Setup\n\n\`\`\`bash\n$ tool run --area ${f + 1} --topic ${d + 1}\n\`\`\`\n\n` +
          `| Setting | Default |\n|---|---|\n| retries | ${d % 5} |\n| timeout | ${10 + f}s |\n\n` +
          `> [!NOTE]\n> Generated for the benchmark.\n\n- [ ] check one\n- [x] check two\n`,
      );
    }
  }
}

interface Run {
  ms: number;
  planMs: number;
  /** CPU time of this process (engine + client + the in-process server), less sensitive to machine load. */
  cpuMs: number;
  report: SyncReport;
  stats: RequestStats;
}

async function publishOnce(server: BenchServer, root: string, label: string): Promise<Run> {
  const api = await connectConfluence({ baseUrl: server.cloudBaseUrl, ...USER });
  const before = structuredClone(api.stats);
  const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS' });
  const engine = new SyncEngine({ root, config, api });
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const plan = await engine.plan();
  const planMs = performance.now() - started;
  const report = await engine.apply(plan);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const after = api.stats;
  const stats: RequestStats = {
    ...after,
    requests: after.requests - before.requests,
    retries: after.retries - before.retries,
    throttled: after.throttled - before.throttled,
    byKind: Object.fromEntries(Object.entries(after.byKind).map(([k, v]) => [k, v - (before.byKind as Record<string, number>)[k]])) as RequestStats['byKind'],
    byMethod: Object.fromEntries(Object.entries(after.byMethod).map(([k, v]) => [k, v - (before.byMethod[k] ?? 0)])),
  };
  const bad = (report.summary.error ?? 0) + (report.summary.conflict ?? 0) + (report.summary.blocked ?? 0);
  if (bad) {
    const first = report.results.find((r) => r.action === 'error' || r.action === 'conflict' || r.action === 'blocked');
    console.log(`  ${label}: ${bad} problem(s), first: ${first?.file}: ${first?.message}`);
  }
  return { ms, planMs, cpuMs, report, stats };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const times = (r: Run) => `${fmt(r.ms)} (plan ${fmt(r.planMs)}, CPU ${fmt(r.cpuMs)})`;
const writesOf = (s: RequestStats) => (s.byMethod.POST ?? 0) + (s.byMethod.PUT ?? 0) + (s.byMethod.DELETE ?? 0);
const kinds = (s: RequestStats) =>
  `pages: ${s.byKind.read} reads + ${s.byKind.write} writes; properties ${s.byKind.property}, labels ${s.byKind.label}, attachments ${s.byKind.attachment}; 429s ${s.throttled}, retries ${s.retries}, peak in flight ${s.peakConcurrency}`;

export async function runSyncBench(options: { docs?: number; folders?: number; latencyMs?: number; inProcess?: boolean } = {}): Promise<void> {
  const inProcess = options.inProcess ?? process.env.BENCH_SERVER === 'in-process';
  const docs = options.docs ?? 500;
  const folders = options.folders ?? 25;
  const latencyMs = options.latencyMs ?? 50;
  const pages = docs + folders + 1; // + the root page
  console.log(
    `\n== sync: ${docs} documents in ${folders} folders (${pages} pages incl. root), local server ${inProcess ? 'in this process' : 'in its own process'} with ${latencyMs} ms latency per request ==`,
  );
  const work = mkdtempSync(join(tmpdir(), 'd2c-bench-'));
  try {
    const ws = join(work, 'ws');
    generateTree(ws, docs, folders);
    const server = await startServer({ latencyMs }, inProcess);
    try {
      const first = await publishOnce(server, ws, 'first publish');
      console.log(`first publish:      ${times(first)}, ${first.stats.requests} requests (budget pages+small constant = ${pages}+c); ${kinds(first.stats)}; ${JSON.stringify(first.report.summary)}`);
      const again = await publishOnce(server, ws, 'unchanged');
      console.log(`unchanged re-run:   ${times(again)}, ${again.stats.requests} requests, ${writesOf(again.stats)} writes; ${kinds(again.stats)}`);
      writeFileSync(join(ws, 'docs/area-03/doc-007.md'), '# Area 3 topic 7\n\nEdited once for the benchmark.\n');
      const one = await publishOnce(server, ws, 'one edit');
      console.log(`one file edited:    ${times(one)}, ${one.stats.byKind.write} page write(s), ${writesOf(one.stats)} writes in all; ${kinds(one.stats)}`);
    } finally {
      await server.close();
    }

    for (const [rps, n, f] of [
      [100, docs, folders],
      [10, Math.min(docs, 50), Math.min(folders, 5)],
    ] as const) {
      const wsr = join(work, `ws-${rps}`);
      generateTree(wsr, n, f);
      const limited = await startServer({ latencyMs, rateLimitPerSecond: rps }, inProcess);
      try {
        const r = await publishOnce(limited, wsr, `${rps} rps`);
        const ideal = (r.stats.requests / rps) * 1000;
        console.log(
          `${String(rps).padStart(3)} req/s limit:    ${n} docs in ${f} folders: ${fmt(r.ms)} for ${r.stats.requests} requests (requests/limit = ${fmt(ideal)}, ratio ${(r.ms / ideal).toFixed(2)}); ${r.stats.throttled} answered 429, ${JSON.stringify(r.report.summary)}`,
        );
      } finally {
        await limited.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runSyncBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
