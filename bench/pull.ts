/**
 * Pull benchmark: 500 mapped documents, nothing changed in Confluence, the server answering every request after
 * 50 ms. An incremental pull must cost at most one search request plus one listing pass (Cloud: `GET /pages?id=…`,
 * 250 ids a request) and stay under 1 s. Run with `npm run bench pull` (or `npx tsx bench/pull.ts`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectConfluence } from '../src/core/confluence';
import { pullFromConfluence, type PullReport } from '../src/core/read/pull';
import { loadWorkspaceConfig, SyncEngine } from '../src/core/sync';
import { startLocalServer, type LocalServer } from '../src/server';
import { generateTree } from './sync';

const DOCS = 500;
const LATENCY_MS = 50;

export async function runPullBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'd2c-bench-pull-'));
  const dataFile = join(root, 'server.json');
  try {
    generateTree(root, DOCS, 10);
    const config = loadWorkspaceConfig(root, { spaceKey: 'DOCS', concurrency: 16 });
    // Set-up without latency: publish, and a first pull (a clone's first pull searches the whole space once).
    let server = await startLocalServer({ dataFile });
    let api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
    const engine = new SyncEngine({ root, config, api, scanSecrets: async () => [] });
    await engine.apply(await engine.plan());
    const pull = () => pullFromConfluence({ root, config, api, scanSecrets: async () => [] });
    await pull();
    const fresh = await measure(server, pull);
    print('just published (every page inside the 24 h search overlap)', fresh);
    api.close?.();
    await server.flush();
    await server.close();

    // The steady state: the docs were last published more than a day ago (the server's dates moved back 3 days).
    const threeDays = 3 * 24 * 3600 * 1000;
    const data = readFileSync(dataFile, 'utf8').replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"/g, (_m, iso: string) => JSON.stringify(new Date(Date.parse(iso) - threeDays).toISOString()));
    writeFileSync(dataFile, data);
    server = await startLocalServer({ dataFile });
    api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
    const steady = await measure(server, pull);
    print('steady state', steady);
    if (steady.search > 1 || steady.other > 0 || steady.ms >= 1000) {
      console.log('  OVER BUDGET: at most 1 search + 1 listing pass and < 1 s');
      process.exitCode = 1;
    }
    api.close?.();
    await server.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface Measured {
  ms: number;
  requests: number;
  search: number;
  listing: number;
  other: number;
  summary: Record<string, number>;
}

async function measure(server: LocalServer, pull: () => Promise<PullReport>): Promise<Measured> {
  server.setFaults({ latencyMs: LATENCY_MS });
  const before = server.requestLog.length;
  const started = Date.now();
  const report = await pull();
  const ms = Date.now() - started;
  server.setFaults({ latencyMs: 0 });
  const requests = server.requestLog.slice(before);
  const search = requests.filter((r) => /\/search$/.test(r.path)).length;
  const listing = requests.filter((r) => /\/api\/v2\/pages$/.test(r.path)).length;
  return { ms, requests: requests.length, search, listing, other: requests.length - search - listing, summary: report.summary };
}

function print(what: string, m: Measured): void {
  console.log(
    `pull, ${DOCS} mapped docs, nothing changed, ${LATENCY_MS} ms latency, ${what}: ${m.ms} ms, ${m.requests} requests ` +
      `(${m.search} search, ${m.listing} listing = one pass, 250 ids a request; ${m.other} other); ${JSON.stringify(m.summary)}`,
  );
}

if (require.main === module) {
  runPullBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
