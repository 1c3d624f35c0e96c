/**
 * Scale benchmark (issue 13): the `confluence` CLI, in its own process, against the local server in its own process
 * at 20 ms latency, on realistic trees (bench/scaleTree.ts). Per size (`BENCH_SIZES`, default 500,10000): first
 * publish, no-op re-run, one edited doc, `plan` with one changed file, `status` (offline) — requests as the server
 * counted them (reads/writes), wall time, peak RSS of the publisher. Then the server limits on a smaller tree
 * (`BENCH_LIMIT_DOCS`, default 200): 10, 20 and 100 requests/s (429 + Retry-After) and 10 % faults (5xx + dropped),
 * wall time against requests ÷ limit. Then a peer (markdown-confluence's CLI or mark) when one is installed.
 * Run: `npx tsx bench/run.ts scale` (or `npm run bench`, which makes the production build of dist/cli.js first, what
 * ships; without a build the sources run through tsx, which costs start-up time and memory).
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestsBetween, runCliProcess, startServerProcess, writeSpan, type CliRun, type Requests, type ServerProcess } from './scaleProcess';
import { generateScaleTree, type ScaleTree } from './scaleTree';
import { runPeers } from './scalePeers';
import { printRows, secs, type Row } from './scaleReport';

const LATENCY_MS = 20;

function credentials(server: ServerProcess): NodeJS.ProcessEnv {
  return { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS', CONFLUENCE_AUTH: '' };
}

/** Runs `confluence <args>` and returns its row: requests from the server's counters around the run. */
async function measure(server: ServerProcess | undefined, ws: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ run: CliRun; requests: Requests }> {
  const before = server ? await server.counts() : undefined;
  const run = await runCliProcess(args, ws, env);
  const after = server ? await server.counts() : undefined;
  const requests = before && after ? requestsBetween(before, after) : { all: 0, reads: 0, writes: 0, throttled: 0, faults: 0 };
  if (run.code !== 0) console.log(`  confluence ${args.join(' ')} exited ${run.code}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' / ')}`);
  return { run, requests };
}

/** The JSON report's summary, or a note when the run did not print one. */
function summaryOf(run: CliRun): Record<string, number> | undefined {
  try {
    return (JSON.parse(run.stdout) as { summary: Record<string, number> }).summary;
  } catch {
    return undefined;
  }
}

const problems = (s: Record<string, number> | undefined) => (s ? (s.error ?? 0) + (s.conflict ?? 0) + (s.blocked ?? 0) : NaN);

async function sizeScenarios(docs: number, work: string): Promise<Row[]> {
  const folders = docs >= 10000 ? 200 : Math.max(5, Math.round(docs / 20));
  const ws = join(work, `ws-${docs}`);
  const tree = generateScaleTree(ws, docs, folders);
  const size = `${docs.toLocaleString('en')}`;
  console.log(`  ${size} docs: ${tree.folders} folders (3 deep), ${tree.images} images, ${tree.pages} pages`);
  const server = await startServerProcess({ latencyMs: LATENCY_MS });
  const rows: Row[] = [];
  try {
    const env = credentials(server);
    const first = await measure(server, ws, ['sync', '--json'], env);
    const s1 = summaryOf(first.run);
    // c = the manifest on the root page: one write per shard of 30,000 bytes (~40 bytes a page), shards doubling.
    const manifest = Math.ceil(tree.pages / 300) + 2;
    const budget = tree.pages + tree.images + manifest;
    rows.push({
      size, scenario: 'first publish', ...first,
      target: { text: `writes ≤ pages + images + manifest (${tree.pages} + ${tree.images} + ≤ ${manifest}), RSS < 400 MB`, ok: first.requests.writes <= budget && first.run.rssMb < 400 && problems(s1) === 0 },
      note: s1 ? '' : '(no JSON report)',
    });
    const noop = await measure(server, ws, ['sync', '--json'], env);
    const readBudget = Math.ceil(tree.pages / 250) + 5;
    rows.push({
      size, scenario: 'no-op re-run', ...noop,
      target: { text: `≤ ${readBudget} reads, 0 writes, < 4 s`, ok: noop.requests.reads <= readBudget && noop.requests.writes === 0 && noop.run.ms < 4000 },
    });
    appendFileSync(join(ws, tree.files[7]), '\nEdited once for the benchmark.\n');
    const edit = await measure(server, ws, ['sync', '--json'], env);
    rows.push({ size, scenario: 'one edited doc', ...edit, target: { text: '1 write', ok: edit.requests.writes === 1 } });
    appendFileSync(join(ws, tree.files[13]), '\nChanged for the plan.\n');
    const plan = await measure(server, ws, ['plan'], env);
    rows.push({ size, scenario: '`plan`, one changed file', ...plan, target: { text: '0 writes, < 3 s', ok: plan.requests.writes === 0 && plan.run.ms < 3000 } });
    const status = await measure(undefined, ws, ['status'], { ...env, CONFLUENCE_URL: 'http://127.0.0.1:9/wiki' });
    rows.push({ size, scenario: '`status` (offline)', ...status, target: { text: '< 1.5 s', ok: status.run.ms < 1500 && /1 changed/.test(status.run.stdout) } });
  } finally {
    await server.close();
  }
  return rows;
}

interface LimitCase {
  label: string;
  /** Documents of this case (default: BENCH_LIMIT_DOCS). */
  docs?: number;
  rps?: number;
  errorRate?: number;
  dropRate?: number;
}

/** A first publish of `docs` documents under a server limit: completes (exit 0), and how close to requests ÷ limit. */
async function limitScenario(c: LimitCase, docs: number, work: string): Promise<Row> {
  const ws = join(work, `ws-limit-${c.label.replace(/\W+/g, '-')}`);
  const tree: ScaleTree = generateScaleTree(ws, docs, Math.max(5, Math.round(docs / 20)));
  const server = await startServerProcess({ latencyMs: LATENCY_MS, rateLimitPerSecond: c.rps, errorRate: c.errorRate, dropRate: c.dropRate, seed: 13 });
  try {
    const r = await measure(server, ws, ['sync', '--json'], credentials(server));
    const summary = summaryOf(r.run);
    const counts = await server.counts();
    const noDuplicates = counts.pages === tree.pages + 1; // + the space's home page
    const ok = r.run.code === 0 && problems(summary) === 0 && noDuplicates;
    const row: Row = { size: String(docs), scenario: `first publish, ${c.label}`, ...r, target: { text: 'completes (exit 0), no error, no duplicate page', ok } };
    if (c.rps) {
      const handled = r.requests.reads + r.requests.writes;
      const ideal = (handled / c.rps) * 1000;
      const ratio = r.run.ms / ideal;
      const span = writeSpan(await server.requests());
      const paced = span ? span.ms / ((span.requests / c.rps) * 1000) : NaN;
      row.note =
        `wall ÷ (requests ÷ limit = ${secs(ideal)}) = **${ratio.toFixed(2)}** ${ratio <= 1.15 ? '✓' : '✗'} (≤ 1.15; process start and planning included); ` +
        `while writing: ${span?.requests} requests (${span?.writes} writes) in ${secs(span?.ms ?? NaN)} = **${paced.toFixed(2)}** × requests ÷ limit ${paced <= 1.15 ? '✓' : '✗'}`;
    }
    if (!noDuplicates) row.note = `${row.note ?? ''} (server holds ${counts.pages} pages, expected ${tree.pages + 1})`;
    return row;
  } finally {
    await server.close();
  }
}

export async function runScaleBench(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '500,10000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
  const limitDocs = Number(process.env.BENCH_LIMIT_DOCS ?? 200);
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\n== scale: the confluence CLI in its own process, local server in its own process at ${LATENCY_MS} ms latency; sizes ${sizes.join(', ')}; ${cpus().length} CPU(s), load ${load()} ==`);
  const work = mkdtempSync(join(tmpdir(), 'd2c-scale-'));
  try {
    const rows: Row[] = [];
    for (const docs of sizes) rows.push(...(await sizeScenarios(docs, work)));
    printRows(`Scale (load average at end ${load()}):`, rows);

    const limits: Row[] = [];
    if (limitDocs > 0) {
      for (const c of [
        { label: '10 req/s', rps: 10 },
        { label: '20 req/s', rps: 20 },
        // 500 docs: at 100 requests/s 200 docs take 3 s, half a second of which is the process start and the plan
        { label: '100 req/s', rps: 100, docs: Math.max(limitDocs, 500) },
        { label: '10 % faults (5 % 5xx + 5 % dropped)', errorRate: 0.05, dropRate: 0.05 },
      ] satisfies LimitCase[]) {
        limits.push(await limitScenario(c, c.docs ?? limitDocs, work));
      }
      printRows(`Under server limits (load average at end ${load()}):`, limits);
    }
    await runPeers(work, sizes.includes(500) ? 500 : sizes[0] ?? 500, LATENCY_MS, rows);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runScaleBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
