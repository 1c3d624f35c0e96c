import * as vscode from 'vscode';
import type { OutputChannelLogger } from '../logging';
import { isConfluenceError } from '../../core';

/** A user-facing sentence for any error: ConfluenceError's message + hint, redacted. */
export function describeError(e: unknown, logger: OutputChannelLogger): string {
  if (e && typeof e === 'object') {
    const parts = [(e as { message?: string }).message ?? String(e)];
    const hint = isConfluenceError(e) ? e.hint : undefined;
    if (hint && !parts[0].includes(hint)) parts.push(hint);
    return logger.clean(parts.join(' '));
  }
  return logger.clean(String(e));
}

/** Shows an error with "Show Log"; logs it first. Never waits for the message (a message holds nothing). */
export function showError(e: unknown, logger: OutputChannelLogger, prefix?: string): void {
  const text = (prefix ? `${prefix}: ` : '') + describeError(e, logger);
  logger.error(text);
  void vscode.window.showErrorMessage(text, vscode.l10n.t('Show Log')).then((pick) => {
    if (pick) logger.show();
  });
}
