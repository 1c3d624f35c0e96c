import type { DiagramRenderer } from '../diagrams/types';
import { join } from 'node:path';
import type { ConfluenceApi } from '../confluence/types';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { nullLogger, type Logger } from '../logging';
import { BaseStore } from '../read/pull/baseStore';
import type { SecretFinding } from '../secrets/types';
import { applyPlan } from './apply';
import { ConversionCache } from './conversionCache';
import { MappingFile } from './mapping';
import { defaultMarkdownPort, type MarkdownPort } from './markdownPort';
import { buildPlan, PlanInternal } from './planner';
import { acquireRunLock, PlanOutdatedError, runLockPath, type RunLock, type RunLockOptions } from './runLock';
import { defaultSecretScanner } from './secretsPort';
import type { ApplyOptions, PlanOptions, SyncPlan, SyncReport, WorkspaceConfig } from './types';

export interface SyncEngineOptions {
  /** Workspace root (absolute). */
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  logger?: Logger;
  /**
   * Where the workspace is read and the mapping file and run lock written (default: the disk). The extension passes
   * one that answers with unsaved editor text; tests pass a MemoryFileSystem.
   */
  fs?: FileSystem;
  /** Secret scanner; default: the bundled scanner with `.confluence-secrets-ignore`. */
  scanSecrets?: (text: string, file: string) => Promise<SecretFinding[]>;
  markdown?: MarkdownPort;
  /**
   * Local diagram renderers (the CLI's headless Chromium for Mermaid, a PlantUML command) and why a language has
   * none; rendered images are cached under `.confluence/diagrams/`. Without: diagrams are published as code blocks
   * with a `diagram-not-rendered` warning.
   */
  diagrams?: { renderers: DiagramRenderer[]; unavailable?: Record<string, string> };
  /**
   * Conversions of unchanged documents (conversionCache.ts). Default: one per engine, kept on disk under
   * `.confluence/cache/` when the build knows its version, at most 16 MB in memory (`ENGINE_CACHE_MEMORY`);
   * `false`: convert every document every time.
   */
  cache?: ConversionCache | false;
  /**
   * `fs` reads what its `stat` describes (the disk, not unsaved editor buffers): the engine's own cache records the
   * document index a later offline `status` reads unchanged documents from (docIndex.ts).
   */
  documentIndex?: boolean;
  /** The run lock beside the mapping file (`tool`: who publishes, e.g. "confluence CLI"; waits and ages for tests). */
  runLock?: Omit<RunLockOptions, 'fs' | 'logger' | 'displayPath' | 'signal'>;
}

/**
 * The memory side of an engine's own conversion cache: small. An engine plans once or twice (the disk store keeps the
 * conversions between runs); entries kept in memory would hold every converted body for the whole publish.
 */
export const ENGINE_CACHE_MEMORY = { maxEntries: 2_000, maxBytes: 16 * 1024 * 1024 };

/** Plans and applies a publish of a workspace's docs to one Confluence space. Used by the CLI and the extension. */
export class SyncEngine {
  private readonly id = Symbol('SyncEngine');
  private applying = false;
  private readonly logger: Logger;
  private readonly scan: (text: string, file: string) => Promise<SecretFinding[]>;
  private readonly fs: FileSystem;
  private readonly cache: ConversionCache | undefined;
  /** The cache's disk writes after a plan (awaited by apply, or left to finish on their own). */
  private cacheFlush: Promise<void> | undefined;

  constructor(private readonly opts: SyncEngineOptions) {
    this.logger = opts.logger ?? nullLogger;
    this.fs = opts.fs ?? nodeFileSystem;
    this.cache = opts.cache === false ? undefined : (opts.cache ?? new ConversionCache({ disk: { fs: this.fs, root: opts.root }, ...ENGINE_CACHE_MEMORY, index: opts.documentIndex }));
    this.scan = opts.scanSecrets ?? defaultSecretScanner(opts.root, this.fs, this.cache?.cleanScans);
  }

  get config(): WorkspaceConfig {
    return this.opts.config;
  }

  /** Absolute path of the mapping file. */
  get mappingPath(): string {
    return join(this.opts.root, this.opts.config.mappingFile);
  }

  /** Reads local files, the mapping file and one listing of the space; writes nothing. */
  async plan(opts: PlanOptions = {}): Promise<SyncPlan> {
    const started = Date.now();
    const plan = await buildPlan(
      {
        root: this.opts.root,
        config: this.opts.config,
        api: this.opts.api,
        markdown: this.opts.markdown ?? defaultMarkdownPort,
        fs: this.fs,
        scanSecrets: this.scan,
        loadMapping: () => MappingFile.load(this.mappingPath, this.opts.config.mappingFile, this.fs),
        engineId: this.id,
        cache: this.cache,
        diagrams: this.opts.diagrams && { root: this.opts.root, fs: this.fs, config: this.opts.config.diagrams ?? {}, ...this.opts.diagrams, unavailable: { ...this.opts.diagrams.unavailable } },
      },
      opts,
    );
    // new cache entries go to disk while the publish runs (a failed write is only a later miss)
    if (this.cache) this.cacheFlush = this.cache.flush().catch(() => undefined);
    for (const w of plan.warnings ?? []) this.logger.warn(w.message);
    this.logger.debug(`planned ${plan.items.length} pages in ${Date.now() - started} ms: ${JSON.stringify(plan.summary)}`);
    return plan;
  }

  /** Publishes a plan made by this engine. */
  async apply(plan: SyncPlan, opts: ApplyOptions = {}): Promise<SyncReport> {
    const internal = plan.internal;
    if (!(internal instanceof PlanInternal) || internal.engineId !== this.id) {
      throw new Error('apply() needs a plan made by the same SyncEngine (call plan() first)');
    }
    if (this.applying) throw new Error('a publish is already running in this workspace; wait for it to finish');
    this.applying = true;
    const started = Date.now();
    let report: SyncReport;
    let lock: RunLock | undefined;
    try {
      // One publish at a time per mapping file, across processes (CLI, extension, CI): RunLockedError names the holder.
      lock = await this.lock(opts.stop && opts.signal ? AbortSignal.any([opts.stop, opts.signal]) : (opts.stop ?? opts.signal));
      // Checked under the lock: a run that waited for another one must not apply a plan made before it.
      if (internal.mapping.changedOnDisk()) throw new PlanOutdatedError(this.opts.config.mappingFile);
      if (internal.applied) throw new Error('this plan was applied already (a publish lets each page body go once written): make a new plan');
      internal.applied = true;
      report = await applyPlan({ root: this.opts.root, config: this.opts.config, api: this.opts.api, logger: this.logger, bases: new BaseStore(this.opts.fs ?? nodeFileSystem, this.opts.root) }, internal, opts);
      await this.cacheFlush;
    } finally {
      lock?.release();
      this.applying = false;
    }
    this.logger.info(`published in ${Date.now() - started} ms: ${JSON.stringify(report.summary)}`);
    return report;
  }

  /** Takes the run lock of this workspace's mapping file (apply does; so does anything else that writes the mapping). */
  lock(signal?: AbortSignal): Promise<RunLock> {
    return acquireRunLock(runLockPath(this.mappingPath), {
      ...this.opts.runLock,
      fs: this.fs,
      displayPath: `${this.opts.config.mappingFile}.lock`,
      logger: this.logger,
      signal,
    });
  }
}
