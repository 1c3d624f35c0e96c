// Host-free: an opt-in CPU profile of the extension host during a publish (issue 13: find what blocks the host).
// Off by default: on when CONFLUENCE_CPU_PROFILE=<file> is set; each publish writes a .cpuprofile (open it in Chrome
// DevTools or VS Code) at <file>, then <file>.2, <file>.3… for later ones. Uses node:inspector in the extension
// host itself, so it needs no debugger attached.
import { writeFileSync } from 'node:fs';

export const CPU_PROFILE_ENV = 'CONFLUENCE_CPU_PROFILE';

/** node:inspector, required only when a profile is asked for (not at activation: issue 13, activation < 50 ms). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const inspectorSession = (): import('node:inspector').Session => new (require('node:inspector') as typeof import('node:inspector')).Session();
/** Publishes profiled so far, per target file. */
const runs = new Map<string, number>();

type Post = (method: string, params?: object) => Promise<unknown>;

/** Runs `work` under the CPU profiler when the environment asks for it; else just runs it. */
export async function profiled<T>(work: () => Promise<T>, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const file = env[CPU_PROFILE_ENV];
  if (!file) return work();
  const session = inspectorSession();
  session.connect();
  const post: Post = (method, params) => new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  const cpu = process.cpuUsage();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    try {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      const n = (runs.get(file) ?? 0) + 1;
      runs.set(file, n);
      const target = n === 1 ? file : `${file}.${n}`;
      writeFileSync(target, JSON.stringify(profile));
      const used = process.cpuUsage(cpu);
      log(`CPU profile of the publish written to ${target} (extension host CPU ${Math.round((used.user + used.system) / 1000)} ms).`);
    } catch (e) {
      log(`Could not write the CPU profile: ${String(e)}`);
    } finally {
      session.disconnect();
    }
  }
}

export const CPU_PROFILE_SLICES_ENV = 'CONFLUENCE_CPU_PROFILE_SLICES';
const SLICE_MS = 5_000;

/**
 * Opt-in (CONFLUENCE_CPU_PROFILE_SLICES=<prefix>): the extension host profiled from activation in slices of 5 s,
 * each written to <prefix>.<n>.cpuprofile with its CPU time in the log, so a stall seen at some second (the stall
 * monitor's history) can be looked up in the slice that holds it. For measuring only (typing in a large document).
 */
export function startProfileSlices(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): { dispose(): void } {
  const prefix = env[CPU_PROFILE_SLICES_ENV];
  if (!prefix) return { dispose: () => undefined };
  const session = inspectorSession();
  session.connect();
  const post: Post = (method, params) => new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  let n = 0;
  let cpu = process.cpuUsage();
  let stopped = false;
  const start = async (): Promise<void> => {
    await post('Profiler.setSamplingInterval', { interval: 1000 });
    await post('Profiler.start');
  };
  const slice = async (): Promise<void> => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const target = `${prefix}.${++n}.cpuprofile`;
    writeFileSync(target, JSON.stringify(profile));
    log(`CPU profile slice ${target} ending ${new Date().toISOString()}: extension host CPU ${Math.round((used.user + used.system) / 1000)} ms.`);
    if (!stopped) await start();
  };
  void post('Profiler.enable').then(start).catch((e) => log(`Could not start the CPU profiler: ${String(e)}`));
  const timer = setInterval(() => void slice().catch((e) => log(`CPU profile slice failed: ${String(e)}`)), SLICE_MS);
  timer.unref();
  return {
    dispose: () => {
      stopped = true;
      clearInterval(timer);
      session.disconnect();
    },
  };
}
