/**
 * What the server says about its rate limit, from the headers of any answer (contract §6):
 * - Data Center: `X-RateLimit-FillRate` tokens every `X-RateLimit-Interval-Seconds`, bucket `X-RateLimit-Limit`;
 * - Cloud and others: `X-RateLimit-Limit` / `X-RateLimit-Remaining` with no window named. Read as per second, which
 *   is never slower than the real rate for any window of 1 s or more (an hourly quota reads as a rate nobody reaches),
 *   so pacing by it can only remove 429s, never slow a run below what the server allows;
 * - `X-RateLimit-NearLimit: true` when under 20 % is left; `Retry-After`, else `Beta-Retry-After`, on 429/503.
 */

export interface RateLimitInfo {
  /** Requests per second the server refills, when it says. */
  ratePerSecond?: number;
  /** Tokens left in the server's bucket when it decided on this request. */
  remaining?: number;
  /** The bucket's size, when known. */
  limit?: number;
  nearLimit: boolean;
  retryAfterMs?: number;
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `headers` with lower-case names. */
export function readRateLimit(headers: Record<string, string>, now = Date.now()): RateLimitInfo {
  const limit = num(headers['x-ratelimit-limit']);
  const fill = num(headers['x-ratelimit-fillrate']);
  const interval = num(headers['x-ratelimit-interval-seconds']);
  const ratePerSecond = fill !== undefined && interval ? fill / interval : limit;
  const remaining = num(headers['x-ratelimit-remaining']);
  const nearLimit =
    headers['x-ratelimit-nearlimit'] === 'true' || (limit !== undefined && remaining !== undefined && remaining < limit * 0.2);
  const retryAfterMs = parseRetryAfter(headers['retry-after'], now) ?? parseRetryAfter(headers['beta-retry-after'], now);
  return { ratePerSecond: ratePerSecond && ratePerSecond > 0 ? ratePerSecond : undefined, remaining, limit, nearLimit, retryAfterMs };
}

/** Retry-After in ms: delta-seconds (integer or decimal) or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  return undefined;
}
