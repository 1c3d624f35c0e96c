import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultSecretScanner, mergeConflict, nodeFileSystem, pullFromConfluence, type MergeConflictResult, type PullReport } from '../../core';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { pullCounts, pullSummary } from '../model/readSide';
import { readyToPublish } from '../ui/publishReadiness';
import { showError } from '../ui/errors';
import { MergeSides, openConflict } from './mergeEditor';

const t = vscode.l10n.t;

/**
 * Pull from Confluence in the editor: core's `pullFromConfluence` (three-way merge, atomic writes, the mapping's run
 * lock) under a cancellable progress notification, then a summary; a conflict opens the merge editor. Unsaved
 * Markdown is saved first (pull merges into the files on disk). After a pull the tree and the remote marks refresh.
 */
export class Puller {
  readonly sides = new MergeSides();

  constructor(
    private readonly config: Pick<ConfigService, 'current'>,
    private readonly session: Pick<Session, 'signedIn' | 'api'>,
    private readonly after: { refresh(): Promise<void> },
    private readonly logger: OutputChannelLogger,
  ) {}

  /** Pulls these workspace-relative paths (undefined: every mapped document). */
  async pull(paths?: string[]): Promise<PullReport | undefined> {
    const resolved = readyToPublish(this.config, this.session);
    if (!resolved || !(await this.#saveFirst())) return undefined;
    try {
      const api = await this.session.api();
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Pulling from Confluence…'), cancellable: true },
        async (_progress, token) => {
          const stop = new AbortController();
          const sub = token.onCancellationRequested(() => stop.abort());
          try {
            return await pullFromConfluence({
              root: resolved.root, config: resolved.config, api, fs: nodeFileSystem, paths: paths?.map((p) => path.join(resolved.root, p)), scanSecrets: defaultSecretScanner(resolved.root),
              logger: this.logger, runLock: { tool: 'VS Code extension' }, stop: stop.signal, signal: stop.signal,
            });
          } finally {
            sub.dispose();
          }
        },
      );
      for (const i of report.items) if (i.action !== 'unchanged') this.logger.info(`Pull: ${i.action} ${i.file} "${i.title}"${i.message ? ` (${i.message})` : ''}`);
      await this.after.refresh();
      void this.#show(resolved.root, report);
      return report;
    } catch (e) {
      showError(e, this.logger, t('Pull from Confluence failed'));
      return undefined;
    }
  }

  /** The conflict choice Merge of a publish: pulls that one page; opens the merge editor when it is not clean. */
  async merge(file: string): Promise<MergeConflictResult | undefined> {
    const resolved = this.config.current;
    if (!resolved || !(await this.#saveFirst([path.join(resolved.root, file)]))) return undefined;
    try {
      const api = await this.session.api();
      const result = await mergeConflict({
        root: resolved.root, config: resolved.config, api, fs: nodeFileSystem, scanSecrets: defaultSecretScanner(resolved.root),
        logger: this.logger, runLock: { tool: 'VS Code extension' },
      }, file);
      this.logger.info(`Merge of ${file}: ${result.clean ? 'clean' : `not clean (${result.item?.action ?? '?'})`}`);
      await this.after.refresh();
      if (!result.clean && result.item?.action === 'conflict') await openConflict(resolved.root, file, this.sides, this.logger);
      return result;
    } catch (e) {
      showError(e, this.logger, t('Merge of {0} failed', file));
      return undefined;
    }
  }

  /** Unsaved Markdown (of these files, default all) is saved first, after asking: pull merges into the files on disk. */
  async #saveFirst(only?: string[]): Promise<boolean> {
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && /\.(md|markdown)$/i.test(d.fileName) && (!only || only.includes(d.uri.fsPath)));
    if (!dirty.length) return true;
    const save = t('Save All and Pull');
    const pick = await vscode.window.showWarningMessage(t('{0} Markdown file(s) have unsaved changes. Pull merges into the saved files.', dirty.length), { modal: true }, save);
    if (pick !== save) return false;
    return (await Promise.all(dirty.map((d) => d.save()))).every(Boolean);
  }

  async #show(root: string, report: PullReport): Promise<void> {
    const c = pullCounts(report);
    const summary = pullSummary(report);
    if (!c.conflicts.length) {
      const show = c.errors ? await vscode.window.showWarningMessage(summary, t('Show Log')) : await vscode.window.showInformationMessage(summary);
      if (show) this.logger.show();
      return;
    }
    const resolve = t('Resolve Conflict');
    const pick = await vscode.window.showWarningMessage(
      `${summary} ${t('Files with conflict markers are not published until the markers are resolved.')}`, resolve, t('Show Log'),
    );
    if (pick === resolve) {
      const file = c.conflicts.length === 1 ? c.conflicts[0] : await vscode.window.showQuickPick(c.conflicts, { title: t('Resolve a pull conflict') });
      if (file) await openConflict(root, file, this.sides, this.logger);
    } else if (pick) this.logger.show();
  }
}
