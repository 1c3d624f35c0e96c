import * as vscode from 'vscode';
import { ImportError, isAbort, nodeFileSystem, runImport, type ImportReport } from '../../core';
import type { Session } from '../auth/session';
import type { ConfigService, ResolvedConfig } from '../config';
import { Commands } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { importReportMarkdown, importSummary } from '../model/readSide';
import { showError } from '../ui/errors';
import { confirmOverwrite, pickRootPage, pickSpace, pickTargetFolder } from '../ui/importPrompts';
import { readyToPublish } from '../ui/publishReadiness';
import type { Command } from './commandManager';

const t = vscode.l10n.t;

export interface ImportSpaceDeps {
  config: Pick<ConfigService, 'current' | 'reload'>;
  session: Pick<Session, 'signedIn' | 'api'>;
  /** Rescans the docs tree and checks Confluence again after the import. */
  after: { refresh(): Promise<void> };
  logger: OutputChannelLogger;
}

/**
 * Confluence: Import Space…: space (quick pick), root page (quick pick searching titles), target folder (open
 * dialog), then core's `runImport` under a cancellable progress notification; files that exist are overwritten only
 * after a confirmation (`--force`). A summary with "Show Report" follows; the tree refreshes.
 */
export class ImportSpaceCommand implements Command {
  readonly id = Commands.importSpace;
  constructor(private readonly s: ImportSpaceDeps) {}

  async execute(): Promise<ImportReport | undefined> {
    const resolved = readyToPublish(this.s.config, this.s.session);
    if (!resolved) return undefined;
    try {
      const api = await this.s.session.api();
      const space = await pickSpace(api, resolved.config.spaceKey);
      if (!space) return undefined;
      const rootRef = await pickRootPage(api, space);
      if (rootRef === undefined) return undefined;
      const docsRoot = await pickTargetFolder(resolved.root, resolved.config.docsRoot);
      if (!docsRoot) return undefined;
      const config = { ...resolved.config, spaceKey: space.key, docsRoot };
      let report: ImportReport | undefined;
      try {
        report = await this.#run(resolved, config, api, rootRef || undefined, false);
      } catch (e) {
        if (!(e instanceof ImportError && e.code === 'files-exist')) throw e;
        if (!(await confirmOverwrite(e.message))) return undefined;
        report = await this.#run(resolved, config, api, rootRef || undefined, true);
      }
      if (!report) return undefined;
      this.s.config.reload();
      await this.s.after.refresh();
      void this.#show(report);
      return report;
    } catch (e) {
      if (isAbort(e) || (e instanceof ImportError && e.code === 'interrupted')) {
        void vscode.window.showInformationMessage(t('Import cancelled. Run Import Space again to finish: the files written so far are taken over.'));
        return undefined;
      }
      showError(e, this.s.logger, t('Import from Confluence failed'));
      return undefined;
    }
  }

  #run(resolved: ResolvedConfig, config: ResolvedConfig['config'], api: Awaited<ReturnType<Session['api']>>, rootRef: string | undefined, force: boolean): Thenable<ImportReport | undefined> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Importing from Confluence'), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        let last = 0;
        try {
          const report = await runImport({
            root: resolved.root, config, api, fs: nodeFileSystem, rootRef, force, concurrency: config.concurrency, signal: controller.signal,
            logger: this.s.logger, tool: 'VS Code extension',
            onProgress: (e) => {
              if (e.phase === 'list') return progress.report({ message: t('listing pages…') });
              const pct = e.total ? (e.done / e.total) * 50 : 0; // two phases (fetch, write) share the bar
              const at = (e.phase === 'write' ? 50 : 0) + pct;
              progress.report({ increment: Math.max(0, at - last), message: `${e.done}/${e.total} ${e.phase === 'fetch' ? (e.title ?? '') : (e.file ?? '')}` });
              last = Math.max(last, at);
            },
          });
          return token.isCancellationRequested ? undefined : report;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  async #show(report: ImportReport): Promise<void> {
    const summary = importSummary(report);
    this.s.logger.info(summary);
    const showReport = t('Show Report');
    const warn = report.secrets.length > 0 || report.mappingProblems.length > 0 || report.skipped.length > 0;
    const pick = warn ? await vscode.window.showWarningMessage(summary, showReport) : await vscode.window.showInformationMessage(summary, showReport);
    if (pick !== showReport) return;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: importReportMarkdown(report) });
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}
