/**
 * The run lock: one publish at a time per mapping file, whichever front end runs it (CLI, extension, CI).
 *
 * A file `<mapping file>.lock` beside the mapping file, created atomically (`FileSystem.createExclusive`: on disk a
 * hard link of a complete temp file, or O_EXCL where links are not supported) with JSON `{ pid, host, started, tool, token }`. Its modification time is the
 * heartbeat, refreshed while the run lasts. A lock is stale when its process is gone (same host, pid not alive) or
 * its heartbeat is older than `staleMs` (another host, or a reused pid); a stale lock is taken over with a warning.
 * A live lock is waited for briefly (`waitMs`), then the run is refused with RunLockedError naming the holder.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { nullLogger, type Logger } from '../logging';
import { abortableDelay } from '../delay';

export interface RunLockHolder {
  pid: number;
  host: string;
  /** ISO time the run started. */
  started: string;
  /** Which front end runs it, e.g. "confluence CLI", "VS Code extension". */
  tool: string;
  /** Random id of this holding, so a run never removes a lock that is not its own. */
  token: string;
}

export interface RunLockOptions {
  /** Where the lock file lives (the engine's file system). */
  fs: FileSystem;
  /** Who takes the lock (shown to a run that finds it taken). */
  tool?: string;
  /** How long to wait for a live lock before refusing (default 5 s). */
  waitMs?: number;
  pollMs?: number;
  /** A lock whose heartbeat is older than this is stale (default 10 min). */
  staleMs?: number;
  /** How often the holder refreshes the heartbeat (default 30 s). */
  heartbeatMs?: number;
  /** Path for messages (workspace-relative). */
  displayPath?: string;
  logger?: Logger;
  /** Stops waiting (Ctrl-C): rejects with the signal's reason. */
  signal?: AbortSignal;
}

export const RUN_LOCK_DEFAULTS = { waitMs: 5000, pollMs: 200, staleMs: 10 * 60_000, heartbeatMs: 30_000 };

/** The lock file of a mapping file. */
export function runLockPath(mappingPath: string): string {
  return `${mappingPath}.lock`;
}

/** Another publish holds the lock: names it and says what to do. Nothing was written. */
export class RunLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: RunLockHolder | undefined,
    displayPath: string,
    staleMs: number,
  ) {
    const who = holder
      ? `${holder.tool || 'a publish'} (pid ${holder.pid} on ${holder.host}, started ${holder.started}${ago(holder.started)})`
      : 'another publish (its lock file is being written)';
    super(
      `another publish to Confluence is running in this workspace: ${who} holds ${displayPath}. Nothing was written. ` +
        `Wait for it to finish and run again; if that process is gone (crashed, or on a machine that is off), delete ${displayPath} ` +
        `(a lock whose process has ended on this machine, or with no heartbeat for ${Math.round(staleMs / 60_000)} minutes, is taken over by itself).`,
    );
    this.name = 'RunLockedError';
  }
}

/** A lock this process holds. release() is idempotent and runs at process exit if nobody called it. */
export class RunLock {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  private readonly onExit = () => this.release();

  constructor(
    readonly path: string,
    readonly holder: RunLockHolder,
    heartbeatMs: number,
    private readonly logger: Logger,
    private readonly fs: FileSystem,
  ) {
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timer.unref();
    process.once('exit', this.onExit);
  }

  /** Refreshes the heartbeat (the file's mtime); warns once if someone took the lock over. */
  heartbeat(): void {
    if (this.released) return;
    if (readHolder(this.fs, this.path)?.token !== this.holder.token) {
      this.logger.warn(`the publish lock ${basename(this.path)} was taken over by another run; finishing this one anyway`);
      this.stopTimer();
      return;
    }
    try {
      this.fs.touch(this.path, new Date());
    } catch {
      /* gone: the next heartbeat says so */
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.stopTimer();
    process.off('exit', this.onExit);
    // Only our own lock: a run that judged ours stale and took over keeps its lock.
    if (readHolder(this.fs, this.path)?.token !== this.holder.token) return;
    try {
      this.fs.remove(this.path);
    } catch {
      /* already gone */
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Takes the lock at `path`, waiting up to `waitMs` for a live holder; throws RunLockedError when it stays taken. */
export async function acquireRunLock(path: string, options: RunLockOptions): Promise<RunLock> {
  const { fs } = options;
  const o = { ...RUN_LOCK_DEFAULTS, ...definedOnly(options) };
  const logger = options.logger ?? nullLogger;
  const displayPath = options.displayPath ?? path;
  const holder: RunLockHolder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    tool: options.tool ?? 'docs-to-confluence',
    token: randomBytes(8).toString('hex'),
  };
  const deadline = Date.now() + o.waitMs;
  let waitingSaid = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (fs.createExclusive(path, JSON.stringify(holder, null, 2) + '\n')) return new RunLock(path, holder, o.heartbeatMs, logger, fs);
    const current = inspect(fs, path, o.staleMs);
    if (current.state === 'stale') {
      if (removeStale(fs, path, current.text)) {
        logger.warn(`took over the publish lock ${displayPath}: ${current.why}`);
      }
      continue;
    }
    if (current.state === 'gone') continue;
    if (Date.now() >= deadline) throw new RunLockedError(path, current.holder, displayPath, o.staleMs);
    if (!waitingSaid) {
      logger.info(`waiting for another publish to finish (${displayPath} is held by pid ${current.holder?.pid ?? '?'} on ${current.holder?.host ?? '?'})`);
      waitingSaid = true;
    }
    await abortableDelay(Math.min(o.pollMs, Math.max(1, deadline - Date.now())), options.signal, (signal) => signal.reason ?? new Error('aborted'));
  }
}

type Inspection =
  | { state: 'gone' }
  | { state: 'live'; holder: RunLockHolder | undefined }
  | { state: 'stale'; text: string; why: string };

/** How long an unreadable lock file may be young before it counts as stale (it may be being written). */
const UNREADABLE_GRACE_MS = 10_000;

function inspect(fs: FileSystem, path: string, staleMs: number): Inspection {
  let text: string;
  let mtimeMs: number;
  try {
    const st = fs.stat(path);
    if (!st) return { state: 'gone' };
    mtimeMs = st.mtimeMs;
    text = fs.readText(path);
  } catch {
    return { state: 'gone' };
  }
  const holder = parseHolder(text);
  const age = Date.now() - mtimeMs;
  if (!holder) {
    return age > UNREADABLE_GRACE_MS ? { state: 'stale', text, why: 'its content was not a lock' } : { state: 'live', holder: undefined };
  }
  if (holder.host === hostname() && !processAlive(holder.pid)) {
    return { state: 'stale', text, why: `pid ${holder.pid} on this machine (started ${holder.started}) has ended` };
  }
  if (age > staleMs) {
    return { state: 'stale', text, why: `no heartbeat from pid ${holder.pid} on ${holder.host} for ${Math.round(age / 60_000)} minutes` };
  }
  return { state: 'live', holder };
}

/**
 * Removes a stale lock, but only the one we judged: it is renamed aside first and checked, so a fresh lock another
 * run created in the meantime is put back rather than deleted.
 */
function removeStale(fs: FileSystem, path: string, judged: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    fs.rename(path, aside);
  } catch {
    return false; // someone else removed it first
  }
  let text: string;
  try {
    text = fs.readText(aside);
  } catch {
    // cannot tell whose it is: put it back as it was, unless another run has created one meanwhile
    try {
      if (!fs.lstat(path)) fs.rename(aside, path);
    } catch {
      /* leave it */
    }
    return false;
  }
  if (text !== judged) {
    try {
      fs.createExclusive(path, text); // put the fresh lock back (not if yet another run created one: it keeps that)
    } catch {
      /* see above */
    }
  }
  try {
    fs.remove(aside);
  } catch {
    /* already gone */
  }
  return text === judged;
}

function readHolder(fs: FileSystem, path: string): RunLockHolder | undefined {
  try {
    return parseHolder(fs.readText(path));
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): RunLockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<RunLockHolder>;
    if (h && typeof h.pid === 'number' && typeof h.host === 'string') {
      return { pid: h.pid, host: h.host, started: String(h.started ?? '?'), tool: String(h.tool ?? ''), token: String(h.token ?? '') };
    }
  } catch {
    /* not JSON */
  }
  return undefined;
}

/** True when a process with this pid exists on this machine (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ago(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  return s < 120 ? `, ${s} s ago` : `, ${Math.round(s / 60)} min ago`;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The mapping file changed between plan and apply (another publish ran meanwhile): the plan is outdated. */
export class PlanOutdatedError extends Error {
  constructor(displayPath: string) {
    super(`${displayPath} changed since this plan was made (another publish ran meanwhile). Nothing was written; run again to make a new plan.`);
    this.name = 'PlanOutdatedError';
  }
}
