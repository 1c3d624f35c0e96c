/**
 * `confluence demo`: starts the embedded Confluence-compatible server, publishes the bundled sample docs (copied to a
 * temporary workspace, so the repository stays clean, with a .confluence.yml of the demo's settings), prints the root
 * page's URL and a CLI command to try against it, and serves until Ctrl-C. The temporary workspace is removed on exit.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { connectConfluence, loadWorkspaceConfig, nodeFileSystem, SyncEngine } from '../../core';
import { startLocalServer } from '../../server';
import { DEFAULT_USER } from '../../server/auth';
import { CliExit, type CliIO } from '../context';
import { formatResult, formatSummary } from '../report';
import { guardAsync } from '../session';
import { cliInvocation, shellQuote } from '../invocation';
import type { CommandModule } from './index';

interface DemoOptions {
  serve: boolean;
  exit?: boolean;
  port: string;
  docs?: string;
  data?: string;
  latency?: string;
  json?: boolean;
  workspace?: string;
}

/** The demo's settings, written into its workspace so a `confluence plan` there compares like the demo published. */
const DEMO_LABELS = ['docs-demo'];
function demoConfig(baseUrl: string): string {
  return (
    '# Written by `confluence demo`: the settings the demo published with, so `confluence plan` here says "unchanged".\n' +
    `baseUrl: ${baseUrl}\nspace: DOCS\nlabels: [${DEMO_LABELS.join(', ')}]\n`
  );
}

/** The workspace: the given folder (must be empty or new; kept), else a temporary one (removed on exit). */
function demoWorkspace(io: CliIO, given?: string): { path: string; temporary: boolean } {
  if (!given) return { path: mkdtempSync(join(tmpdir(), 'confluence-demo-')), temporary: true };
  const path = resolve(io.cwd, given);
  if (existsSync(path) && readdirSync(path).length) throw new CliExit(2, `error: --workspace ${given} is not empty: give a new or empty folder`);
  mkdirSync(path, { recursive: true });
  return { path, temporary: false };
}

/** Where the bundled samples are: next to dist/ when built, at the repository root from sources. */
function findSamples(io: CliIO): string | undefined {
  const candidates = [resolve(__dirname, '../samples/docs'), resolve(__dirname, '../../../samples/docs'), resolve(io.cwd, 'samples/docs')];
  return candidates.find((c) => existsSync(c));
}

export const demoCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    program
      .command('demo')
      .description('Publish the sample docs to a local Confluence-compatible server and print the link (no account needed)')
      .option('--no-serve', 'publish, print the result and stop the server')
      .option('--exit', 'same as --no-serve')
      .option('--port <N>', 'port of the local server (0: any free port)', '0')
      .option('--docs <folder>', 'publish this docs folder instead of the bundled samples')
      .option('--data <file>', 'keep the server content in this JSON file between runs')
      .option('--latency <ms>', 'simulate network latency per request', '0')
      .option('--json', 'print the publish report as JSON')
      .option('--workspace <folder>', 'copy the docs into this new or empty folder and keep it (default: a temporary folder, removed on exit)')
      .action(async (opts: DemoOptions) => {
        const port = Number(opts.port);
        const latencyMs = Number(opts.latency ?? 0);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliExit(2, `error: --port must be 0-65535, got '${opts.port}'`);
        if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new CliExit(2, `error: --latency must be a number of milliseconds, got '${opts.latency}'`);
        const source = opts.docs ? resolve(io.cwd, opts.docs) : findSamples(io);
        if (!source || !existsSync(source)) throw new CliExit(2, `error: docs folder not found: ${opts.docs ?? 'samples/docs (bundled samples)'}`);
        const ws = demoWorkspace(io, opts.workspace);
        const workspace = ws.path;
        cpSync(source, join(workspace, 'docs'), { recursive: true, filter: (src) => !src.endsWith('.confluence-mapping.json') });

        const server = await startLocalServer({ port, dataFile: opts.data ? resolve(io.cwd, opts.data) : undefined, faults: { latencyMs } });
        try {
          writeFileSync(join(workspace, '.confluence.yml'), demoConfig(server.cloudBaseUrl));
          const api = await guardAsync(() =>
            connectConfluence({ baseUrl: server.cloudBaseUrl, email: DEFAULT_USER.email, apiToken: DEFAULT_USER.apiToken }, { hintContext: 'cli' }),
          );
          const config = loadWorkspaceConfig(workspace);
          const engine = new SyncEngine({ root: workspace, config, api, fs: nodeFileSystem });
          const started = Date.now();
          const plan = await guardAsync(() => engine.plan());
          const report = await guardAsync(() => engine.apply(plan, { onProgress: (e) => !opts.json && e.result && io.stdout(formatResult(e.result)) }));
          const root = report.results.find((r) => r.title === config.rootPageTitle);
          if (opts.json) {
            io.stdout(JSON.stringify({ serverUrl: server.url, rootUrl: root?.url, workspace, results: report.results, summary: report.summary }, null, 2) + '\n');
          } else {
            io.stdout(`\n${formatSummary(report.summary, {})} in ${((Date.now() - started) / 1000).toFixed(1)} s to a local Confluence at ${server.url}\n`);
            io.stdout(`Workspace copy: ${workspace}\n`);
            io.stdout(`Open the docs: ${root?.url ?? server.cloudBaseUrl}\n`);
            if (opts.serve && !opts.exit) {
              // Copy-paste ready: the workspace (with the demo's .confluence.yml), the credentials, a CLI that exists.
              io.stdout(`Try the CLI against it while the demo runs (in another terminal; it should say "unchanged"):\n`);
              io.stdout(`  cd ${shellQuote(workspace)} && CONFLUENCE_EMAIL=${DEFAULT_USER.email} CONFLUENCE_API_TOKEN=${DEFAULT_USER.apiToken} ${cliInvocation(io.env)} plan\n`);
            }
          }
          if ((report.summary.error ?? 0) + (report.summary.conflict ?? 0) + (report.summary.blocked ?? 0) > 0) throw new CliExit(1);
          if (opts.serve && !opts.exit) {
            io.stderr('Serving until Ctrl-C…\n');
            await new Promise<void>((done) => {
              const stop = () => {
                process.off('SIGINT', stop);
                process.off('SIGTERM', stop);
                done();
              };
              process.on('SIGINT', stop);
              process.on('SIGTERM', stop);
            });
          }
        } finally {
          await server.flush().catch(() => undefined);
          await server.close();
          if (ws.temporary) rmSync(workspace, { recursive: true, force: true });
        }
      });
  },
};
