// Host-free (types only from `vscode`): the sync state of the workspace, one observable model. The publish run and
// the docs loader write it; the status bar, the tree and the context keys subscribe to `onDidChange` (nobody pushes
// into them). Unit-tested in test/unit/extension/syncState.test.ts.
import type * as vscode from 'vscode';
import { type SyncPlan, type SyncReport, TimeSlice } from '../../core';
import { Emitter, type EmitterLike } from '../util/emitter';
import { patchTreeSteps, type PendingPatch } from './treeDiff';
import { buildTreeSteps, countStates, foldersToExpand, mergeStatesSteps, type DocEntry, type DocState, type RemoteMark, type RemoteOverlay, type TreeNodeData } from './docTree';
import { runSteps, runStepsSliced, type Slice, type Steps } from './steps';
import { reasonForEditor } from './reasons';
import { findingsSummary } from './secretNames';
import { plural } from './translate';

/** Which part of the state changed. */
export type SyncStateChange =
  /** Per-document states (local scan, last plan or publish): the tree, counts. */
  | 'docs'
  /** A publish started or ended (the lock), or its progress moved. */
  | 'run'
  /** The last publish's result (its error, or none). */
  | 'result'
  /** The number of pages changed in Confluence (a pull/import feature sets it). */
  | 'remote'
  /** Whether the site answers (checking, online, offline). */
  | 'site';

/** What we know of the site: not asked yet, asked and waiting, answered, or not reachable (timeout, DNS, refused). */
export type SiteState = 'unknown' | 'checking' | 'online' | 'offline';

export interface PublishProgress {
  done: number;
  total: number;
}

/** Where the times of our publishes are kept between sessions (the workspace state in the extension). */
export interface PublishTimesStore {
  get(): Record<string, string>;
  update(times: Record<string, string>): PromiseLike<void>;
}

export interface SyncStateOptions {
  emitter?: () => EmitterLike<SyncStateChange>;
  times?: PublishTimesStore;
  /** The tree's text for a blocked document without a reason (localised in the extension). */
  likelySecrets?: (count: number) => string;
  now?: () => Date;
  /**
   * When a rebuild over every document gives the event loop a turn (issue 13: 10,000 documents held the extension
   * host ~100 ms per rebuild). Default: core's TimeSlice (a turn every ~10 ms of work).
   */
  slice?: () => Slice;
}

/** Local scan results: documents, the pages of folders, and why the scan failed (if it did). */
export interface LocalScan {
  docs: DocEntry[];
  folderPages?: ReadonlyMap<string, DocEntry>;
  docsRoot: string;
  loadError?: string;
}

function memoryTimes(): PublishTimesStore {
  let times: Record<string, string> = {};
  return { get: () => times, update: async (t) => void (times = t) };
}

export class SyncState implements vscode.Disposable {
  readonly #emitter: EmitterLike<SyncStateChange>;
  /** Fires with the part that changed. */
  readonly onDidChange: vscode.Event<SyncStateChange>;
  readonly #times: PublishTimesStore;
  readonly #likelySecrets: (count: number) => string;
  readonly #now: () => Date;
  readonly #slice: () => Slice;
  /** Rebuilds started: a sliced rebuild that sees a newer one when it resumes stops (the newer one has its inputs). */
  #generation = 0;
  /** A scan has been given (the views leave "loading" once a rebuild that includes it is shown). */
  #scanGiven = false;

  #scan: LocalScan = { docs: [], docsRoot: '.' };
  readonly #overlay = new Map<string, RemoteOverlay>();
  /** What the last check of Confluence found, per file (issue 12). */
  #remote = new Map<string, RemoteMark>();
  #entries: DocEntry[] = [];
  #roots: TreeNodeData[] = [];
  /** Lookups by path and by file, built on first use after a rebuild (commands, reveal; not every rebuild). */
  #byPath: Map<string, TreeNodeData> | undefined;
  #byFile: Map<string, DocEntry> | undefined;
  #changedNodes: readonly TreeNodeData[] | 'all' = 'all';
  #expanded: ReadonlySet<string> = new Set();
  #loaded = false;
  #site: SiteState = 'unknown';
  #running = false;
  #progress: PublishProgress | undefined;
  #lastError: string | undefined;
  #remoteChanges = 0;

  constructor(options: SyncStateOptions = {}) {
    this.#emitter = options.emitter?.() ?? new Emitter<SyncStateChange>();
    this.onDidChange = this.#emitter.event;
    this.#times = options.times ?? memoryTimes();
    this.#likelySecrets = options.likelySecrets ?? ((n) => plural(n, '{0} likely secret', '{0} likely secrets'));
    this.#now = options.now ?? (() => new Date());
    this.#slice = options.slice ?? (() => new TimeSlice());
  }

  // ---- per document ----

  get entries(): readonly DocEntry[] {
    return this.#entries;
  }
  get roots(): readonly TreeNodeData[] {
    return this.#roots;
  }
  /**
   * Pages per state in the page tree, as the plan counts them: documents and the folders' own pages (generated
   * folder pages included), not excluded files. The status bar, the badge and the tree's root all say these numbers.
   */
  get counts(): Record<DocState, number> {
    const counts = countStates([]);
    for (const root of this.#roots) for (const [k, v] of Object.entries(root.counts) as [DocState, number][]) counts[k] += v;
    return counts;
  }
  get loadError(): string | undefined {
    return this.#scan.loadError;
  }
  /** Times of our last publish per file (ISO), kept between sessions. */
  get publishTimes(): Record<string, string> {
    return this.#times.get();
  }
  node(path: string): TreeNodeData | undefined {
    if (!this.#byPath) {
      const byPath = (this.#byPath = new Map<string, TreeNodeData>());
      const walk = (nodes: TreeNodeData[]): void => {
        for (const n of nodes) {
          byPath.set(n.path, n);
          // A section's own page (its index.md) is found by its file too.
          if (n.entry && !byPath.has(n.entry.file)) byPath.set(n.entry.file, n);
          walk(n.children);
        }
      };
      walk(this.#roots);
    }
    return this.#byPath.get(path);
  }
  entry(file: string): DocEntry | undefined {
    this.#byFile ??= new Map(this.#entries.map((e) => [e.file, e]));
    return this.#byFile.get(file);
  }
  /**
   * The tree nodes the last 'docs' change touched (each the highest changed one; node objects are kept across
   * changes), or 'all' when the roots changed: the tree refreshes only these.
   */
  get changedNodes(): readonly TreeNodeData[] | 'all' {
    return this.#changedNodes;
  }
  /** Whether a folder starts expanded when it first appears (all of a small tree; the top levels of a large one). */
  startsExpanded(node: TreeNodeData): boolean {
    return this.#expanded.has(node.id);
  }
  /** The first local scan has been read (before it, the views show "loading", not "no documents" or "in sync"). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** The offline scan of the docs tree (computeLocalStatus), as the loader read it. */
  setLocal(scan: LocalScan): void {
    this.#scan = scan;
    this.#scanGiven = true;
    this.#rebuild();
  }

  /**
   * The same, rebuilt in slices (the loader's scans: every document): the views keep the previous tree, whole, until
   * the new one is ready. Resolves when it is shown (or a newer change replaced it).
   */
  async loadLocal(scan: LocalScan): Promise<void> {
    this.#scan = scan;
    this.#scanGiven = true;
    await this.#rebuildSliced();
  }

  // ---- the site ----

  /** Whether the site answers: "checking…" until it does, "offline" when it does not. */
  get site(): SiteState {
    return this.#site;
  }

  setSite(site: SiteState): void {
    if (site === this.#site) return;
    this.#site = site;
    this.#emitter.fire('site');
  }

  /**
   * What a plan found (conflicts, blocked, errors), kept until a newer plan or publish speaks about the file.
   * Rebuilt in slices (a plan of 10,000 documents); resolves when the views show it.
   */
  async recordPlan(plan: SyncPlan): Promise<void> {
    const changes = await runStepsSliced(this.#planChanges(plan), this.#slice());
    this.#applyOverlay(changes!);
    await this.#rebuildSliced();
  }

  *#planChanges(plan: SyncPlan): Steps<OverlayChange[]> {
    const out: OverlayChange[] = [];
    for (const item of plan.items) {
      yield;
      if (item.kind !== 'document') continue;
      if (item.action === 'conflict') out.push([item.file, { state: 'conflict', message: reasonForEditor(item.reason), pageId: item.pageId, version: item.remoteVersion }]);
      else if (item.action === 'blocked') out.push([item.file, { state: 'blocked', message: item.findings?.length ? findingsSummary(item.findings) : reasonForEditor(item.reason) ?? this.#likelySecrets(0) }]);
      else if (item.action === 'error') out.push([item.file, { state: 'error', message: reasonForEditor(item.reason) }]);
      else out.push([item.file, undefined]);
    }
    return out;
  }

  /**
   * The results of a publish (and the time of each page written, kept between sessions). Read and rebuilt in slices
   * (a report of 10,000 pages); the views show the previous states until the new ones are complete. Returns true
   * when the local states now say what a rescan would (every page written is "in sync", nothing else the publish did
   * changes a local state): the loader then skips its rescan (model/quietPeriod.ts).
   */
  async recordReport(report: SyncReport): Promise<boolean> {
    const now = this.#now().toISOString();
    const times = { ...this.#times.get() };
    const slice = this.#slice();
    const changes = await runStepsSliced(this.#reportChanges(report, now, times), slice);
    const scan = this.#scan;
    const caughtUp = await runStepsSliced(caughtUpScan(scan, report), slice);
    this.#applyOverlay(changes!);
    // A rescan that landed meanwhile is newer than the scan the report was applied to.
    const applied = Boolean(caughtUp) && scan === this.#scan;
    if (applied) this.#scan = caughtUp!;
    await this.#rebuildSliced();
    await this.#times.update(times);
    return applied;
  }

  *#reportChanges(report: SyncReport, now: string, times: Record<string, string>): Steps<OverlayChange[]> {
    const out: OverlayChange[] = [];
    for (const r of report.results) {
      yield;
      if (r.action === 'created' || r.action === 'updated' || r.action === 'moved') {
        times[r.file] = now;
        out.push([r.file, { state: 'in-sync', pageId: r.pageId, version: r.version, url: r.url, at: now }, 'caught-up']);
      } else if (r.action === 'conflict') out.push([r.file, { state: 'conflict', message: r.message, pageId: r.pageId }]);
      else if (r.action === 'blocked') out.push([r.file, { state: 'blocked', message: r.message }]);
      else if (r.action === 'error') out.push([r.file, { state: 'error', message: r.message }]);
    }
    return out;
  }

  /** Applies prepared overlay changes at once (never half of them: a rebuild may run between two slices). */
  #applyOverlay(changes: OverlayChange[]): void {
    for (const [file, overlay, caughtUp] of changes) {
      if (caughtUp) this.#remote.delete(file);
      if (overlay) this.#overlay.set(file, overlay);
      else this.#overlay.delete(file);
    }
  }

  // ---- the publish run ----

  /** A publish holds the lock (planning or writing; not while it waits for an answer or shows its result). */
  get running(): boolean {
    return this.#running;
  }
  /** Pages written of the publish running now (undefined before its first page and when idle). */
  get progress(): PublishProgress | undefined {
    return this.#progress;
  }

  setRunning(running: boolean): void {
    if (running === this.#running && (running || !this.#progress)) return;
    this.#running = running;
    if (!running) this.#progress = undefined;
    this.#emitter.fire('run');
  }

  setProgress(progress: PublishProgress | undefined): void {
    if (progress?.done === this.#progress?.done && progress?.total === this.#progress?.total) return;
    this.#progress = progress && { ...progress };
    this.#emitter.fire('run');
  }

  // ---- the last result ----

  /** Why the last publish failed as a whole (site unreachable...), or undefined after one that ran. */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  setLastError(message: string | undefined): void {
    if (message === this.#lastError) return;
    this.#lastError = message;
    this.#emitter.fire('result');
  }

  // ---- Confluence ----

  /** Pages changed in Confluence since we last looked (0 until a pull/import feature reports them). */
  get remoteChanges(): number {
    return this.#remoteChanges;
  }

  setRemoteChanges(count: number): void {
    if (count === this.#remoteChanges) return;
    this.#remoteChanges = count;
    this.#emitter.fire('remote');
  }

  /** The remote marks per file now (what the last check of Confluence found). */
  get remoteMarks(): ReadonlyMap<string, RemoteMark> {
    return this.#remote;
  }

  /**
   * What a check of Confluence (or a pull) found: the files whose pages were edited or deleted there. Replaces the
   * previous marks (a file no longer listed is caught up); the count of remote changes follows.
   */
  recordRemote(marks: Iterable<[string, RemoteMark]>): void {
    const next = new Map(marks);
    const same = next.size === this.#remote.size && [...next].every(([f, m]) => {
      const o = this.#remote.get(f);
      return o?.state === m.state && o.version === m.version && o.localVersion === m.localVersion;
    });
    if (!same) {
      this.#remote = next;
      this.#rebuild();
    }
    this.setRemoteChanges(next.size);
  }

  dispose(): void {
    this.#emitter.dispose();
  }

  /** Rebuilds the entries and the tree now, in one go (small changes: a remote check, a scan without documents). */
  #rebuild(): void {
    const generation = ++this.#generation;
    const entries = runSteps(mergeStatesSteps(this.#scan.docs, this.#overlay, this.#remote));
    const fresh = runSteps(buildTreeSteps(entries, this.#scan.docsRoot, this.#scan.folderPages));
    this.#commit(generation, entries, runSteps(patchTreeSteps(this.#roots, fresh)));
  }

  /**
   * The same, computed in slices (each gives the event loop a turn when the slice is used up) and shown at once at
   * the end; a newer rebuild started meanwhile replaces it (it read the newer inputs).
   */
  async #rebuildSliced(): Promise<void> {
    const generation = ++this.#generation;
    const stale = (): boolean => generation !== this.#generation;
    const slice = this.#slice();
    const entries = await runStepsSliced(mergeStatesSteps(this.#scan.docs, this.#overlay, this.#remote), slice, stale);
    if (!entries) return;
    const fresh = await runStepsSliced(buildTreeSteps(entries, this.#scan.docsRoot, this.#scan.folderPages), slice, stale);
    if (!fresh) return;
    // The comparison with the tree the view shows changes nothing; nobody else commits while this one is current.
    const patch = await runStepsSliced(patchTreeSteps(this.#roots, fresh), slice, stale);
    if (patch) this.#commit(generation, entries, patch);
  }

  /** Shows a rebuild: the view's node objects take the new fields (patchTree), lookups are rebuilt on use, 'docs'. */
  #commit(generation: number, entries: DocEntry[], pending: PendingPatch): void {
    if (generation !== this.#generation) return;
    this.#entries = entries;
    this.#loaded = this.#scanGiven;
    const patch = pending.apply();
    this.#roots = patch.roots;
    this.#changedNodes = patch.changed;
    this.#expanded = foldersToExpand(this.#roots);
    this.#byFile = undefined;
    this.#byPath = undefined;
    this.#emitter.fire('docs');
  }
}

/** Local states a page written by the publish leaves for "in sync" (a blocked or failed one needs a rescan). */
const CATCHES_UP = new Set<DocState>(['new', 'changed', 'in-sync']);

/**
 * The local scan as a rescan after the publish would read it, from the report alone: the documents and folder pages
 * it wrote are in sync. Undefined when the report says something a rescan must read (an error: the mapping may hold
 * a pending entry; a page written from a file the scan does not know or showed blocked; an unchanged page the scan
 * did not show in sync, e.g. recognised on the server).
 */
export function* caughtUpScan(scan: LocalScan, report: SyncReport): Steps<LocalScan | undefined> {
  const index = new Map<string, number>();
  for (let i = 0; i < scan.docs.length; i++) {
    index.set(scan.docs[i].file, i);
    yield;
  }
  const docs = scan.docs.slice();
  const folderPages = new Map(scan.folderPages ?? []);
  for (const r of report.results) {
    yield;
    const at = index.get(r.file);
    const entry = at !== undefined ? docs[at] : folderPages.get(r.file);
    switch (r.action) {
      case 'created':
      case 'updated':
      case 'moved': {
        if (!entry || !CATCHES_UP.has(entry.state)) return undefined;
        const written: DocEntry = { ...entry, state: 'in-sync', message: undefined };
        if (at !== undefined) docs[at] = written;
        else folderPages.set(r.file, written);
        break;
      }
      case 'skipped':
        if (entry && entry.state !== 'in-sync') return undefined;
        break;
      // Nothing recorded for the file (conflict, blocked), or for a page whose file is gone (orphans).
      case 'conflict':
      case 'blocked':
      case 'orphan':
      case 'archived':
      case 'deleted':
        break;
      default:
        return undefined;
    }
  }
  return { ...scan, docs, folderPages };
}

/** A file's new overlay (undefined: none), and whether the publish caught it up with Confluence (remote mark gone). */
type OverlayChange = [file: string, overlay: RemoteOverlay | undefined, caughtUp?: 'caught-up'];
