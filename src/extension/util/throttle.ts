// Host-free: runs a function at most once per interval (the first call at once, the last one of a burst at the end
// of the interval), for views that follow fast events (a publish's progress: one event per page). Unit-tested in
// test/unit/extension/throttle.test.ts.

/** A publish's progress moves the views at most this often (4 updates/s), whatever the pages per second. */
export const PROGRESS_UPDATE_MS = 250;

export interface Throttled {
  /** Asks for a run: now if the last one was long enough ago, else once at the end of the interval. */
  (): void;
  /** Runs now if a run is pending (e.g. at the end of a publish), and forgets the timer. */
  flush(): void;
  dispose(): void;
}

export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    last = now();
    fn();
  };
  const throttled = (() => {
    if (timer) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  throttled.flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    run();
  };
  throttled.dispose = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
