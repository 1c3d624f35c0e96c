import { createHash } from 'node:crypto';

/**
 * Masks a secret for display: a few characters at each end, the rest as `*`.
 * Short values reveal less; nothing at all under 6 characters.
 */
export function maskSecret(value: string): string {
  const len = value.length;
  const shown = len >= 20 ? 4 : len >= 12 ? 2 : len >= 6 ? 1 : 0;
  const stars = '*'.repeat(Math.max(4, Math.min(16, len - 2 * shown)));
  return shown === 0 ? '****' : value.slice(0, shown) + stars + value.slice(len - shown);
}

/** Stable id of one secret under one rule: independent of file, line and run. 16 hex digits. */
export function secretFingerprint(rule: string, secret: string): string {
  return createHash('sha256').update(rule).update('\0').update(secret).digest('hex').slice(0, 16);
}
