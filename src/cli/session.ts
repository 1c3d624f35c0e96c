import type { Command } from 'commander';
import {
  ConfigError, type ConfluenceApi, connectConfluence, DocumentError, isConfluenceError, loadWorkspaceConfig,
  type Logger, MappingFileError, PlanError, PlanOutdatedError, RunLockedError, type WorkspaceConfig,
} from '../core';
import { CliExit, type CliIO } from './context';
import { cliCredentials, environment } from './credentials';
import { spacesInMapping } from './space-from-mapping';

/** Flags shared by the commands that talk to Confluence. */
export interface CommonOptions {
  space?: string;
  concurrency?: string;
  json?: boolean;
  dryRun?: boolean;
  force?: boolean;
  verbose?: boolean;
}

export function addCommonOptions(cmd: Command, which: Array<'space' | 'concurrency' | 'json' | 'dry-run' | 'force' | 'verbose'>): Command {
  if (which.includes('space')) cmd.option('--space <KEY>', 'Confluence space key (default: .confluence.yml `space`, or CONFLUENCE_SPACE)');
  if (which.includes('concurrency')) cmd.option('--concurrency <N>', 'most requests in flight at once (the limiter adapts below it)');
  if (which.includes('json')) cmd.option('--json', 'print a machine-readable JSON report on stdout');
  if (which.includes('dry-run')) cmd.option('--dry-run', 'show what would happen and write nothing');
  if (which.includes('force')) cmd.option('--force', 'overwrite pages edited in Confluence since the last publish');
  if (which.includes('verbose')) cmd.option('--verbose', 'log HTTP activity to stderr');
  return cmd;
}

export interface Workspace {
  root: string;
  config: WorkspaceConfig;
  env: Record<string, string | undefined>;
  /** Spaces the mapping file records, when no space was configured and it records several (see requireSpace). */
  mappingSpaces?: string[];
}

/** Loads `.confluence.yml` (+ flags) and the environment (+ `.env`) of the current folder. */
export function openWorkspace(io: CliIO, opts: CommonOptions, extra: Partial<WorkspaceConfig> = {}): Workspace {
  const root = io.cwd;
  const env = environment(root, io.env);
  let concurrency: number | undefined;
  if (opts.concurrency !== undefined) {
    concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new CliExit(2, `error: --concurrency must be a whole number from 1 to 256, got '${opts.concurrency}'`);
    }
  }
  const config = guard(() =>
    // CONFLUENCE_DOCS_ROOT (CI, the GitHub Action's docs-root input) overrides `docsRoot:` like CONFLUENCE_SPACE does `space:`.
    loadWorkspaceConfig(root, { ...extra, spaceKey: opts.space ?? env.CONFLUENCE_SPACE ?? extra.spaceKey, docsRoot: extra.docsRoot ?? (env.CONFLUENCE_DOCS_ROOT?.trim() || undefined), concurrency }),
  );
  if (config.spaceKey) return { root, config, env };
  const spaces = spacesInMapping(root, config);
  if (spaces.length === 1) {
    io.stderr(`note: no space given (--space, CONFLUENCE_SPACE or \`space:\` in .confluence.yml); using ${spaces[0]}, the space ${config.mappingFile} records\n`);
    return { root, config: { ...config, spaceKey: spaces[0] }, env };
  }
  return { root, config, env, mappingSpaces: spaces.length > 1 ? spaces : undefined };
}

/** The space of the command; accepts the config alone for callers that have no workspace. */
export function requireSpace(ws: Workspace | WorkspaceConfig): string {
  const config = 'config' in ws ? ws.config : ws;
  if (config.spaceKey) return config.spaceKey;
  const several = 'config' in ws ? ws.mappingSpaces : undefined;
  if (several) {
    throw new CliExit(2, `error: no Confluence space given, and ${config.mappingFile} records several (${several.join(', ')}): pass --space KEY for the one to publish to`);
  }
  throw new CliExit(2, 'error: no Confluence space: pass --space KEY, set CONFLUENCE_SPACE, or add `space: KEY` to .confluence.yml');
}

/** A logger on stderr (debug lines only with --verbose). */
export function stderrLogger(io: CliIO, verbose: boolean): Logger {
  const line = (level: string) => (m: string) => io.stderr(`[${level}] ${m}\n`);
  const none = () => {};
  return { trace: none, debug: verbose ? line('debug') : none, info: verbose ? line('info') : none, warn: line('warn'), error: line('error') };
}

export async function connect(io: CliIO, ws: Workspace, opts: CommonOptions): Promise<ConfluenceApi & { stats?: unknown }> {
  const credentials = cliCredentials(ws.env, ws.config.baseUrl);
  return guardAsync(() =>
    connectConfluence(credentials, { logger: stderrLogger(io, Boolean(opts.verbose)), maxConcurrency: ws.config.concurrency, hintContext: 'cli' }),
  );
}

/** Exit status when another publish holds the workspace's run lock (sysexits EX_TEMPFAIL: retry later). */
export const EXIT_BUSY = 75;

/** Turns the engine's errors into CLI exits with their message (they already say what to do). */
export function toCliExit(err: unknown): never {
  if (err instanceof CliExit) throw err;
  if (err instanceof ConfigError) throw new CliExit(2, `error: ${err.message}`, 'CONFIG');
  if (err instanceof MappingFileError) throw new CliExit(2, `error: ${err.message}`, 'MAPPING');
  if (err instanceof DocumentError) throw new CliExit(2, `error: ${err.message}`, 'DOCUMENT');
  if (err instanceof PlanError) throw new CliExit(2, `error: ${err.message}`, 'PLAN');
  // Another publish holds the workspace (or just finished): nothing was written, try again later (EX_TEMPFAIL).
  if (err instanceof RunLockedError || err instanceof PlanOutdatedError) throw new CliExit(EXIT_BUSY, `error: ${err.message}`, 'BUSY');
  if (isConfluenceError(err)) throw new CliExit(1, `error: ${err.message}`, err.code);
  throw err;
}

export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return toCliExit(err);
  }
}

export async function guardAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    return toCliExit(err);
  }
}
