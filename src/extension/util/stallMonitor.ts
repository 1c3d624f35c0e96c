// Host-free: measures how long the extension host's event loop is blocked (issue 13: "never blocked for more than
// 100 ms during a publish"). A 20 ms interval timer notes how late each tick fires; the lateness is a stall. Off by
// default: on when the environment variable CONFLUENCE_MEASURE_STALLS is set (`1`: a line in the Confluence output
// channel every 5 s with a stall; a file path: also the figures as JSON in that file, for bench/extension-publish.ts).
// Unit-tested in test/unit/extension/extmodel.test.ts.
import { writeFileSync } from 'node:fs';

/** CPU time (user + system) the extension host process has used so far, ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000);
};

export const STALL_ENV = 'CONFLUENCE_MEASURE_STALLS';
const TICK_MS = 20;
const REPORT_MS = 5_000;
/** A stall worth counting (the budget). */
export const STALL_BUDGET_MS = 100;

export interface StallFigures {
  /** Longest single stall seen (ms). */
  maxMs: number;
  /** Stalls over STALL_BUDGET_MS. */
  over: number;
  /** Sum of the stalls over STALL_BUDGET_MS (ms). */
  overTotalMs: number;
  /** Ticks measured. */
  ticks: number;
}

/** The arithmetic: feed it tick times, read the figures. */
export class StallMeter {
  readonly figures: StallFigures = { maxMs: 0, over: 0, overTotalMs: 0, ticks: 0 };
  /** Longest stall since the last `takeWindowMax()`. */
  #windowMax = 0;
  #last: number;

  constructor(start: number, private readonly tickMs = TICK_MS) {
    this.#last = start;
  }

  tick(now: number): void {
    const stall = Math.max(0, now - this.#last - this.tickMs);
    this.#last = now;
    const f = this.figures;
    f.ticks++;
    if (stall > f.maxMs) f.maxMs = stall;
    if (stall > this.#windowMax) this.#windowMax = stall;
    if (stall > STALL_BUDGET_MS) {
      f.over++;
      f.overTotalMs += stall;
    }
  }

  takeWindowMax(): number {
    const m = this.#windowMax;
    this.#windowMax = 0;
    return m;
  }
}

/** Starts the monitor when the environment asks for it; returns something to dispose (a no-op when off). */
export function startStallMonitor(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): { dispose(): void } {
  const setting = env[STALL_ENV];
  if (!setting) return { dispose: () => undefined };
  const file = setting === '1' || setting === 'true' ? undefined : setting;
  const meter = new StallMeter(performance.now());
  const tick = setInterval(() => meter.tick(performance.now()), TICK_MS);
  const windowMs = file ? 1_000 : REPORT_MS;
  /** Longest stall per window (file mode: per second, the last hour), so a bench can look at one time span. */
  const history: [number, number][] = [];
  const report = setInterval(() => {
    const windowMax = meter.takeWindowMax();
    const f = meter.figures;
    if (windowMax > STALL_BUDGET_MS) log(`Extension host stalls: longest ${Math.round(windowMax)} ms in the last ${windowMs / 1000} s; overall longest ${Math.round(f.maxMs)} ms, ${f.over} over ${STALL_BUDGET_MS} ms (${Math.round(f.overTotalMs)} ms in all)`);
    if (file) {
      history.push([Date.now(), Math.round(windowMax)]);
      if (history.length > 3600) history.shift();
      try {
        writeFileSync(file, JSON.stringify({ ...f, at: new Date().toISOString(), cpuMs: cpuMs(), history }));
      } catch {
        // a bench's file: nothing to tell the user
      }
    }
  }, windowMs);
  log(`Measuring extension host stalls (${STALL_ENV}=${setting}).`);
  return { dispose: () => {
    clearInterval(tick);
    clearInterval(report);
  } };
}
