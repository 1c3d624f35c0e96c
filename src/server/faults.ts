/** Fault injection: latency, token-bucket rate limit (429 + Retry-After), 5xx rate and dropped connections from a seeded PRNG. */
import type { FaultKind, FaultOptions } from './types';

export const DEFAULT_FAULTS: FaultOptions = { latencyMs: 0, rateLimitPerSecond: 0, errorRate: 0, dropRate: 0, seed: 1 };

/** mulberry32: tiny, fast, good enough to make fault decisions reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultDecision =
  | { kind: 'none'; rateLimit?: { limit: number; remaining: number } }
  | { kind: 'drop' }
  | { kind: 'lost-answer' }
  | { kind: 'rate-limit'; retryAfterSeconds: number; limit: number }
  | { kind: 'error'; status: number; retryAfterSeconds?: number };

export class Faults {
  options: FaultOptions;
  private random: () => number;
  private tokens = 0;
  private lastRefill = Date.now();
  private scripted: FaultKind[] = [];

  constructor(initial: Partial<FaultOptions> = {}) {
    checkPattern(initial.pathPattern);
    this.options = { ...DEFAULT_FAULTS, ...initial };
    this.random = mulberry32(this.options.seed);
    this.tokens = this.burst();
  }

  set(patch: Partial<FaultOptions>): void {
    checkPattern(patch.pathPattern);
    const seedChanged = patch.seed !== undefined && patch.seed !== this.options.seed;
    this.options = { ...this.options, ...patch };
    if (seedChanged || patch.seed !== undefined) this.random = mulberry32(this.options.seed);
    if (patch.rateLimitPerSecond !== undefined || patch.rateLimitBurst !== undefined) {
      this.tokens = this.burst();
      this.lastRefill = Date.now();
    }
  }

  reset(initial: Partial<FaultOptions> = {}): void {
    this.options = { ...DEFAULT_FAULTS, ...initial };
    this.random = mulberry32(this.options.seed);
    this.scripted = [];
    this.tokens = this.burst();
    this.lastRefill = Date.now();
  }

  failNext(n: number, kind: FaultKind): void {
    for (let i = 0; i < n; i++) this.scripted.push(kind);
  }

  burst(): number {
    return this.options.rateLimitBurst ?? Math.max(1, this.options.rateLimitPerSecond);
  }

  applies(method: string, path: string): boolean {
    const o = this.options;
    if (o.methods && o.methods.length && !o.methods.includes(method)) return false;
    if (o.pathPattern && !new RegExp(o.pathPattern).test(path)) return false;
    return true;
  }

  /** Decides the fate of one API request. Random draws happen in a fixed order so a seed replays exactly. */
  decide(): FaultDecision {
    const scripted = this.scripted.shift();
    if (scripted) return this.scriptedDecision(scripted);
    const o = this.options;
    const dropDraw = this.random();
    const errorDraw = this.random();
    const statusDraw = this.random();
    if (o.dropRate > 0 && dropDraw < o.dropRate) return { kind: 'drop' };
    if (o.rateLimitPerSecond > 0) {
      const nowMs = Date.now();
      this.tokens = Math.min(this.burst(), this.tokens + ((nowMs - this.lastRefill) / 1000) * o.rateLimitPerSecond);
      this.lastRefill = nowMs;
      if (this.tokens < 1) {
        const wait = Math.max(1, Math.ceil((1 - this.tokens) / o.rateLimitPerSecond));
        return { kind: 'rate-limit', retryAfterSeconds: wait, limit: o.rateLimitPerSecond };
      }
      this.tokens -= 1;
    }
    const rateLimit = o.rateLimitPerSecond > 0 ? { limit: o.rateLimitPerSecond, remaining: Math.floor(this.tokens) } : undefined;
    if (o.errorRate > 0 && errorDraw < o.errorRate) {
      const statuses = [500, 502, 503, 504];
      const status = statuses[Math.floor(statusDraw * statuses.length)];
      return status === 503 ? { kind: 'error', status, retryAfterSeconds: 1 } : { kind: 'error', status };
    }
    return { kind: 'none', rateLimit };
  }

  private scriptedDecision(kind: FaultKind): FaultDecision {
    switch (kind) {
      case 'drop':
        return { kind: 'drop' };
      case 'lost-answer':
        return { kind: 'lost-answer' };
      case 'rate-limit':
        return { kind: 'rate-limit', retryAfterSeconds: 1, limit: this.options.rateLimitPerSecond || 10 };
      case 'unavailable':
        return { kind: 'error', status: 503, retryAfterSeconds: 1 };
      case 'error':
        return { kind: 'error', status: 500 };
    }
  }
}

function checkPattern(p: string | undefined): void {
  if (p === undefined) return;
  try {
    new RegExp(p);
  } catch (err) {
    throw new Error(`Invalid fault pathPattern ${JSON.stringify(p)}: ${(err as Error).message}`);
  }
}

/** Quota headers on an answered request while a rate limit is on; NearLimit under 20 % left. */
export function quotaHeaders(q: { limit: number; remaining: number }, burst: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(q.limit),
    'X-RateLimit-Remaining': String(q.remaining),
    ...(q.remaining < burst * 0.2 ? { 'X-RateLimit-NearLimit': 'true' } : {}),
  };
}

/** Headers Confluence Cloud sends with a 429 (contract §6). */
export function rateLimitHeaders(d: { retryAfterSeconds: number; limit: number }): Record<string, string> {
  const reset = new Date(Date.now() + d.retryAfterSeconds * 1000).toISOString().slice(0, 16) + 'Z';
  return {
    'Retry-After': String(d.retryAfterSeconds),
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': reset,
    'X-RateLimit-NearLimit': 'true',
    'RateLimit-Reason': 'confluence-quota-tenant-based',
  };
}
