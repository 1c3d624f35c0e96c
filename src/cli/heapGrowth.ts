/**
 * How much V8 lets the `confluence` process's old generation grow between two full collections (issue 13, "Scale":
 * peak RSS of a 10,000-document first publish under 400 MB).
 *
 * By default V8 grows the old generation up to 4× what survived the last full collection before it collects again.
 * A publish keeps 64 requests in flight while it is busy converting and recording, so each request's objects (axios
 * config, socket buffers, bodies, answers) outlive two scavenges and are promoted, then die there: with ~100 MB live,
 * RSS climbed to 370–560 MB of mostly garbage. Growing by at most half of what survived keeps the garbage near the
 * live size (measured: peak ~270 MB, CPU time unchanged within noise: more, shorter full collections).
 *
 * Set when `sync` starts writing (planning allocates much and short-lived: a lower limit only adds full collections,
 * ~0.5 s of a 10,000-doc `status` or `plan`). Only this process: never the editor's extension host, which other
 * extensions share. A `--heap-growing-percent` the user gives (`node --heap-growing-percent=N`, `NODE_OPTIONS`) wins;
 * 0 restores V8's own choice.
 */
import { setFlagsFromString } from 'node:v8';

/** Percent the old generation may grow over what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 50;

/** The V8 flag to set, or undefined when the user chose one. */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | undefined {
  const given = (arg: string) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg);
  if (execArgv.some(given) || (nodeOptions ?? '').split(/\s+/).some(given)) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Sets the flag for this process (read by V8 each time it sizes the old generation after a full collection). */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) setFlagsFromString(flag);
}
