/**
 * Peer comparison of the scale benchmark: markdown-confluence's CLI (`@markdown-confluence/cli`, command
 * `markdown-confluence`) or kovetskiy's `mark`, when installed (PATH, or `npx --no-install`), publishes the same tree to
 * the same local server (it speaks Cloud v2 and v1) and its figures are printed next to ours. Nothing is installed
 * here: without a peer, one line says how to get one. An install outside PATH is named by
 * `BENCH_PEER_MARKDOWN_CONFLUENCE` (its executable, e.g. after `npm install --prefix /tmp/peers @markdown-confluence/cli`:
 * /tmp/peers/node_modules/@markdown-confluence/cli/dist/index.js).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printRows, type Row } from './scaleReport';
import { requestsBetween, startServerProcess, type CliRun, type ServerProcess } from './scaleProcess';
import { generateScaleTree } from './scaleTree';

interface Peer {
  name: string;
  /** The command line that runs it (argv[0] + fixed arguments). */
  command: string[];
  /** Prepares the workspace for it and returns its arguments and environment. */
  prepare(ws: string, server: ServerProcess, parentId: string): { args: string[]; env: NodeJS.ProcessEnv };
}

const USER = 'demo@example.com';
const TOKEN = 'local-dev-token';

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function viaNpx(pkg: string): boolean {
  const r = spawnSync('npx', ['--no-install', pkg, '--help'], { stdio: 'ignore', timeout: 30000 });
  return r.status === 0;
}

/** markdown-confluence reads `.markdown-confluence.json` and ATLASSIAN_API_TOKEN; it appends /wiki to the base URL. */
const markdownConfluence = (command: string[]): Peer => ({
  name: 'markdown-confluence',
  command,
  prepare(ws, server, parentId) {
    writeFileSync(
      join(ws, '.markdown-confluence.json'),
      JSON.stringify({ confluenceBaseUrl: server.url, confluenceParentId: parentId, atlassianUserName: USER, folderToPublish: 'docs' }, null, 2),
    );
    return { args: [], env: { ATLASSIAN_API_TOKEN: TOKEN } };
  },
});

/** mark publishes the files given; space and title from flags (no per-file headers). */
const mark: Peer = {
  name: 'mark',
  command: ['mark'],
  prepare(ws, server, parentId) {
    void parentId;
    return { args: ['--base-url', server.cloudBaseUrl, '-u', USER, '-p', TOKEN, '--space', 'DOCS', '--title-from-h1', '-f', 'docs/**/*.md'], env: {} };
  },
};

export function findPeers(): Peer[] {
  const peers: Peer[] = [];
  const named = process.env.BENCH_PEER_MARKDOWN_CONFLUENCE;
  if (named && existsSync(named)) peers.push(markdownConfluence(/\.[cm]?js$/.test(named) ? [process.execPath, named] : [named]));
  else if (onPath('markdown-confluence')) peers.push(markdownConfluence(['markdown-confluence']));
  else if (viaNpx('@markdown-confluence/cli')) peers.push(markdownConfluence(['npx', '--no-install', '@markdown-confluence/cli']));
  if (onPath('mark')) peers.push(mark);
  return peers;
}

/** A parent page for the peer's tree (both need one), created through the v2 API. */
async function parentPage(server: ServerProcess): Promise<string> {
  const auth = { Authorization: `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`, 'Content-Type': 'application/json' };
  const spaces = (await (await fetch(`${server.cloudBaseUrl}/api/v2/spaces?keys=DOCS`, { headers: auth })).json()) as { results: Array<{ id: string }> };
  const page = await fetch(`${server.cloudBaseUrl}/api/v2/pages`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ spaceId: spaces.results[0].id, status: 'current', title: 'Peer benchmark', body: { representation: 'storage', value: '<p>peer</p>' } }),
  });
  return ((await page.json()) as { id: string }).id;
}

async function runPeer(peer: Peer, ws: string, server: ServerProcess, parentId: string): Promise<CliRun> {
  const { args, env } = peer.prepare(ws, server, parentId);
  const started = performance.now();
  const child = spawn(peer.command[0], [...peer.command.slice(1), ...args], { cwd: ws, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  // Its memory is not measured (not a Node process we preload into, or not only one).
  return { code, ms: performance.now() - started, rssMb: NaN, stdout, stderr };
}

/** Runs every installed peer on a tree of `docs` documents; `ours` are our rows to print beside its figures. */
export async function runPeers(work: string, docs: number, latencyMs: number, ours: Row[]): Promise<void> {
  const peers = findPeers();
  if (!peers.length) {
    console.log(
      '\nPeer comparison: no peer installed (checked PATH and `npx --no-install` for markdown-confluence / @markdown-confluence/cli, and PATH for mark). ' +
        'Install one to compare: `npm install -g @markdown-confluence/cli` (or into a prefix, named by BENCH_PEER_MARKDOWN_CONFLUENCE) or mark from https://github.com/kovetskiy/mark/releases, then run `npx tsx bench/run.ts scale` again.',
    );
    return;
  }
  const rows: Row[] = ours.filter((r) => r.size === docs.toLocaleString('en') && r.scenario === 'first publish').map((r) => ({ ...r, scenario: 'first publish (docs-to-confluence)' }));
  for (const peer of peers) {
    const ws = join(work, `ws-peer-${peer.name}`);
    generateScaleTree(ws, docs, Math.max(5, Math.round(docs / 20)));
    const server = await startServerProcess({ latencyMs });
    try {
      const parentId = await parentPage(server);
      const before = await server.counts();
      const run = await runPeer(peer, ws, server, parentId);
      const requests = requestsBetween(before, await server.counts());
      if (run.code !== 0) console.log(`  ${peer.name} exited ${run.code}: ${(run.stderr || run.stdout).trim().split('\n').slice(-12).join('\n')}`);
      rows.push({ size: docs.toLocaleString('en'), scenario: `first publish (${peer.name})`, requests, run });
    } finally {
      await server.close();
    }
  }
  printRows(`Peer comparison, ${docs} docs, same server and tree:`, rows);
}
