/**
 * `confluence demo`: starts the embedded Confluence-compatible server, publishes the bundled sample docs (copied to a
 * temporary workspace, so the repository stays clean), prints the root page's URL and serves until Ctrl-C.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { connectConfluence, loadWorkspaceConfig, nodeFileSystem, SyncEngine } from '../../core';
import { startLocalServer } from '../../server';
import { DEFAULT_USER } from '../../server/auth';
import { CliExit, type CliIO } from '../context';
import { formatResult, formatSummary } from '../report';
import { guardAsync } from '../session';
import type { CommandModule } from './index';

interface DemoOptions {
  serve: boolean;
  exit?: boolean;
  port: string;
  docs?: string;
  data?: string;
  latency?: string;
  json?: boolean;
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
      .action(async (opts: DemoOptions) => {
        const port = Number(opts.port);
        const latencyMs = Number(opts.latency ?? 0);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliExit(2, `error: --port must be 0-65535, got '${opts.port}'`);
        if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new CliExit(2, `error: --latency must be a number of milliseconds, got '${opts.latency}'`);
        const source = opts.docs ? resolve(io.cwd, opts.docs) : findSamples(io);
        if (!source || !existsSync(source)) throw new CliExit(2, `error: docs folder not found: ${opts.docs ?? 'samples/docs (bundled samples)'}`);
        const workspace = mkdtempSync(join(tmpdir(), 'confluence-demo-'));
        cpSync(source, join(workspace, 'docs'), { recursive: true, filter: (src) => !src.endsWith('.confluence-mapping.json') });

        const server = await startLocalServer({ port, dataFile: opts.data ? resolve(io.cwd, opts.data) : undefined, faults: { latencyMs } });
        try {
          const api = await guardAsync(() =>
            connectConfluence({ baseUrl: server.cloudBaseUrl, email: DEFAULT_USER.email, apiToken: DEFAULT_USER.apiToken }, { hintContext: 'cli' }),
          );
          const config = loadWorkspaceConfig(workspace, { spaceKey: 'DOCS', labels: ['docs-demo'] });
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
            io.stdout(`Try the CLI against it: CONFLUENCE_URL=${server.cloudBaseUrl} CONFLUENCE_EMAIL=${DEFAULT_USER.email} CONFLUENCE_API_TOKEN=${DEFAULT_USER.apiToken} confluence plan --space DOCS\n`);
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
        }
      });
  },
};
