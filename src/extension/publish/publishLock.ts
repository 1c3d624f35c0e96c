// Host-free (no `vscode`): unit-tested in test/unit/extension/publishRun.test.ts.

/** Gives the lock back; calling it more than once is harmless. */
export type Release = () => void;

/**
 * One publish at a time in this window. The lock covers only the engine's work (plan, apply); a question or a
 * message never holds it (see runPublish), so a notification left open can never refuse the next publish.
 */
export class PublishLock {
  #held = false;
  readonly #waiters: Array<(release: Release) => void> = [];

  /** `onChange(held)` follows the lock (the "publishing" context key and the status bar). */
  constructor(private readonly onChange?: (held: boolean) => void) {}

  get held(): boolean {
    return this.#held;
  }

  /** The lock now, or undefined when it is held (or promised to a waiting run). */
  tryAcquire(): Release | undefined {
    if (this.#held || this.#waiters.length) return undefined;
    return this.#take();
  }

  /** Waits for the lock: for a run that already has the user's decisions and must not throw them away. */
  acquire(): Promise<Release> {
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #take(): Release {
    if (!this.#held) {
      this.#held = true;
      this.onChange?.(true);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next(this.#take()); // handed over: stays held
      else {
        this.#held = false;
        this.onChange?.(false);
      }
    };
  }
}
