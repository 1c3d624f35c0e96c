/** `confluence serve-local`: runs the embedded Confluence-compatible server until Ctrl-C. */
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../context';
import type { CommandModule } from './index';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../server';

interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  latency?: string;
  rateLimit?: string;
  errorRate?: string;
  dropRate?: string;
  seed?: string;
  contextPath: string;
  space: string[];
  user: string[];
  pageSize?: string;
  strictEntities?: boolean;
  removedCloudV1: string;
}

function num(name: string, raw: string | undefined, min: number, max: number, integer = false): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new CliExit(2, `error: --${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got '${raw}'`);
  }
  return n;
}

/** `--removed-cloud-v1 serve|410|404`: what the v1 endpoints Atlassian removed from Cloud do. */
function parseRemovedCloudV1(raw: string | undefined): NonNullable<LocalServerOptions['removedCloudV1']> {
  const v = (raw ?? 'serve').trim().toLowerCase();
  if (v === 'serve') return 'serve';
  if (v === '410' || v === 'gone') return 410;
  if (v === '404') return 404;
  throw new CliExit(2, `error: --removed-cloud-v1 expects serve, 410 or 404, got '${raw}'`);
}

function parseSpaces(values: string[]): Array<{ key: string; name: string }> | undefined {
  if (!values.length) return undefined;
  return values.map((v) => {
    const [key, ...rest] = v.split(':');
    if (!/^[A-Za-z0-9]+$/.test(key)) throw new CliExit(2, `error: --space expects KEY or KEY:Name (letters and digits), got '${v}'`);
    return { key, name: rest.join(':') || key };
  });
}

function parseUsers(values: string[]): LocalServerOptions['users'] {
  if (!values.length) return undefined;
  const extra = values.map((v) => {
    const [email, token] = v.split(':', 2);
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new CliExit(2, `error: --user expects EMAIL or EMAIL:TOKEN, got '${v}'`);
    return token ? { email, apiToken: token, pat: token } : { email };
  });
  return [{ email: 'demo@example.com' }, ...extra];
}

/** Turns the command's options into server options (exported for tests). */
export function serveOptions(o: ServeOptions): LocalServerOptions {
  return {
    port: num('port', o.port, 0, 65535, true) ?? 0,
    host: o.host,
    dataFile: o.data,
    seed: num('seed', o.seed, 0, 2 ** 32 - 1, true),
    dataCenterContextPath: o.contextPath,
    spaces: parseSpaces(o.space),
    users: parseUsers(o.user ?? []),
    maxPageSize: num('page-size', o.pageSize, 1, 250, true),
    strictEntities: o.strictEntities,
    // What people point other Confluence clients at: serve the v1 content endpoints that some Cloud sites still
    // answer (the rollout of their removal is uneven), unless asked to behave like a site where they are gone.
    removedCloudV1: parseRemovedCloudV1(o.removedCloudV1),
    faults: {
      latencyMs: num('latency', o.latency, 0, 600000) ?? 0,
      rateLimitPerSecond: num('rate-limit', o.rateLimit, 0, 1e6) ?? 0,
      errorRate: num('error-rate', o.errorRate, 0, 1) ?? 0,
      dropRate: num('drop-rate', o.dropRate, 0, 1) ?? 0,
    },
  };
}

export function describeServer(srv: LocalServer, spaces: string[], removedCloudV1: LocalServerOptions['removedCloudV1'] = 'serve'): string {
  const u = srv.users[0];
  const others = srv.users.slice(1).map((x) => `  User         ${x.email}  API token ${x.apiToken}  PAT ${x.pat}`);
  return [
    `Local Confluence server running at ${srv.url}`,
    `  Web view     ${srv.url}/`,
    `  Cloud        site ${srv.cloudBaseUrl}  (API ${srv.cloudBaseUrl}/api/v2, ${srv.cloudBaseUrl}/rest/api)`,
    `               CONFLUENCE_URL=${srv.cloudBaseUrl} CONFLUENCE_EMAIL=${u.email} CONFLUENCE_API_TOKEN=${u.apiToken}`,
    removedCloudV1 === 'serve'
      ? `               v1 content/space/property endpoints removed from Cloud are served (--removed-cloud-v1 410 to refuse them)`
      : `               v1 content/space/property endpoints removed from Cloud answer ${removedCloudV1}`,
    `  Data Center  CONFLUENCE_URL=${srv.dataCenterBaseUrl} CONFLUENCE_PAT=${u.pat}`,
    ...others,
    `  Spaces       ${spaces.join(', ')}`,
    `  Admin        POST ${srv.url}/__admin/faults, POST ${srv.url}/__admin/reset, GET ${srv.url}/__admin/state`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

export const serveLocalCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    program
      .command('serve-local')
      .description('Run a local Confluence-compatible server (Cloud v2/v1 and Data Center APIs, web view, fault injection).')
      .option('--port <n>', 'port to listen on (0 = any free port)', '8090')
      .option('--host <host>', 'interface to bind', '127.0.0.1')
      .option('--data <file>', 'load and persist state in this JSON file')
      .option('--latency <ms>', 'delay every API request by this many milliseconds')
      .option('--rate-limit <n>', 'allow n API requests per second, then answer 429 with Retry-After')
      .option('--error-rate <r>', 'answer this fraction (0..1) of API requests with a 5xx')
      .option('--drop-rate <r>', 'drop this fraction (0..1) of API connections without answering')
      .option('--seed <s>', 'seed of the fault generator (reproducible runs)')
      .option('--context-path <path>', 'Data Center context path', '/confluence')
      .option('--space <KEY[:Name]>', 'space to create (repeatable; default DOCS:Documentation)', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--user <EMAIL[:TOKEN]>', 'another user (repeatable); TOKEN is both API token and PAT', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--page-size <n>', 'cap every list page at n results (exercise pagination)')
      .option('--strict-entities', 'reject HTML named entities such as &nbsp; in storage')
      .option(
        '--removed-cloud-v1 <serve|410|404>',
        'Cloud v1 endpoints Atlassian removed (/wiki/rest/api/content, /space, /content/{id}/property, GET …/child/attachment): ' +
          'serve them like a site that still has them, or answer 410 Gone / 404 like a site where they are gone',
        'serve',
      )
      .action(async (o: ServeOptions) => {
        const options = serveOptions(o);
        let srv: LocalServer;
        try {
          srv = await startLocalServer(options);
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          if (e.code === 'EADDRINUSE') throw new CliExit(1, `error: port ${options.port} is already in use; pick another with --port (0 = any free port)`);
          throw new CliExit(1, `error: could not start the local server: ${e.message}`);
        }
        io.stdout(describeServer(srv, (options.spaces ?? [{ key: 'DOCS' }]).map((s) => s.key), options.removedCloudV1));
        await new Promise<void>((resolve) => {
          const stop = (signal: string): void => {
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            io.stderr(`\nReceived ${signal}, stopping${options.dataFile ? ` (saving ${options.dataFile})` : ''}...\n`);
            srv.close().then(resolve, resolve);
          };
          const onInt = (): void => stop('SIGINT');
          const onTerm = (): void => stop('SIGTERM');
          process.once('SIGINT', onInt);
          process.once('SIGTERM', onTerm);
        });
      });
  },
};
