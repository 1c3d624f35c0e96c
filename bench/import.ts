/**
 * Import benchmark: a 500-page tree (published by the engine from a generated docs tree, no latency) is imported by
 * `runImport` (the whole space, from its homepage) from the local server with 50 ms latency per request; prints the time, the requests and what the
 * following sync would write (target: < 5 s, 0 writes). `npm run bench import` (or `npx tsx bench/import.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence } from '../src/core/confluence';
import { nodeFileSystem } from '../src/core/files/nodeFileSystem';
import { runImport } from '../src/core/read/import';
import { loadWorkspaceConfig, SyncEngine } from '../src/core/sync';
import { generateTree, startServer } from './sync';

const USER = { email: 'demo@example.com', apiToken: 'local-dev-token' };

async function setLatency(cloudBaseUrl: string, latencyMs: number): Promise<void> {
  const res = await fetch(`${cloudBaseUrl.replace(/\/wiki$/, '')}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
  if (!res.ok) throw new Error(`could not set the latency: ${res.status}`);
}

export async function runImportBench(options: { docs?: number; folders?: number; latencyMs?: number; inProcess?: boolean } = {}): Promise<void> {
  const inProcess = options.inProcess ?? process.env.BENCH_SERVER === 'in-process';
  const docs = options.docs ?? 473;
  const folders = options.folders ?? 25;
  const latencyMs = options.latencyMs ?? 50;
  const pages = docs + folders + 2; // + the root page and the space homepage above it
  console.log(`\n== import: ${pages} pages (${folders} sections), local server ${inProcess ? 'in this process' : 'in its own process'} with ${latencyMs} ms latency per request ==`);
  const work = mkdtempSync(join(tmpdir(), 'd2c-bench-import-'));
  const server = await startServer({ latencyMs: 0 }, inProcess);
  try {
    const source = join(work, 'source');
    generateTree(source, docs, folders);
    const api = await connectConfluence({ baseUrl: server.cloudBaseUrl, ...USER });
    const seeder = new SyncEngine({ root: source, config: loadWorkspaceConfig(source, { spaceKey: 'DOCS' }), api });
    const seeded = await seeder.apply(await seeder.plan());
    if ((seeded.summary.created ?? 0) !== pages - 1) throw new Error(`seeding created ${JSON.stringify(seeded.summary)}, expected ${pages}`);
    await setLatency(server.cloudBaseUrl, latencyMs);

    const target = join(work, 'imported');
    const reader = await connectConfluence({ baseUrl: server.cloudBaseUrl, ...USER });
    const before = structuredClone(reader.stats);
    const config = loadWorkspaceConfig(target, { spaceKey: 'DOCS', docsRoot: 'docs' });
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const phases: Record<string, number> = {};
    const report = await runImport({
      root: target, config, api: reader, fs: nodeFileSystem, rootRef: (await reader.getSpace('DOCS')).homepageId, // the whole space
      onProgress: (e) => (phases[e.phase] = performance.now() - started),
    });
    if (process.env.BENCH_PHASES) console.log(`  phases done at: ${Object.entries(phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ')}`);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const requests = reader.stats.requests - before.requests;
    console.log(
      `import:             ${(ms / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s) for ${report.pages.length} pages, ${report.files.length} files, ` +
        `${requests} requests, peak in flight ${reader.stats.peakConcurrency}; ${report.mappingProblems.length} mapping problem(s); target < 5 s: ${ms < 5000 ? 'met' : 'NOT met'}`,
    );
    const sync = new SyncEngine({ root: target, config: loadWorkspaceConfig(target, { spaceKey: 'DOCS' }), api: reader });
    const plan = await sync.plan();
    console.log(`sync after import:  ${JSON.stringify(plan.summary)} (every page unchanged: ${plan.summary.unchanged === report.pages.length ? 'yes' : 'NO'})`);
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runImportBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
