// Host-free (types only from `vscode`): the sync state of the workspace, one observable model. The publish run and
// the docs loader write it; the status bar, the tree and the context keys subscribe to `onDidChange` (nobody pushes
// into them). Unit-tested in test/unit/extension/syncState.test.ts.
import type * as vscode from 'vscode';
import type { SyncPlan, SyncReport } from '../../core';
import { Emitter, type EmitterLike } from '../util/emitter';
import { patchTree } from './treeDiff';
import { buildTree, countStates, foldersToExpand, mergeStates, type DocEntry, type DocState, type RemoteMark, type RemoteOverlay, type TreeNodeData } from './docTree';
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

  #scan: LocalScan = { docs: [], docsRoot: '.' };
  readonly #overlay = new Map<string, RemoteOverlay>();
  /** What the last check of Confluence found, per file (issue 12). */
  #remote = new Map<string, RemoteMark>();
  #entries: DocEntry[] = [];
  #roots: TreeNodeData[] = [];
  readonly #byPath = new Map<string, TreeNodeData>();
  readonly #byFile = new Map<string, DocEntry>();
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
    return this.#byPath.get(path);
  }
  entry(file: string): DocEntry | undefined {
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
    this.#loaded = true;
    this.#rebuild();
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

  /** What a plan found (conflicts, blocked, errors), kept until a newer plan or publish speaks about the file. */
  recordPlan(plan: SyncPlan): void {
    for (const item of plan.items) {
      if (item.kind !== 'document') continue;
      if (item.action === 'conflict') this.#overlay.set(item.file, { state: 'conflict', message: reasonForEditor(item.reason), pageId: item.pageId, version: item.remoteVersion });
      else if (item.action === 'blocked') this.#overlay.set(item.file, { state: 'blocked', message: item.findings?.length ? findingsSummary(item.findings) : reasonForEditor(item.reason) ?? this.#likelySecrets(0) });
      else if (item.action === 'error') this.#overlay.set(item.file, { state: 'error', message: reasonForEditor(item.reason) });
      else this.#overlay.delete(item.file);
    }
    this.#rebuild();
  }

  /** The results of a publish (and the time of each page written, kept between sessions). */
  async recordReport(report: SyncReport): Promise<void> {
    const now = this.#now().toISOString();
    const times = { ...this.#times.get() };
    for (const r of report.results) {
      if (r.action === 'created' || r.action === 'updated' || r.action === 'moved') {
        times[r.file] = now;
        this.#remote.delete(r.file);
        this.#overlay.set(r.file, { state: 'in-sync', pageId: r.pageId, version: r.version, url: r.url, at: now });
      } else if (r.action === 'conflict') this.#overlay.set(r.file, { state: 'conflict', message: r.message, pageId: r.pageId });
      else if (r.action === 'blocked') this.#overlay.set(r.file, { state: 'blocked', message: r.message });
      else if (r.action === 'error') this.#overlay.set(r.file, { state: 'error', message: r.message });
    }
    this.#rebuild();
    await this.#times.update(times);
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

  #rebuild(): void {
    this.#entries = mergeStates(this.#scan.docs, this.#overlay, this.#remote);
    const patch = patchTree(this.#roots, buildTree(this.#entries, this.#scan.docsRoot, this.#scan.folderPages));
    this.#roots = patch.roots;
    this.#changedNodes = patch.changed;
    this.#expanded = foldersToExpand(this.#roots);
    this.#byFile.clear();
    for (const e of this.#entries) this.#byFile.set(e.file, e);
    this.#byPath.clear();
    const walk = (nodes: TreeNodeData[]): void => {
      for (const n of nodes) {
        this.#byPath.set(n.path, n);
        // A section's own page (its index.md) is found by its file too.
        if (n.entry && !this.#byPath.has(n.entry.file)) this.#byPath.set(n.entry.file, n);
        walk(n.children);
      }
    };
    walk(this.#roots);
    this.#emitter.fire('docs');
  }
}
