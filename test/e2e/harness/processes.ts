// Every process the harness starts is registered here and ended by its pid (process group) on close, on test
// failure, on SIGINT/SIGTERM and at exit, so no code-server or Chromium outlives a run.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

interface Tracked {
  name: string;
  child: ChildProcess;
}

const live = new Set<Tracked>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached => own process group: code-server + extension host + pty host
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const t of live) killGroup(t.child, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const t of live) killGroup(t.child, 'SIGKILL');
      process.exit(130);
    });
  }
}

/** Spawns a detached process (its own process group) and tracks it. */
export function spawnTracked(name: string, command: string, args: string[], options: SpawnOptions): ChildProcess {
  hookExit();
  const child = spawn(command, args, { ...options, detached: true });
  const t: Tracked = { name, child };
  live.add(t);
  child.once('exit', () => live.delete(t));
  return child;
}

/** SIGTERM the process group, SIGKILL after `graceMs`; resolves once the leader has exited. */
export async function stopTracked(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // leader gone: still sweep its group
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Children of the group that ignored SIGTERM (extension host, watchers).
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* group empty */
  }
}

/** Names and pids still running (for a leak check in tests). */
export function liveProcesses(): Array<{ name: string; pid: number | undefined }> {
  return [...live].map((t) => ({ name: t.name, pid: t.child.pid }));
}

/** Tracks a process that someone else spawned (e.g. the Chromium that playwright starts). */
export function trackPid(name: string, pid: number | undefined): () => void {
  hookExit();
  if (pid === undefined) return () => undefined;
  // A stand-in ChildProcess-like record so exit handlers can kill it.
  const fake = { pid, exitCode: null, signalCode: null, kill: (s?: NodeJS.Signals) => process.kill(pid, s) } as unknown as ChildProcess;
  const t: Tracked = { name, child: fake };
  live.add(t);
  return () => live.delete(t);
}
