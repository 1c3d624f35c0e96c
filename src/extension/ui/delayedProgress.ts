import * as vscode from 'vscode';

type Step = { message?: string; increment?: number };

/**
 * Runs `task` with a cancellable progress notification that appears only if the task is still running after
 * `delayMs`. VS Code drops toasts beyond three in 800 ms (spam protection), so a quick plan + publish flashing two
 * progress notifications could hide the result message that follows; a publish that is done in a blink shows only
 * its result. Steps reported before the notification appears are replayed into it.
 */
export async function withDelayedProgress<T>(
  title: string,
  task: (progress: vscode.Progress<Step>, token: vscode.CancellationToken) => Promise<T>,
  delayMs = 700,
): Promise<T> {
  const cts = new vscode.CancellationTokenSource();
  let shown: vscode.Progress<Step> | undefined;
  let done = 0;
  let message: string | undefined;
  const progress: vscode.Progress<Step> = {
    report: (step) => {
      if (step.message !== undefined) message = step.message;
      done += step.increment ?? 0;
      shown?.report(step);
    },
  };
  const running = task(progress, cts.token);
  const timer = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (p, token) => {
      shown = p;
      if (done || message) p.report({ increment: done, message });
      const sub = token.onCancellationRequested(() => cts.cancel());
      return running.then(
        () => sub.dispose(),
        () => sub.dispose(),
      );
    });
  }, delayMs);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
    cts.dispose();
  }
}
