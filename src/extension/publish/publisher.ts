import * as path from 'node:path';
import * as vscode from 'vscode';
import { SyncEngine } from '../../core/sync/index';
import type { ApplyOptions, PlanItem, SyncPlan, SyncReport, SyncResult } from '../../core/sync/types';
import { NotSignedInError, type Session } from '../auth/session';
import { documents, likelySecrets, plural } from '../ui/plural';
import type { ConfigService, ResolvedConfig } from '../config';
import type { ContextKeyService } from '../context';
import { Commands, ContextKeys, Settings } from '../ids';
import type { OutputChannelLogger } from '../logging';
import type { StatusBarController } from '../statusBar';
import type { DocsModel } from '../tree/docsModel';
import { describeError } from '../ui/errors';
import { showPlanPicker, writes } from './planPicker';
import { RemoteContentProvider } from './remoteContent';
import { failedBecauseCancelled, reasonForEditor, summarise } from '../model/reasons';

const t = vscode.l10n.t;

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
 * The publish flow of the extension: plan (progress) → optional plan review → secrets and conflict decisions →
 * apply (cancellable progress, per file) → result message. Unsaved editor content is what gets published: the
 * engine reads open documents through `readFile`.
 */
export class Publisher {
  #running = false;

  constructor(
    private readonly config: ConfigService,
    private readonly session: Session,
    private readonly model: DocsModel,
    private readonly statusBar: StatusBarController,
    private readonly context: ContextKeyService,
    private readonly logger: OutputChannelLogger,
  ) {}

  get running(): boolean {
    return this.#running;
  }

  /** Checks trust, configuration and sign-in; shows why not, with the button that fixes it. */
  async ready(): Promise<ResolvedConfig | undefined> {
    if (!vscode.workspace.isTrusted) {
      const pick = await vscode.window.showWarningMessage(
        t('Publishing to Confluence is disabled because this workspace is not trusted: an untrusted workspace could send files to a site you did not choose.'),
        t('Manage Workspace Trust'),
      );
      if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const resolved = this.config.current;
    if (!resolved) {
      void vscode.window.showWarningMessage(t('Open a folder to publish its docs to Confluence.'));
      return undefined;
    }
    if (resolved.error) {
      void vscode.window.showErrorMessage(t('The Confluence configuration is invalid: {0}', resolved.error));
      return undefined;
    }
    if (!resolved.configured) {
      const pick = await vscode.window.showWarningMessage(t('No Confluence site and space are configured for this workspace.'), t('Sign In'), t('Open Settings'));
      if (pick === t('Sign In')) void vscode.commands.executeCommand(Commands.signIn);
      else if (pick) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', { query: 'confluence' });
      return undefined;
    }
    if (!this.session.signedIn) {
      const pick = await vscode.window.showWarningMessage(t('Sign in to {0} to publish.', resolved.config.baseUrl ?? 'Confluence'), t('Sign In'));
      if (pick) void vscode.commands.executeCommand(Commands.signIn);
      return undefined;
    }
    return resolved;
  }

  async publish(request: PublishRequest): Promise<SyncReport | undefined> {
    if (this.#running) {
      void vscode.window.showInformationMessage(t('A publish to Confluence is already running.'));
      return undefined;
    }
    const resolved = await this.ready();
    if (!resolved) return undefined;
    this.#running = true;
    this.context.set(ContextKeys.publishing, true);
    try {
      return await this.#publish(resolved, request);
    } catch (e) {
      const err = e as { code?: string; name?: string };
      if (err.code === 'ABORTED' || err.name === 'AbortError') {
        this.logger.info('Publishing cancelled.');
        await this.model.refresh();
        void vscode.window.showInformationMessage(t('Publishing cancelled. What was done is kept and the mapping file is up to date.'));
        return undefined;
      }
      if (e instanceof NotSignedInError) {
        await this.ready();
        return undefined;
      }
      if ((e as { status?: number }).status === 401) {
        this.session.reset();
        const pick = await vscode.window.showErrorMessage(t('Confluence rejected the stored credentials (401). Sign in again.'), t('Sign In'));
        if (pick) void vscode.commands.executeCommand(Commands.signIn);
        return undefined;
      }
      const message = describeError(e, this.logger);
      this.logger.error(`Publish failed: ${message}`);
      this.statusBar.setLastError(message);
      const pick = await vscode.window.showErrorMessage(t('Publishing to Confluence failed: {0}', message), t('Show Log'));
      if (pick) this.logger.show();
      return undefined;
    } finally {
      this.#running = false;
      this.context.set(ContextKeys.publishing, false);
      this.statusBar.setPublishing(undefined);
    }
  }

  /** Plans only (for Show Publish Plan without going on, and tests). */
  async plan(resolved: ResolvedConfig, paths: string[] | undefined, token?: vscode.CancellationToken): Promise<{ engine: SyncEngine; plan: SyncPlan }> {
    const api = await this.session.api();
    const engine = new SyncEngine({ root: resolved.root, config: resolved.config, api, logger: this.logger, readFile: editorReader(), runLock: { tool: 'VS Code extension' } });
    const controller = new AbortController();
    const sub = token?.onCancellationRequested(() => controller.abort());
    try {
      const plan = await engine.plan({ paths, signal: controller.signal });
      this.model.applyPlan(plan);
      return { engine, plan };
    } finally {
      sub?.dispose();
    }
  }

  async #publish(resolved: ResolvedConfig, request: PublishRequest): Promise<SyncReport | undefined> {
    const rootUri = vscode.Uri.file(resolved.root);
    const planned = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Confluence: planning the publish…'), cancellable: true },
      (_p, token) => this.plan(resolved, request.paths, token).then((r) => (token.isCancellationRequested ? undefined : r)),
    );
    if (!planned) return undefined;
    const { engine, plan } = planned;
    this.logger.info(`Plan for ${request.paths?.join(', ') ?? 'the workspace'}: ${JSON.stringify(plan.summary)}`);
    for (const item of plan.items) if (item.action !== 'unchanged') this.logger.info(`  ${item.action.padEnd(9)} ${item.file} → "${item.title}"${item.reason ? ` (${item.reason})` : ''}`);

    if (request.review) {
      const go = await showPlanPicker(plan, rootUri);
      if (!go) {
        this.logger.info('Publish cancelled at the plan; nothing was written.');
        return undefined;
      }
    }

    // Secrets: nothing of a blocked document is sent unless the user says "Publish Anyway".
    const options: ApplyOptions = {};
    const secretItems = plan.items.filter((i) => i.action === 'blocked' && (i.code === 'secrets' || i.findings?.length));
    if (secretItems.length) {
      const others = plan.items.some((i) => i.kind === 'document' && !secretItems.includes(i) && i.action !== 'unchanged' && i.action !== 'orphan');
      const decision = await this.#askSecrets(secretItems, resolved, others);
      if (decision === 'cancel') {
        this.logger.info('Publish cancelled because of secret findings; nothing was written.');
        return undefined;
      }
      if (decision === 'anyway') options.allowSecrets = secretItems.map((i) => i.file);
      else this.logger.info(`Skipping documents with secret findings: ${secretItems.map((i) => i.file).join(', ')}`);
    }

    // Conflicts: one choice per page; nothing is overwritten without it.
    const conflicts = plan.items.filter((i) => i.action === 'conflict' && i.code !== 'title-taken' && i.code !== 'title-duplicate');
    const force: string[] = [];
    const recreate: string[] = [];
    for (const item of conflicts) {
      const choice = await this.#askConflict(item, resolved);
      if (choice === 'cancel') {
        this.logger.info('Publish cancelled at a conflict; nothing was written.');
        return undefined;
      }
      if (choice === 'overwrite') (item.code === 'remote-deleted' ? recreate : force).push(item.file);
    }
    if (force.length) options.force = force;
    if (recreate.length) options.recreate = recreate;

    const toWrite = writes(plan).filter((i) => i.action !== 'blocked').length + force.length + recreate.length + (Array.isArray(options.allowSecrets) ? options.allowSecrets.length : 0);
    if (toWrite === 0) {
      const problems = plan.items.filter((i) => i.action === 'error' || i.action === 'conflict' || i.action === 'blocked');
      if (problems.length) await this.#reportProblems(problems.map((i) => ({ file: i.file, action: i.action as SyncResult['action'], title: i.title, message: i.reason })));
      else void vscode.window.showInformationMessage(request.single ? t('"{0}" is already up to date in Confluence.', plan.items.find((i) => i.kind === 'document')?.title ?? '') : t('Everything is already up to date in Confluence.'));
      return undefined;
    }

    let cancelled = false;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Publishing to Confluence'), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => {
          this.logger.info('Cancel requested: stopping after the requests in flight; what was done is kept.');
          cancelled = true;
          controller.abort();
        });
        let last = 0;
        try {
          return await engine.apply(plan, {
            ...options,
            signal: controller.signal,
            onProgress: (e) => {
              const total = Math.max(1, e.total);
              progress.report({ increment: ((e.done - last) / total) * 100, message: `${e.done}/${e.total}${e.file ? ` ${e.file}` : ''}` });
              last = e.done;
              this.statusBar.setPublishing({ done: e.done, total: e.total });
              if (e.result) this.#logResult(e.result);
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    this.statusBar.setPublishing(undefined);
    this.statusBar.setLastError(undefined);
    await this.model.applyReport(report);
    // Not awaited: the flow (and the status bar) must not wait for the user to dismiss the message.
    void this.#reportResults(report, request, cancelled);
    return report;
  }

  async #askSecrets(items: PlanItem[], resolved: ResolvedConfig, others: boolean): Promise<'anyway' | 'skip' | 'cancel'> {
    const findings = items.flatMap((i) => i.findings ?? []);
    const lines = findings.slice(0, 8).map((f) => `${f.file}:${f.line} ${f.rule} (${f.preview})`);
    if (findings.length > 8) lines.push(t('…and {0} more', findings.length - 8));
    const allow = vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.allowPublishAnyway, true);
    const open = t('Open');
    const anyway = t('Publish Anyway');
    const skip = t('Publish the Others');
    const buttons = [open, ...(allow ? [anyway] : []), ...(others ? [skip] : [])];
    const pick = await vscode.window.showWarningMessage(
      t('{0} found in {1}. Blocked documents are not sent to Confluence.', likelySecrets(findings.length || items.length), documents(items.length)),
      { modal: true, detail: lines.join('\n') || items.map((i) => `${i.file}: ${reasonForEditor(i.reason) ?? ''}`).join('\n') },
      ...buttons,
    );
    if (pick === skip) return 'skip';
    if (pick === anyway) {
      this.logger.warn(`Publishing despite secret findings in: ${items.map((i) => i.file).join(', ')}`);
      return 'anyway';
    }
    if (pick === open) {
      const first = findings[0];
      const file = first?.file ?? items[0].file;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(resolved.root, file)));
      const pos = new vscode.Position(Math.max(0, (first?.line ?? 1) - 1), Math.max(0, (first?.column ?? 1) - 1));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    }
    return 'cancel';
  }

  async #askConflict(item: PlanItem, resolved: ResolvedConfig): Promise<'overwrite' | 'skip' | 'cancel'> {
    const viewDiff = t('View Diff');
    const overwrite = item.code === 'remote-deleted' ? t('Recreate') : t('Overwrite');
    const skip = t('Skip');
    const message = item.code === 'remote-deleted'
      ? t('The page "{0}" for {1} was deleted in Confluence.', item.title, item.file)
      : t('The page "{0}" was edited in Confluence since your last publish of {1}.', item.title, item.file);
    const detail = [
      item.code === 'remote-edited' ? undefined : reasonForEditor(item.reason),
      item.localVersion || item.remoteVersion ? t('Last published version: {0}; version in Confluence now: {1}.', item.localVersion ?? '—', item.remoteVersion ?? '—') : undefined,
      t('Nothing is overwritten unless you choose {0}.', overwrite),
    ].filter(Boolean).join('\n');
    const buttons = item.pageId && item.code !== 'remote-deleted' ? [viewDiff, overwrite, skip] : [overwrite, skip];
    const pick = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
    this.logger.info(`Conflict on ${item.file}: user chose ${pick ?? 'cancel'}`);
    if (pick === overwrite) return 'overwrite';
    if (pick === skip) return 'skip';
    if (pick !== viewDiff || !item.pageId) return 'skip';
    const left = RemoteContentProvider.uri(item.pageId, item.file, item.remoteVersion, item.title);
    const right = vscode.Uri.file(path.join(resolved.root, item.file));
    await vscode.commands.executeCommand('vscode.diff', left, right, t('{0}: Confluence (v{1}) ↔ Local', path.basename(item.file), item.remoteVersion ?? '?'), { preview: false });
    // Not modal, so the diff can be read and scrolled; dismissing it skips the page.
    const second = await vscode.window.showWarningMessage(t('Overwrite "{0}" in Confluence with your local version?', item.title), overwrite, skip);
    this.logger.info(`Conflict on ${item.file} after diff: user chose ${second ?? 'skip (dismissed)'}`);
    return second === overwrite ? 'overwrite' : 'skip';
  }

  #logResult(r: SyncResult): void {
    const line = `${r.action.padEnd(8)} ${r.file} → "${r.title}"${r.pageId ? ` page ${r.pageId}` : ''}${r.version ? ` v${r.version}` : ''}${r.message ? `: ${r.message}` : ''}`;
    if (r.action === 'error') this.logger.error(line);
    else if (r.action === 'conflict' || r.action === 'blocked') this.logger.warn(line);
    else this.logger.info(line);
  }

  async #reportProblems(problems: SyncResult[]): Promise<void> {
    for (const p of problems) this.#logResult(p);
    const pick = await vscode.window.showWarningMessage(
      t('Nothing was published: {0}', problems.map((p) => `${p.file} (${p.action}${p.message ? `: ${reasonForEditor(p.message)}` : ''})`).join('; ')),
      t('Show Log'),
    );
    if (pick) this.logger.show();
  }

  async #reportResults(report: SyncReport, request: PublishRequest, cancelled: boolean): Promise<void> {
    const written = report.results.filter((r) => r.action === 'created' || r.action === 'updated' || r.action === 'moved');
    const failed = report.results.filter((r) => (r.action === 'error' && !(cancelled && failedBecauseCancelled(r.message))) || r.action === 'conflict' || r.action === 'blocked');
    const summary = summarise(report, cancelled);
    this.logger.info(`Publish finished: ${summary}`);
    const docs = written.filter((r) => !r.file.endsWith('/'));
    // One document: its own result, even when the pages above it had to be created first.
    const requested = request.single && request.paths?.length === 1 ? request.paths[0].split(path.sep).join('/') : undefined;
    const own = (requested && written.find((r) => r.file === requested)) || (docs.length === 1 ? docs[0] : undefined);
    if (request.single && own && failed.length === 0 && !cancelled) {
      const r = own;
      const parents = written.length - 1;
      const open = t('Open Page');
      const message = request.unsaved
        ? t('Published "{0}" to Confluence ({1}, version {2}), including your unsaved changes.', r.title, r.action, r.version ?? '?')
        : t('Published "{0}" to Confluence ({1}, version {2}).', r.title, r.action, r.version ?? '?');
      const pick = await vscode.window.showInformationMessage(
        parents > 0 ? `${message} ${plural(parents, '{0} page above it was published too.', '{0} pages above it were published too.')}` : message,
        open,
      );
      if (pick === open && r.url) void vscode.env.openExternal(vscode.Uri.parse(r.url));
      return;
    }
    const showLog = t('Show Log');
    const text = cancelled
      ? t('Publishing cancelled. What was done is kept and the mapping file is up to date: {0}.', summary)
      : t('Published to Confluence: {0}.', summary || t('nothing to do'));
    const pick = failed.length
      ? await vscode.window.showWarningMessage(text, showLog)
      : await vscode.window.showInformationMessage(text, showLog);
    if (pick === showLog) this.logger.show();
  }
}

/** The engine's readFile: the text of an open editor (saved or not), else undefined so it reads the disk. */
export function editorReader(): (absPath: string) => string | undefined {
  const open = new Map<string, string>();
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme === 'file') open.set(path.normalize(doc.uri.fsPath), doc.getText());
  }
  return (absPath) => open.get(path.normalize(absPath));
}
