import * as vscode from 'vscode';
import type { OutputChannelLogger } from '../logging';

/** A user-facing sentence for any error: ConfluenceError's message + hint, redacted. */
export function describeError(e: unknown, logger: OutputChannelLogger): string {
  if (e && typeof e === 'object') {
    const err = e as { message?: string; hint?: string; name?: string };
    const parts = [err.message ?? String(e)];
    if (err.hint && !parts[0].includes(err.hint)) parts.push(err.hint);
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
