import * as vscode from 'vscode';
import { type ApplyOptions, type DiagramRenderer, isUnreachable, type MergeConflictResult, SyncEngine, type SyncPlan } from '../../core';
import type { Session } from '../auth/session';
import type { ConfigService, ResolvedConfig } from '../config';
import type { OutputChannelLogger } from '../logging';
import type { SyncState } from '../model/syncState';
import { PublishPrompts } from '../ui/publishPrompts';
import { readyToPublish } from '../ui/publishReadiness';
import { showPublishOutcome } from '../ui/publishResults';
import { LineBatch } from '../util/lineBatch';
import { withDelayedProgress } from '../ui/delayedProgress';
import { PROGRESS_UPDATE_MS, throttle } from '../util/throttle';
import { editorFileSystem } from '../util/editorFileSystem';
import { profiled } from '../util/cpuProfile';
import { PublishLock } from './publishLock';
import { planLog, resultLine, runPublish, type Applied, type Planned, type PublishOutcome } from './publishRun';

const t = vscode.l10n.t;

/** Whether a Markdown document has unsaved changes in an editor. */
const unsavedMarkdown = (): boolean => vscode.workspace.textDocuments.some((d) => d.isDirty && /\.(md|markdown)$/i.test(d.fileName));

export interface PublishRequest {
  /** Workspace-relative or absolute files/folders; undefined = the whole docs tree. */
  paths?: string[];
  /** Show the plan and ask before writing (Show Publish Plan), instead of going straight on. */
  review: boolean;
  /** For messages: one document or many. */
  single?: boolean;
  /** The document had unsaved changes (they are what gets published). */
  unsaved?: boolean;
}

/**
 * The publish flow of the extension: readiness (trust, configuration, sign-in; ui/publishReadiness.ts) → plan
 * (progress) → optional plan review → secrets and conflict decisions (what to ask is core's publish policy, shared
 * with the CLI; the modals are ui/publishPrompts.ts) → apply (cancellable progress, per file) → result message
 * (ui/publishResults.ts). The order and the lock rule live in runPublish (host-free): the lock covers only planning
 * and writing, never a question or a message. Unsaved editor content is what gets published: the engine reads open
 * documents through `readFile`. What the run finds and does goes into the SyncState (running, progress, per-document
 * states, the last error); the status bar, the tree and the context keys observe it.
 */
export class Publisher {
  readonly #lock: PublishLock;

  constructor(
    private readonly config: Pick<ConfigService, 'current'>,
    private readonly session: Pick<Session, 'signedIn' | 'api' | 'reset'>,
    private readonly state: SyncState,
    /** Rescans the docs tree (the mapping file changed); holds rescans while a publish writes, then refreshes once. */
    private readonly docs: { refresh(): Promise<void>; quietWhile<T>(work: () => Promise<T>, caughtUp?: (result: T) => boolean): Promise<T> },
    private readonly logger: OutputChannelLogger,
    /** The conflict choice Merge (issue 12): pulls one page into its file; absent: no Merge button. */
    private readonly merger?: { merge(file: string): Promise<MergeConflictResult | undefined> },
    /** Diagram renderers (issue 14: Mermaid in a webview, src/extension/diagrams); absent: diagrams publish as code. */
    private readonly diagrams?: { renderers: DiagramRenderer[]; unavailable?: Record<string, string> },
  ) {
    this.#lock = new PublishLock((held) => state.setRunning(held));
  }

  /** Resolves when the publish has ended (its result message is shown, not waited for). */
  async publish(request: PublishRequest): Promise<PublishOutcome | undefined> {
    if (this.#lock.held) {
      void vscode.window.showInformationMessage(t('A publish to Confluence is already running.'));
      return undefined;
    }
    const resolved = readyToPublish(this.config, this.session);
    if (!resolved) return undefined;
    const prompts = new PublishPrompts(resolved.root, this.logger, this.merger && ((file) => this.merger!.merge(file)));
    return profiled(() => runPublish<SyncEngine>(this.#lock, {
      plan: () => this.#planWithProgress(resolved, request),
      decide: (plan, round) => prompts.decide(plan, request.review, round),
      // No rescan at the end when the report brought the tree up to date (SyncState.recordReport) — unless an unsaved
      // document was published: the tree shows the files on disk, which then differ from their pages.
      apply: (planned, options) => this.docs.quietWhile(() => this.#applyWithProgress(planned, options), (applied) => applied.caughtUp && !unsavedMarkdown()),
      report: (outcome) => showPublishOutcome(this.#noteSite(outcome), request, {
        logger: this.logger,
        explainNotReady: () => void readyToPublish(this.config, this.session),
        resetSession: () => this.session.reset(),
        setLastError: (m) => this.state.setLastError(m),
        refreshModel: () => this.docs.refresh(),
      }),
      log: (line) => this.logger.info(line),
    }, request.review), (line) => this.logger.info(line));
  }

  /** What a publish learnt of the site: it answered (online), or it did not (offline). */
  #noteSite(outcome: PublishOutcome): PublishOutcome {
    if (outcome.kind === 'applied' || outcome.kind === 'nothing-to-write') this.state.setSite('online');
    else if (outcome.kind === 'failed' && isUnreachable(outcome.error)) this.state.setSite('offline');
    return outcome;
  }

  /** Plans only (for Show Publish Plan without going on, and tests). */
  async plan(resolved: ResolvedConfig, paths: string[] | undefined, token?: vscode.CancellationToken): Promise<{ engine: SyncEngine; plan: SyncPlan }> {
    const api = await this.session.api();
    const engine = new SyncEngine({ root: resolved.root, config: resolved.config, api, logger: this.logger, fs: editorFileSystem(() => vscode.workspace.textDocuments), runLock: { tool: 'VS Code extension' }, diagrams: this.diagrams });
    const controller = new AbortController();
    const sub = token?.onCancellationRequested(() => controller.abort());
    try {
      const plan = await engine.plan({ paths, signal: controller.signal });
      await this.state.recordPlan(plan);
      return { engine, plan };
    } finally {
      sub?.dispose();
    }
  }

  async #planWithProgress(resolved: ResolvedConfig, request: PublishRequest): Promise<Planned<SyncEngine> | undefined> {
    const planned = await withDelayedProgress(t('Confluence: planning the publish…'), (_p, token) =>
      this.plan(resolved, request.paths, token).then((r) => (token.isCancellationRequested ? undefined : r)),
    );
    if (!planned) return undefined;
    const { plan } = planned;
    // One log entry for the whole plan (one message to the output channel, not one per page; at most 200 rows).
    this.logger.info(planLog(plan, request.paths?.join(', ') ?? 'the workspace'));
    return planned;
  }

  async #applyWithProgress({ engine, plan }: Planned<SyncEngine>, options: ApplyOptions): Promise<Applied & { caughtUp: boolean }> {
    let cancelled = false;
    try {
      const report = await withDelayedProgress(
        t('Publishing to Confluence'),
        async (progress, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => {
            this.logger.info('Cancel requested: stopping after the requests in flight; what was done is kept.');
            cancelled = true;
            controller.abort();
          });
          // The notification follows at most 4 times a second (one IPC message each), not once per page.
          let last = 0;
          let latest = { done: 0, total: 0, file: undefined as string | undefined };
          // One log entry per progress tick (and per level), not one output-channel message per page.
          const lines = new LineBatch((level, text) => this.logger[level](text));
          const report = throttle(() => {
            lines.flush();
            const total = Math.max(1, latest.total);
            progress.report({ increment: ((latest.done - last) / total) * 100, message: `${latest.done}/${latest.total}${latest.file ? ` ${latest.file}` : ''}` });
            last = latest.done;
          }, PROGRESS_UPDATE_MS);
          try {
            return await engine.apply(plan, {
              ...options,
              signal: controller.signal,
              onProgress: (e) => {
                latest = { done: e.done, total: e.total, file: e.file };
                report();
                this.state.setProgress({ done: e.done, total: e.total });
                if (e.result) {
                  const { level, line } = resultLine(e.result);
                  lines.add(level, line);
                }
              },
            });
          } finally {
            report.flush();
            report.dispose();
            lines.flush();
            sub.dispose();
          }
        },
      );
      // At most one rescan when the publish ends (quietWhile), none per mapping save; none when the report says it all.
      const caughtUp = await this.state.recordReport(report);
      return { report, cancelled, caughtUp };
    } finally {
      this.state.setProgress(undefined);
    }
  }
}
