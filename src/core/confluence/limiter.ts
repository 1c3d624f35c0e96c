/**
 * A bounded, adaptive concurrency limiter shared by every request of one client (AIMD, like TCP congestion control):
 * - slow start: +1 slot per successful request until the first throttle, so a fast site reaches full speed in a few
 *   round trips;
 * - congestion avoidance afterwards: +1 slot per window of successes (limit += 1/limit);
 * - on 429/503 the limit halves, at most once per "epoch" (requests already in flight when the limit was cut do not
 *   cut it again), never below `min`;
 * - `pauseFor(ms, sentAt)` holds every new request back (Retry-After applies to the whole tenant, not one request);
 *   the 429s of requests sent before the pause began (the rest of the same burst) do not extend it;
 * - `pace(rate)` spaces request starts at most `rate` per second (client-side pacing, learnt from the server's
 *   rate-limit headers), without bursts: the server's bucket stays full, so jitter does not turn into 429s.
 */

export type PermitOutcome = 'success' | 'throttled' | 'neutral';

export interface LimiterOptions {
  /** Concurrency at start. Default 8. */
  initial?: number;
  /** Upper bound. Default 64. */
  max?: number;
  /** Lower bound. Default 1. */
  min?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Timer, for tests (with `now`). Default setTimeout. */
  schedule?: (fn: () => void, ms: number) => void;
}

export interface Permit {
  release(outcome: PermitOutcome): void;
}

interface Waiter {
  grant: (permit: Permit) => void;
  reject: (err: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface LimiterSnapshot {
  limit: number;
  active: number;
  queued: number;
  /** Highest limit reached. */
  peakLimit: number;
  /** Highest number of requests in flight at once. */
  peakActive: number;
  /** How many times the limit was cut. */
  decreases: number;
  pausedForMs: number;
  /** How many pauses began (a 429 burst is one pause), and the requests paced so far (0 while not pacing). */
  pauses: number;
  pacedPerSecond: number;
}

export class AdaptiveLimiter {
  private limitValue: number;
  private ssthresh: number;
  private readonly max: number;
  private readonly min: number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private epoch = 0;
  private pausedUntil = 0;
  /** When the latest pause was set: a 429 of a request sent earlier belongs to the same burst. */
  private pauseStartedAt = -Infinity;
  private pauses = 0;
  private timerAt: number | undefined;
  private readonly schedule: (fn: () => void, ms: number) => void;
  /** Client-side pacing: the earliest start of the next request, and the spacing (0 = not pacing). */
  private nextStartAt = 0;
  private intervalMs = 0;
  /** The limiter's clock (Date.now unless a test gives one). */
  readonly now: () => number;
  private peakLimit: number;
  private peakActive = 0;
  private decreases = 0;

  constructor(options: LimiterOptions = {}) {
    this.max = Math.max(1, options.max ?? 64);
    this.min = Math.max(1, Math.min(options.min ?? 1, this.max));
    this.limitValue = clamp(options.initial ?? 8, this.min, this.max);
    this.ssthresh = this.max;
    this.peakLimit = this.limitValue;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  /** Current number of slots (an integer view of the adaptive limit). */
  get limit(): number {
    return Math.floor(this.limitValue);
  }

  snapshot(): LimiterSnapshot {
    return {
      limit: this.limit,
      active: this.active,
      queued: this.queue.length,
      peakLimit: Math.floor(this.peakLimit),
      peakActive: this.peakActive,
      decreases: this.decreases,
      pausedForMs: Math.max(0, this.pausedUntil - this.now()),
      pauses: this.pauses,
      pacedPerSecond: this.intervalMs > 0 ? 1000 / this.intervalMs : 0,
    };
  }

  /** Wait for a slot. Rejects with the signal's reason when aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(abortReason(signal));
          }
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * Hold all new requests back for `ms` (Retry-After). Extends, never shortens, a running pause. `sentAt`: when the
   * throttled request was sent; one sent before the latest pause began was part of the burst that set it, and its
   * 429 (arriving a little later) does not push the pause back again.
   */
  pauseFor(ms: number, sentAt?: number): void {
    if (!(ms > 0)) return;
    if (sentAt !== undefined && sentAt < this.pauseStartedAt) return;
    const now = this.now();
    if (now >= this.pausedUntil) this.pauses++;
    this.pauseStartedAt = now;
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.pump();
  }

  /**
   * Start at most `ratePerSecond` requests per second from now on, evenly spaced (undefined or 0: stop pacing).
   * `holdMs`: the server's bucket is short by that much (requests in flight it has not counted yet); the next start
   * waits for it to refill.
   */
  pace(ratePerSecond: number | undefined, holdMs = 0): void {
    this.intervalMs = ratePerSecond && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
    if (this.intervalMs > 0 && holdMs > 0) this.nextStartAt = Math.max(this.nextStartAt, this.now() + holdMs);
    this.pump();
  }

  private makePermit(): Permit {
    const epoch = this.epoch;
    let released = false;
    return {
      release: (outcome: PermitOutcome) => {
        if (released) return;
        released = true;
        const saturated = this.active >= this.limit;
        this.active--;
        if (outcome === 'success') this.onSuccess(saturated);
        else if (outcome === 'throttled') this.onThrottle(epoch);
        this.pump();
      },
    };
  }

  private onSuccess(saturated: boolean): void {
    // Grow only when the limit was actually the bottleneck; otherwise a slow trickle would inflate it.
    if (!saturated) return;
    if (this.limitValue < this.ssthresh) this.limitValue += 1;
    else this.limitValue += 1 / this.limitValue;
    this.limitValue = Math.min(this.limitValue, this.max);
    this.peakLimit = Math.max(this.peakLimit, this.limitValue);
  }

  private onThrottle(permitEpoch: number): void {
    if (permitEpoch !== this.epoch) return; // this burst already cut the limit
    this.epoch++;
    this.decreases++;
    this.limitValue = Math.max(this.min, Math.floor(this.limitValue / 2));
    this.ssthresh = this.limitValue;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.active < this.limit) {
      const now = this.now();
      const startAt = Math.max(this.pausedUntil, this.intervalMs > 0 ? this.nextStartAt : 0);
      if (startAt > now) {
        this.wakeAt(startAt);
        return;
      }
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      this.active++;
      this.peakActive = Math.max(this.peakActive, this.active);
      // Credit for at most one interval (a timer that fired late): after a pause or a quiet spell the starts are
      // spaced again at once, never a burst of more than two.
      if (this.intervalMs > 0) this.nextStartAt = Math.max(this.nextStartAt, now - this.intervalMs) + this.intervalMs;
      waiter.grant(this.makePermit());
    }
  }

  /** One timer at a time; an earlier wake-up replaces nothing (the pump re-arms it if it fires too early). */
  private wakeAt(at: number): void {
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    this.timerAt = at;
    this.schedule(() => {
      if (this.timerAt === at) this.timerAt = undefined;
      this.pump();
    }, Math.max(0, at - this.now()));
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}
