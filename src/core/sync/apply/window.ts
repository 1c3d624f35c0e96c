/**
 * The items of a publish run in a window (issue 13, "Scale": memory of a 10,000-page publish): at most `size` items
 * are started and unfinished at once, instead of one waiting task (async frame, promises, closures) per page from
 * the start. Those waiting tasks were ~15 MB of a 10,000-page publish's live heap, and each outlived many garbage
 * collections, so V8 kept them, and the garbage they left, in its old generation.
 *
 * Items start in plan order, except that an item's dependencies (its parent page, the documents whose titles it takes
 * over) start before it. So the earliest unfinished item always has its dependencies finished and can go on: a full
 * window never waits on an item outside it. (The planner never makes dependencies that form a cycle: a holder that
 * would close one vacates its title first.)
 */

/** Items started per slot of the apply's concurrency: the window keeps the writers busy while children wait on parents. */
export const WINDOW_PER_SLOT = 4;

/**
 * `keys` in plan order with every key's dependencies (that are among `keys`) moved before it; each key once.
 * A cycle, which the planner does not make, is cut where it is found.
 */
export function dependencyOrder<K>(keys: Iterable<K>, depsOf: (key: K) => Iterable<K>): K[] {
  const all = new Set(keys);
  const placed = new Set<K>();
  const visiting = new Set<K>();
  const order: K[] = [];
  const place = (key: K): void => {
    if (placed.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const dep of depsOf(key)) if (all.has(dep)) place(dep);
    visiting.delete(key);
    placed.add(key);
    order.push(key);
  };
  for (const key of all) place(key);
  return order;
}

export interface WindowStats {
  started: number;
  /** Most items started and not yet finished at one time. */
  peak: number;
}

/**
 * Runs `run(key)` for every key in `order`, at most `size` at once, starting the next as soon as one finishes;
 * `between` is awaited after each start (a turn for the event loop). Resolves once all have finished; a rejection
 * stops further starts and is thrown once the running ones have finished.
 */
export async function runInWindow<K>(order: readonly K[], size: number, run: (key: K) => Promise<void>, between?: () => Promise<void>): Promise<WindowStats> {
  const limit = Math.max(1, size);
  const stats: WindowStats = { started: 0, peak: 0 };
  let active = 0;
  let failed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const done = (): void => {
    active--;
    const w = wake;
    wake = undefined;
    w?.();
  };
  const room = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
  for (const key of order) {
    while (active >= limit && !failed) await room();
    if (failed) break;
    active++;
    stats.started++;
    stats.peak = Math.max(stats.peak, active);
    run(key).then(done, (err: unknown) => {
      if (!failed) {
        failed = true;
        failure = err;
      }
      done();
    });
    await between?.();
  }
  while (active > 0) await room();
  if (failed) throw failure;
  return stats;
}
