/**
 * A bounded, adaptive concurrency limiter shared by every request of one client (AIMD, like TCP congestion control):
 * - slow start: +1 slot per successful request until the first throttle, so a fast site reaches full speed in a few
 *   round trips;
 * - congestion avoidance afterwards: +1 slot per window of successes (limit += 1/limit);
 * - on 429/503 the limit halves, at most once per "epoch" (requests already in flight when the limit was cut do not
 *   cut it again), never below `min`;
 * - `pauseFor(ms)` holds every new request back (Retry-After applies to the whole tenant, not one request).
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
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
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

  /** Hold all new requests back for `ms` (Retry-After). Extends, never shortens, a running pause. */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
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
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      if (!this.pauseTimer && this.queue.length > 0) {
        this.pauseTimer = setTimeout(() => {
          this.pauseTimer = undefined;
          this.pump();
        }, wait);
      }
      return;
    }
    while (this.queue.length > 0 && this.active < this.limit) {
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      this.active++;
      this.peakActive = Math.max(this.peakActive, this.active);
      waiter.grant(this.makePermit());
    }
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}
