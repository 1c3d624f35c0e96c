/** Shared set-up for the in-process CLI tests of the CLI-correctness fixes: a workspace with the samples + a server. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/context';
import { runCli } from '../../src/cli/program';
import { startLocalServer, type LocalServer } from '../../src/server/index';

export const SAMPLES = join(__dirname, '../../samples/docs');

export interface Run {
  code: number;
  out: string;
  err: string;
}

export interface Harness {
  server: LocalServer;
  root: string;
  env: NodeJS.ProcessEnv;
  cli(args: string[], extraEnv?: NodeJS.ProcessEnv, cwd?: string): Promise<Run>;
  mapping(): Record<string, { page_id: string; title?: string; [k: string]: unknown }>;
  /** Writes beside no page: requests that changed something on the server since `since` (index in the log). */
  writes(since?: number): Array<{ method: string; path: string }>;
}

/** Runs the CLI in this process with captured output (the in-process twin of a spawned `confluence`). */
export async function runCliCaptured(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = { cwd, env, stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** Registers before/after hooks on the current describe and returns the harness they fill. */
export function useCliHarness(options: { samples?: boolean } = {}): Harness {
  const h = {} as Harness;
  before(async () => {
    h.server = await startLocalServer();
  });
  after(async () => h.server.close());
  beforeEach(() => {
    h.server.reset();
    h.root = mkdtempSync(join(tmpdir(), 'd2c-cli-client-'));
    if (options.samples !== false) cpSync(SAMPLES, join(h.root, 'docs'), { recursive: true });
    h.env = { CONFLUENCE_URL: h.server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' };
  });
  afterEach(() => rmSync(h.root, { recursive: true, force: true }));
  h.cli = (args, extraEnv = {}, cwd) => runCliCaptured(args, cwd ?? h.root, { ...h.env, ...extraEnv });
  h.mapping = () => JSON.parse(readFileSync(join(h.root, 'docs/.confluence-mapping.json'), 'utf8'));
  h.writes = (since = 0) => h.server.requestLog.slice(since).filter((e) => e.method !== 'GET').map((e) => ({ method: e.method, path: e.path }));
  return h;
}
