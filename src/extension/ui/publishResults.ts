import * as path from 'node:path';
import * as vscode from 'vscode';
import { isAbort, isUnauthorized, type SyncReport, type SyncResult } from '../../core';
import { NotSignedInError } from '../auth/session';
import { Commands } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { failedBecauseCancelled, reasonForEditor, summarise } from '../model/reasons';
import { resultLine, type PublishOutcome } from '../publish/publishRun';
import { describeError } from './errors';
import { plural } from './plural';

const t = vscode.l10n.t;

export interface ResultContext {
  logger: OutputChannelLogger;
  /** Shows why publishing cannot start (trust, configuration, sign-in), with the button that fixes it. */
  explainNotReady(): void;
  /** The stored credentials were rejected: forget the client so the next publish connects again. */
  resetSession(): void;
  setLastError(message: string | undefined): void;
  refreshModel(): Promise<void>;
}

export interface RequestInfo {
  paths?: string[];
  single?: boolean;
  unsaved?: boolean;
}

/**
 * Shows how a publish ended. Called after the publish lock is released and never awaited by the publish: every
 * message here is non-blocking, and a button's follow-up (Open Page, Show Log, Sign In) starts its own operation.
 */
export function showPublishOutcome(outcome: PublishOutcome, request: RequestInfo, ctx: ResultContext): void {
  switch (outcome.kind) {
    case 'busy':
      void vscode.window.showInformationMessage(t('A publish to Confluence is already running.'));
      return;
    case 'cancelled':
      return; // the user chose it; the log says where
    case 'unstable':
      ctx.logger.warn('Publish stopped: the plan kept changing while you were deciding; nothing was written.');
      void vscode.window.showWarningMessage(t('Nothing was published: pages or files kept changing while you were deciding. Publish again when they have settled.'));
      return;
    case 'nothing-to-write': {
      const plan = outcome.plan;
      const errors = plan.items.filter((i) => i.action === 'error');
      const answered = plan.items.filter((i) => i.action === 'conflict' || i.action === 'blocked');
      for (const i of [...errors, ...answered]) logResult({ file: i.file, action: i.action as SyncResult['action'], title: i.title, message: i.reason }, ctx.logger);
      if (errors.length) {
        reportErrors(errors.map((i) => ({ file: i.file, message: i.reason })), ctx.logger);
      } else if (outcome.decided || answered.length) {
        // The user just chose this (Skip, Publish the Others): one short line in the status bar, no notification.
        vscode.window.setStatusBarMessage(t('$(info) Confluence: nothing published'), 8000);
      } else {
        const title = plan.items.find((i) => i.kind === 'document')?.title ?? '';
        void vscode.window.showInformationMessage(request.single ? t('"{0}" is already up to date in Confluence.', title) : t('Everything is already up to date in Confluence.'));
      }
      return;
    }
    case 'applied':
      ctx.setLastError(undefined);
      reportResults(outcome.report, request, outcome.cancelled, ctx.logger);
      return;
    case 'failed':
      reportFailure(outcome.error, ctx);
      return;
  }
}

function reportFailure(e: unknown, ctx: ResultContext): void {
  if (isAbort(e)) {
    ctx.logger.info('Publishing cancelled.');
    void ctx.refreshModel();
    void vscode.window.showInformationMessage(t('Publishing cancelled. What was done is kept and the mapping file is up to date.'));
    return;
  }
  if (e instanceof NotSignedInError) {
    ctx.explainNotReady();
    return;
  }
  if (isUnauthorized(e)) {
    ctx.resetSession();
    ctx.logger.warn('Confluence rejected the stored credentials (401).');
    const signIn = t('Sign In');
    void vscode.window.showErrorMessage(t('Confluence rejected the stored credentials (401). Sign in again.'), signIn).then((pick) => {
      if (pick === signIn) void vscode.commands.executeCommand(Commands.signIn);
    });
    return;
  }
  const message = describeError(e, ctx.logger);
  ctx.logger.error(`Publish failed: ${message}`);
  ctx.setLastError(message);
  showWithLog('error', t('Publishing to Confluence failed: {0}', message), ctx.logger);
}

function showWithLog(severity: 'info' | 'warning' | 'error', text: string, logger: OutputChannelLogger, pageUrl?: string): void {
  const showLog = t('Show Log');
  const openPage = t('Open Page');
  const buttons = pageUrl ? [openPage, showLog] : [showLog];
  const shown = severity === 'error'
    ? vscode.window.showErrorMessage(text, ...buttons)
    : severity === 'warning' ? vscode.window.showWarningMessage(text, ...buttons) : vscode.window.showInformationMessage(text, ...buttons);
  void shown.then((pick) => {
    if (pick === showLog) logger.show();
    if (pick === openPage && pageUrl) void vscode.env.openExternal(vscode.Uri.parse(pageUrl));
  });
}

export function logResult(r: SyncResult, logger: OutputChannelLogger): void {
  const { level, line } = resultLine(r);
  logger[level](line);
}

/** Plan errors (nothing was asked about them): the first one in words, the rest in the log. */
function reportErrors(errors: Array<{ file: string; message?: string }>, logger: OutputChannelLogger): void {
  const [first] = errors;
  const text = errors.length === 1
    ? t('Nothing was published. {0}: {1}', first.file, reasonForEditor(first.message) ?? t('error'))
    : t('Nothing was published: {0} documents have errors, the first is {1}.', errors.length, first.file);
  showWithLog('warning', text, logger);
}

function reportResults(report: SyncReport, request: RequestInfo, cancelled: boolean, logger: OutputChannelLogger): void {
  const written = report.results.filter((r) => r.action === 'created' || r.action === 'updated' || r.action === 'moved');
  const failed = report.results.filter((r) => (r.action === 'error' && !(cancelled && failedBecauseCancelled(r.message))) || r.action === 'conflict' || r.action === 'blocked');
  const summary = summarise(report, cancelled);
  logger.info(`Publish finished: ${summary}`);
  const docs = written.filter((r) => !r.file.endsWith('/'));
  // One document: its own result, even when the pages above it had to be created first.
  const requested = request.single && request.paths?.length === 1 ? request.paths[0].split(path.sep).join('/') : undefined;
  const own = (requested && written.find((r) => r.file === requested)) || (docs.length === 1 ? docs[0] : undefined);
  if (request.single && own && failed.length === 0 && !cancelled) {
    const parents = written.length - 1;
    const open = t('Open Page');
    const message = request.unsaved
      ? t('Published "{0}" to Confluence ({1}, version {2}), including your unsaved changes.', own.title, own.action, own.version ?? '?')
      : t('Published "{0}" to Confluence ({1}, version {2}).', own.title, own.action, own.version ?? '?');
    const above = parents > 0 ? `${message} ${plural(parents, '{0} page above it was published too.', '{0} pages above it were published too.')}` : message;
    // Inline comments carried over (or not): "3 inline comments kept, 1 could not be re-anchored: '…'".
    const text = own.inlineComments ? `${above} ${own.inlineComments.message}.` : above;
    void vscode.window.showInformationMessage(text, open).then((pick) => {
      if (pick === open && own.url) void vscode.env.openExternal(vscode.Uri.parse(own.url));
    });
    return;
  }
  const text = cancelled
    ? t('Publishing cancelled. What was done is kept and the mapping file is up to date: {0}.', summary)
    : t('Published to Confluence: {0}.', summary || t('nothing to do'));
  const unanchored = written.filter((r) => r.inlineComments?.notAnchored.length);
  const comments = unanchored.map((r) => `${r.file}: ${r.inlineComments!.message}`).join('; ');
  // One notification with the counts; "Open Page" opens the highest page written (results come parents first).
  showWithLog(failed.length || unanchored.length ? 'warning' : 'info', comments ? `${text} ${comments}.` : text, logger, written.find((r) => r.url)?.url);
}
