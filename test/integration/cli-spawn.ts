/** The bundled `confluence` CLI as a child process against the local server: build, run, kill, and check the result. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { connectConfluence } from '../../src/core/confluence/index';
import type { Page } from '../../src/core/confluence/types';
import type { LocalServer } from '../../src/server/index';

const REPO = join(__dirname, '../..');

/** Bundles src/cli/main.ts into `dir/cli.js` (same options as scripts/build.mjs), so tests do not need a fresh dist/. */
export async function buildCli(dir: string): Promise<string> {
  const bin = join(dir, 'cli.js');
  await build({ entryPoints: [join(REPO, 'src/cli/main.ts')], outfile: bin, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', banner: { js: '#!/usr/bin/env node' } });
  return bin;
}

export const cliEnv = (server: LocalServer) => ({
  ...process.env,
  CONFLUENCE_URL: server.cloudBaseUrl,
  CONFLUENCE_EMAIL: 'demo@example.com',
  CONFLUENCE_API_TOKEN: 'local-dev-token',
  CONFLUENCE_SPACE: 'DOCS',
});

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is complete. */
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** What the process has written to stderr so far. */
  stderrSoFar: () => string;
}

/** Starts the CLI; async, so the in-process server keeps answering while it runs. */
export function startCli(bin: string, server: LocalServer, args: string[], cwd: string): CliRun {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: cliEnv(server) });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done, stderrSoFar: () => stderr };
}

export const runCli = (bin: string, server: LocalServer, args: string[], cwd: string) => startCli(bin, server, args, cwd).done;

type Mapping = Record<string, { page_id: string; version: number; title: string; hash?: string }>;

export function readMapping(path: string): Mapping {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Mapping;
  } catch {
    return {}; // not written yet (never half-written: the file is replaced atomically)
  }
}

/** Polls until `ready()` or the deadline. */
export async function waitUntil(ready: () => boolean, ms = 60000, everyMs = 5): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/** All pages of the space below the root page (the space homepage is not ours). */
export async function pagesOfSpace(server: LocalServer): Promise<Page[]> {
  const api = await connectConfluence({ baseUrl: server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
  const space = await api.getSpace('DOCS');
  return (await api.listPages(space.id)).filter((p) => p.id !== space.homepageId);
}

/**
 * The promises after a fault: no duplicate pages, every page is in the mapping once, and each entry's page id,
 * version and title are the server's.
 */
export async function assertMappingEqualsServer(server: LocalServer, mappingPath: string, expectedEntries: number): Promise<void> {
  const pages = await pagesOfSpace(server);
  const titles = pages.map((p) => p.title.toLowerCase());
  assert.equal(new Set(titles).size, titles.length, `no duplicate pages: ${titles.filter((t, i) => titles.indexOf(t) !== i).join(', ')}`);
  assert.equal(pages.length, expectedEntries, 'pages in the space');
  const mapping = readMapping(mappingPath);
  assert.equal(Object.keys(mapping).length, expectedEntries, 'mapping entries');
  const byId = new Map(pages.map((p) => [p.id, p]));
  for (const [file, e] of Object.entries(mapping)) {
    const page = byId.get(e.page_id);
    assert.ok(page, `${file} -> page ${e.page_id} exists`);
    assert.equal(e.version, page.version, `${file}: mapping version = server version`);
    assert.equal(e.title, page.title, `${file}: mapping title = server title`);
  }
  assert.equal(new Set(Object.values(mapping).map((e) => e.page_id)).size, expectedEntries, 'one entry per page');
}

export const lockOf = (mappingPath: string) => `${mappingPath}.lock`;
export const lockExists = (mappingPath: string) => existsSync(lockOf(mappingPath));
