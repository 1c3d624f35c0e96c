import type { ConfluenceApi, CurrentUser } from '../../confluence/types';
import type { Logger } from '../../logging';
import type { PlanInternal } from '../planner';
import type { MappingEntry } from '../mapping';
import type { ApplyOptions, SyncResult, WorkspaceConfig } from '../types';
import type { BaseStore } from '../../read/pull/baseStore';
import { MappingSaver } from './mappingSaver';

export interface ApplyDeps {
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  logger: Logger;
  /** Keeps each published document's text as the merge base of `confluence pull` (none: not kept). */
  bases?: BaseStore;
}

/** Runs limited-concurrency tasks in arrival order. */
export class Semaphore {
  private active = 0;
  private queue: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/**
 * What one apply run shares between its parts (pages, labels, attachments): the plan, the options, the results so
 * far, each page's id as soon as it exists (children wait on their parent's), and the mapping saver.
 */
export class ApplyContext {
  readonly api: ConfluenceApi;
  readonly config: WorkspaceConfig;
  readonly signal: AbortSignal | undefined;
  readonly results: SyncResult[] = [];
  readonly total: number;
  /** Each item's page id once its page exists (undefined when it was not published). */
  readonly pageIds = new Map<string, Promise<string | undefined>>();
  private readonly resolvers = new Map<string, (id: string | undefined) => void>();
  readonly limiter: Semaphore;
  readonly saver: MappingSaver;
  /** Creates whose `pending` entry was recorded before they were sent: the entry before, and the save that holds it. */
  readonly pending = new Map<string, { before: MappingEntry | undefined; gen: number; parentId: string | undefined }>();
  readonly bases: BaseStore | undefined;
  readonly logger: Logger;
  private userPromise: Promise<CurrentUser> | undefined;

  constructor(
    deps: ApplyDeps,
    readonly internal: PlanInternal,
    readonly opts: ApplyOptions,
  ) {
    this.api = deps.api;
    this.config = deps.config;
    this.signal = opts.signal;
    this.bases = deps.bases;
    this.logger = deps.logger;
    this.total = internal.states.size;
    for (const key of internal.states.keys()) this.pageIds.set(key, new Promise((r) => this.resolvers.set(key, r)));
    this.limiter = new Semaphore(Math.max(1, deps.config.concurrency));
    this.saver = new MappingSaver(internal.mapping, internal.space.key, opts.saveBatch);
  }

  /** Ctrl-C: `stop` lets the pages in flight finish (and be recorded); `signal` also cuts requests off. */
  stopped(): boolean {
    return Boolean(this.signal?.aborted || this.opts.stop?.aborted);
  }

  currentUser(): Promise<CurrentUser> {
    return (this.userPromise ??= this.api.getCurrentUser({ signal: this.signal }));
  }

  /** Lets the children of `key` start: its page exists (or will not). */
  resolvePage(key: string, pageId: string | undefined): void {
    // The first call counts (a written page resolves before its attachments, then again when it finishes).
    const resolve = this.resolvers.get(key);
    if (!resolve) return;
    this.resolvers.delete(key);
    resolve(pageId);
    if (pageId !== undefined) this.onPage?.(key, pageId);
  }

  /** Called once when an item's page exists (apply prewrites its children's pending entries). */
  onPage: ((key: string, pageId: string) => void) | undefined;

  /**
   * Records an item's result, releases its children and reports progress. The item's converted body and Markdown
   * text are let go (its hash stays): a 10,000-page publish holds only the bodies still to be written.
   */
  finish(key: string, result: SyncResult, pageId: string | undefined): void {
    releaseBody(this.internal.states.get(key)?.node);
    this.results.push(result);
    this.resolvePage(key, pageId);
    this.emit(result);
  }

  /** Reports a result that has no children waiting on it (orphans). */
  push(result: SyncResult): void {
    this.results.push(result);
    this.emit(result);
  }

  private emit(result: SyncResult): void {
    this.opts.onProgress?.({ done: this.results.length, total: this.total, file: result.file, result });
  }
}

/** Drops what an item no longer needs once it is finished: its storage body and source text (hash, title, labels stay). */
export function releaseBody(node: { storage?: string; source?: string } | undefined): void {
  if (!node) return;
  node.storage = undefined;
  node.source = undefined;
}
