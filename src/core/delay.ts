/** Waits `ms`; an abort of `signal` (before or during the wait) ends it at once, rejecting with `reason(signal)`. */
export function abortableDelay(ms: number, signal: AbortSignal | undefined, reason: (signal: AbortSignal) => unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(reason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
