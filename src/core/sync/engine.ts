import { join } from 'node:path';
import type { ConfluenceApi } from '../confluence/types';
import { nullLogger, type Logger } from '../logging';
import type { SecretFinding } from '../secrets/types';
import { applyPlan } from './apply';
import { MappingFile } from './mapping';
import { defaultMarkdownPort, type MarkdownPort } from './markdownPort';
import { buildPlan, PlanInternal } from './planner';
import { defaultSecretScanner } from './secretsPort';
import type { ApplyOptions, PlanOptions, SyncPlan, SyncReport, WorkspaceConfig } from './types';

export interface SyncEngineOptions {
  /** Workspace root (absolute). */
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  logger?: Logger;
  /** Supplies a document's text (e.g. unsaved editor content); undefined falls back to the file on disk. */
  readFile?: (absPath: string) => string | undefined;
  /** Secret scanner; default: the bundled scanner with `.confluence-secrets-ignore`. */
  scanSecrets?: (text: string, file: string) => Promise<SecretFinding[]>;
  markdown?: MarkdownPort;
}

/** Plans and applies a publish of a workspace's docs to one Confluence space. Used by the CLI and the extension. */
export class SyncEngine {
  private readonly id = Symbol('SyncEngine');
  private applying = false;
  private readonly logger: Logger;
  private readonly scan: (text: string, file: string) => Promise<SecretFinding[]>;

  constructor(private readonly opts: SyncEngineOptions) {
    this.logger = opts.logger ?? nullLogger;
    this.scan = opts.scanSecrets ?? defaultSecretScanner(opts.root);
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
        readFile: this.opts.readFile,
        scanSecrets: this.scan,
        loadMapping: () => MappingFile.load(this.mappingPath, this.opts.config.mappingFile),
        engineId: this.id,
      },
      opts,
    );
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
    if (internal.mapping.changedOnDisk()) {
      throw new Error(`${this.opts.config.mappingFile} changed since this plan was made (another publish?); make a new plan`);
    }
    this.applying = true;
    const started = Date.now();
    let report: SyncReport;
    try {
      report = await applyPlan({ root: this.opts.root, config: this.opts.config, api: this.opts.api, logger: this.logger }, internal, opts);
    } finally {
      this.applying = false;
    }
    this.logger.info(`published in ${Date.now() - started} ms: ${JSON.stringify(report.summary)}`);
    return report;
  }
}
