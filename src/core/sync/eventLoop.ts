/**
 * Giving the event loop a turn during long synchronous work (10,000 documents): an editor host that runs the engine
 * must never be blocked for long (the extension host's limit is ~100 ms), and requests already sent progress.
 */

/**
 * How long engine work runs before it gives the event loop a turn. A response that arrives meanwhile waits for the
 * turn: the space listing (41 requests one after another for 10,000 pages) runs beside the conversion, so a shorter
 * slice is a shorter listing; a turn costs a few microseconds.
 */
export const YIELD_EVERY_MS = 10;

/** Resolves after the event loop had a turn (timers, I/O callbacks, other requests). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Counts the time since the last turn; `turn()` yields only when the slice is used up (cheap to call often). */
export class TimeSlice {
  private started = Date.now();

  constructor(private readonly signal?: AbortSignal) {}

  /** True when the slice is used up (the caller should `await turn()`). */
  get due(): boolean {
    return Date.now() - this.started >= YIELD_EVERY_MS;
  }

  async turn(force = false): Promise<void> {
    if (!force && !this.due) return;
    await nextTurn();
    this.signal?.throwIfAborted();
    this.started = Date.now();
  }

  /** Starts a new slice without yielding (after an await that already gave the loop its turn). */
  reset(): void {
    this.started = Date.now();
  }
}

/**
 * `fn` over `items`, `batch` at a time (in parallel within a batch), with a turn for the event loop between batches
 * whenever the slice is used up: a `Promise.all` over 10,000 quick async calls would run them all in one turn.
 */
export async function inBatches<T>(items: Iterable<T>, fn: (item: T) => Promise<void>, batch = 32, signal?: AbortSignal): Promise<void> {
  const all = [...items];
  const slice = new TimeSlice(signal);
  for (let i = 0; i < all.length; i += batch) {
    await Promise.all(all.slice(i, i + batch).map(fn));
    await slice.turn();
  }
}
