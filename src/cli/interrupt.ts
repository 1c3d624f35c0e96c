/**
 * Ctrl-C (and SIGTERM) during `confluence sync`: the first one stops starting pages and lets those in flight
 * finish and be recorded in the mapping file; a second one also cuts off the requests in flight; a third exits at
 * once. The run then says what was published and what was not, and exits 130 (SIGINT) or 143 (SIGTERM).
 */
import type { SyncReport } from '../core';
import { CliExit, type CliIO } from './context';

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
type SignalName = keyof typeof SIGNALS;

export interface Interrupts {
  /** Aborted by the first signal: start nothing new (plan reads are cancelled). */
  readonly stop: AbortSignal;
  /** Aborted by the second signal: cut off requests in flight too. */
  readonly abort: AbortSignal;
  readonly interrupted: boolean;
  /** Exit status for the signal received (130 for Ctrl-C). */
  readonly exitCode: number;
  /** Set once apply starts: from then on something may have been written. */
  applying: boolean;
}

/** Runs `fn` with the process's interrupt signals turned into the Interrupts above. */
export async function withInterrupts<T>(io: CliIO, fn: (i: Interrupts) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const abort = new AbortController();
  let received: SignalName | undefined;
  let count = 0;
  const state: Interrupts = {
    stop: stop.signal,
    abort: abort.signal,
    get interrupted() {
      return received !== undefined;
    },
    get exitCode() {
      return received ? SIGNALS[received] : 0;
    },
    applying: false,
  };
  const handlers = (Object.keys(SIGNALS) as SignalName[]).map((name) => {
    const handler = () => {
      received ??= name;
      count++;
      if (count === 1) {
        io.stderr(
          state.applying
            ? `\nStopping: the pages being published finish and are recorded; nothing new starts (${name === 'SIGINT' ? 'Ctrl-C' : name} again to stop at once).\n`
            : '\nStopping: nothing was written.\n',
        );
        stop.abort(new Error('interrupted'));
      } else if (count === 2) {
        io.stderr('\nStopping at once: cutting off the requests in flight.\n');
        abort.abort(new Error('interrupted'));
      } else {
        process.exit(SIGNALS[name]); // the run lock is released by its exit handler
      }
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  try {
    return await fn(state);
  } catch (err) {
    if (!received || (err instanceof CliExit && err.exitCode === state.exitCode)) throw err;
    const cancelledWait = err === stop.signal.reason || err === abort.signal.reason; // e.g. waiting for the run lock
    if (!state.applying || cancelledWait) throw new CliExit(state.exitCode, 'Interrupted before publishing: nothing was written.');
    throw new CliExit(state.exitCode, `Interrupted: ${(err as Error)?.message ?? String(err)}`);
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}

/** The closing line of an interrupted publish: what was published, what was not, and what to do. */
export function interruptedSummary(report: SyncReport, hard: boolean): string {
  const n = (a: string) => report.summary[a] ?? 0;
  const published = n('created') + n('updated') + n('moved');
  const notPublished = n('error');
  const parts = [`${published} page(s) published`, `${notPublished} not published`];
  if (n('skipped')) parts.push(`${n('skipped')} unchanged`);
  const cut = hard ? '; requests in flight were cut off' : '';
  return `Interrupted: ${parts.join(', ')}${cut}; the mapping file is saved; re-run \`confluence sync\` to finish.`;
}
