// Host-free: the docs loader's quiet period while a publish writes (issue 13). File events are held, not rescanned
// one by one; at the end one rescan runs only when it can tell something the publish's own report cannot: a file
// event under the docs tree (a document or attachment edited meanwhile, the secrets ignore file, settings), or a
// report the state could not apply by itself (SyncState.recordReport: an error, a file it does not know). A publish
// of 10,000 pages that wrote them all then costs no rescan (which read and hashed every document again, and held
// the extension host ~130 ms reading the 2.6 MB mapping file). Unit-tested in test/unit/extension/syncStateSliced.test.ts.

export class QuietPeriod {
  #depth = 0;
  #held = false;

  /** A publish is writing: events are held. */
  get active(): boolean {
    return this.#depth > 0;
  }

  begin(): void {
    if (this.#depth++ === 0) this.#held = false;
  }

  /** An event that would rescan: held when quiet (returns true), else the caller rescans as usual. */
  hold(): boolean {
    if (!this.active) return false;
    this.#held = true;
    return true;
  }

  /**
   * The work ended. Returns whether to rescan now: the last quiet work ended and an event was held, or the work's
   * outcome is not known to the state (`caughtUp` false: it failed, or its report could not be applied alone).
   */
  end(caughtUp: boolean): boolean {
    this.#depth = Math.max(0, this.#depth - 1);
    if (this.#depth > 0) return false;
    return this.#held || !caughtUp;
  }
}
