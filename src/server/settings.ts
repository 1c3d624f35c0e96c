/** Runtime settings (user time zone, search index lag): defaults, validation and in-place updates. */
import type { LocalServerOptions, ServerSettings } from './types';

export function initialSettings(options: LocalServerOptions): ServerSettings {
  const s: ServerSettings = { timeZone: 'UTC', searchIndexLagMs: 0 };
  updateSettings(s, { timeZone: options.timeZone, searchIndexLagMs: options.searchIndexLagMs });
  return s;
}

/** Validates and applies the given fields (undefined ones are left alone); throws with the bad value named. */
export function updateSettings(target: ServerSettings, patch: Partial<Record<keyof ServerSettings, unknown>>): ServerSettings {
  if (patch.timeZone !== undefined) {
    const tz = String(patch.timeZone);
    if (!isTimeZone(tz)) throw new Error(`Invalid timeZone: ${tz} (expected an IANA time zone such as UTC or America/New_York)`);
    target.timeZone = tz;
  }
  if (patch.searchIndexLagMs !== undefined) {
    const n = Number(patch.searchIndexLagMs);
    if (!Number.isFinite(n) || n < 0 || n > 86_400_000) throw new Error(`Invalid searchIndexLagMs: ${String(patch.searchIndexLagMs)} (0..86400000)`);
    target.searchIndexLagMs = n;
  }
  return target;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in `timeZone` (DST aware). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `timeZone`. */
export function wallClockToUtc(timeZone: string, y: number, mo: number, d: number, h: number, mi: number): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - zoneOffsetMs(timeZone, guess);
  return guess - zoneOffsetMs(timeZone, first);
}
