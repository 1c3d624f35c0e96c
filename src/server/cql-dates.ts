/**
 * CQL date literals and comparisons as Confluence evaluates them: `"yyyy-MM-dd"`, `"yyyy/MM/dd"`, with an optional
 * `" HH:mm"` (minute precision, no seconds), read in the searching user's time zone; `now("-1d")` relative offsets.
 * The index keeps modification times to the minute, so a page edited at 10:05:30 is `lastmodified = "… 10:05"` and
 * not `> "… 10:05"`.
 */
import { wallClockToUtc } from './settings';

export interface CqlDate {
  /** Start of the named minute or day, as a UTC instant. */
  at: number;
  /** Length of the named period: a day for a date-only literal, a minute otherwise. */
  span: number;
}

const MINUTE = 60_000;
const UNITS = { m: MINUTE, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** Parses a literal; undefined when it is not a date (the caller reports the parse error). */
export function parseCqlDate(value: string, timeZone: string): CqlDate | undefined {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  if (m[4] === undefined) return { at: wallClockToUtc(timeZone, y, mo, d, 0, 0), span: UNITS.d };
  const [h, mi] = [+m[4], +m[5]];
  if (h > 23 || mi > 59) return undefined;
  return { at: wallClockToUtc(timeZone, y, mo, d, h, mi), span: MINUTE };
}

/** `now()` / `now("-1d")`, `now("+2h")`, `now("-30m")`, `now("1w")`; undefined when the offset is malformed. */
export function cqlNow(arg: string | undefined, now = Date.now()): CqlDate | undefined {
  const m = /^([+-]?\d+)([mhdw])$/.exec(arg ?? '0m');
  if (!m) return undefined;
  return { at: floorMinute(now + Number(m[1]) * UNITS[m[2] as keyof typeof UNITS]), span: MINUTE };
}

export function floorMinute(t: number): number {
  return Math.floor(t / MINUTE) * MINUTE;
}

/** Compares an instant (truncated to the minute, as indexed) with a CQL date under an operator; undefined = bad operator. */
export function compareDate(t: number, op: string, d: CqlDate): boolean | undefined {
  const x = floorMinute(t);
  switch (op) {
    case '>':
      return x >= d.at + d.span;
    case '>=':
      return x >= d.at;
    case '<':
      return x < d.at;
    case '<=':
      return x < d.at + d.span;
    case '=':
      return x >= d.at && x < d.at + d.span;
    case '!=':
      return !(x >= d.at && x < d.at + d.span);
    default:
      return undefined;
  }
}
