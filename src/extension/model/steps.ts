// Host-free: work over every document (10,000 in a large workspace) written as a generator of steps, so that the same
// code runs at once (small changes, tests) or in slices that give the extension host's event loop a turn whenever
// the time slice is used up (issue 13: the host is never blocked for more than ~50 ms by one of our rebuilds).
// Unit-tested in test/unit/extension/syncStateSliced.test.ts.

/** Steps of a computation: `yield` between units of work (cheap), `return` the result. */
export type Steps<T> = Generator<void, T, void>;

/** When to give the event loop a turn: core's TimeSlice (10 ms slices) in the extension, anything in tests. */
export interface Slice {
  /** True when the slice is used up. */
  readonly due: boolean;
  /** Gives the event loop a turn (and starts a new slice). */
  turn(): Promise<void>;
}

/** Runs the steps to their end at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs the steps, giving the event loop a turn whenever the slice is used up. `stale()` is asked after each turn:
 * true ends the run (undefined: a newer computation replaced this one).
 */
export async function runStepsSliced<T>(steps: Steps<T>, slice: Slice, stale: () => boolean = () => false): Promise<T | undefined> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (slice.due) {
      await slice.turn();
      if (stale()) return undefined;
    }
  }
}
