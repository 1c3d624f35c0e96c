import * as vscode from 'vscode';
import * as path from 'node:path';
import { computeLocalStatusAsync, ConversionCache, loadSecretIgnoreFile, type LocalStatus, nodeFileSystem, scanText, type SecretFinding, type SecretIgnoreList, TimeSlice } from '../core';
import type { Session } from './auth/session';
import type { BlockedScan } from './diagnostics/blockedDocsDiagnostics';
import type { ConfigService } from './config';
import { Views } from './ids';
import type { OutputChannelLogger } from './logging';
import type { DocEntry } from './model/docTree';
import { findingsSummary } from './model/secretNames';
import type { SyncState } from './model/syncState';
import { QuietPeriod } from './model/quietPeriod';
import { classifyEvent, sameStamp, type FileStamp } from './model/watchScope';
import { Disposable, disposeAll } from './util/dispose';
import type { ExtensionDiagrams } from './diagrams/webviewHost';

/**
 * Reads the offline per-file states (computeLocalStatus + the mapping file) into the SyncState. Refreshes are
 * debounced and triggered by saves and file events of documents under the docs root (and their attachments), by
 * mapping-file changes that are not our own writes, by settings and sign-in changes — never by keystrokes, never by
 * a file outside the docs root. Nothing rescans before `start()` (activation's one load); a publish holds rescans
 * (`quietWhile`) and the loader rescans once when it ends, unless the publish's report already brought the tree up to
 * date (model/quietPeriod.ts). It never waits for the network: the tree shows the
 * files and the mapping at once. It only writes the state; the tree and the status bar observe the state.
 */
export class DocsLoader extends Disposable {
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> | undefined;
  /** Conversions of unchanged documents, kept between refreshes: a refresh converts only what changed. */
  /** (Made on the first load: a core class built at activation would load the engine there, see scripts/build.mjs lazyCore.) */
  #conversions: ConversionCache | undefined;
  #again = false;
  /** An explicit refresh (a command, a publish) came while loading: the next load scans even when not shown. */
  #againExplicit = false;
  #started = false;
  /** Publishes running now: file events are held until the last one ends (it rescans once, if it must). */
  readonly #quiet = new QuietPeriod();
  /** The mapping file as the last load read it: an event with the same stamp is our own write, already read. */
  #mappingStamp: FileStamp | undefined;
  #watchers: vscode.Disposable[] = [];
  #watchKey = '';
  /** Loads done (for tests and the stall log). */
  loads = 0;
  /** Secret findings per file, by the text they were found in (a rescan of an unchanged file costs nothing). */
  readonly #scanned = new Map<string, { text: string; findings: SecretFinding[] }>();
  readonly #onDidScanSecrets = this._register(new vscode.EventEmitter<BlockedScan>());
  /** After each load: the documents marked "blocked: secrets" with their findings (the Problems panel's feed). */
  readonly onDidScanSecrets = this.#onDidScanSecrets.event;

  constructor(
    private readonly state: SyncState,
    private readonly config: ConfigService,
    private readonly session: Session,
    private readonly logger: OutputChannelLogger,
    /** The editor's diagram renderers: they name the render cache's entries (a status never renders). */
    private readonly diagrams?: ExtensionDiagrams,
  ) {
    super();
    this._register(config.onDidChange(() => {
      this.#watch();
      this.schedule();
    }));
    // Right after sign-in the tree fills at once (no debounce), with the view's progress bar meanwhile.
    this._register(session.onDidChange(() => {
      if (this.#started) void this.refresh({ automatic: true });
    }));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.#fileEvent(d.uri.fsPath)));
    const ignore = this._register(vscode.workspace.createFileSystemWatcher('**/.confluence-secrets-ignore'));
    const rescan = (): void => {
      this.#scanned.clear();
      this.schedule();
    };
    this._register(ignore.onDidChange(rescan));
    this._register(ignore.onDidCreate(rescan));
    this._register(ignore.onDidDelete(rescan));
    this._register({ dispose: () => {
      clearTimeout(this.#timer);
      disposeAll(this.#watchers.splice(0));
    } });
    this.#watch();
  }

  /** The first load (activation, once the session is known); events before it never rescan. */
  start(): Promise<void> {
    this.#started = true;
    return this.refresh({ automatic: true });
  }

  /**
   * Runs `work` (a publish) without rescans for its file events (the engine saves the mapping as it goes), then
   * rescans once — unless `caughtUp(result)` says the state already holds what the publish changed (its report was
   * applied to the tree: SyncState.recordReport) and no event under the docs tree came meanwhile.
   */
  async quietWhile<T>(work: () => Promise<T>, caughtUp: (result: T) => boolean = () => false): Promise<T> {
    this.#quiet.begin();
    // A rescan waiting or running as the publish starts reads the mapping from before it: one more at the end.
    if (this.#timer || this.#loading) this.#quiet.hold();
    this.#cancelTimer();
    let known = false;
    try {
      const result = await work();
      known = caughtUp(result);
      return result;
    } finally {
      this.#cancelTimer();
      const rescan = this.#quiet.end(known);
      if (rescan) await this.refresh();
      else if (!this.#quiet.active) this.#caughtUp();
    }
  }

  #cancelTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The state holds the publish: the mapping as it left it is the one the tree shows (its late events are ours). */
  #caughtUp(): void {
    const resolved = this.config.current;
    if (resolved) this.#mappingStamp = nodeFileSystem.stat(path.join(resolved.root, resolved.config.mappingFile));
    this.logger.info('Docs tree: the publish report brought every page it wrote up to date (no rescan).');
  }

  /** Watches the docs root and the mapping file of the configuration now (again when it changes). */
  #watch(): void {
    const resolved = this.config.current;
    const key = resolved ? JSON.stringify([resolved.root, resolved.config.docsRoot, resolved.config.mappingFile]) : '';
    if (key === this.#watchKey) return;
    this.#watchKey = key;
    disposeAll(this.#watchers.splice(0));
    if (!resolved) return;
    const { root, config } = resolved;
    const docsGlob = config.docsRoot === '.' ? '**/*' : `${config.docsRoot.replace(/\/+$/, '')}/**/*`;
    for (const glob of [docsGlob, config.mappingFile]) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, glob));
      const on = (uri: vscode.Uri): void => this.#fileEvent(uri.fsPath);
      this.#watchers.push(w, w.onDidCreate(on), w.onDidChange(on), w.onDidDelete(on));
    }
  }

  #fileEvent(file: string): void {
    const resolved = this.config.current;
    if (!resolved || !this.#started) return;
    const kind = classifyEvent({ root: resolved.root, docsRoot: resolved.config.docsRoot, mappingFile: resolved.config.mappingFile }, file);
    if (kind === 'none') return;
    // While a publish writes, the mapping file's events are its own saves; anything else is held for its end.
    if (kind === 'mapping' && (this.#quiet.active || sameStamp(this.#mappingStamp, nodeFileSystem.stat(file)))) return;
    this.schedule();
  }

  /** Debounced refresh (bursts of saves or file events become one rescan; during a publish, one at its end). */
  schedule(delay = 300): void {
    if (!this.#started || this.#quiet.hold()) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.refresh({ automatic: true });
    }, delay);
  }

  /**
   * Reads the docs tree now. `automatic` (startup, file events, sign-in changes): skipped while the tree is not shown
   * (not configured, not signed in); a command's or a publish's refresh always reads.
   */
  async refresh(options: { automatic?: boolean } = {}): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      if (!options.automatic) this.#againExplicit = true;
      return this.#loading;
    }
    this.#cancelTimer();
    const load = this.#load(Boolean(options.automatic));
    // The view's own progress indicator (the thin bar under its title) while the documents are read and scanned.
    void vscode.window.withProgress({ location: { viewId: Views.docs } }, () => load.catch(() => undefined));
    this.#loading = load.finally(() => {
      this.#loading = undefined;
      if (this.#again) {
        const automatic = !this.#againExplicit;
        this.#again = false;
        this.#againExplicit = false;
        void this.refresh({ automatic });
      }
    });
    return this.#loading;
  }

  async #load(automatic: boolean): Promise<void> {
    const resolved = this.config.current;
    if (!resolved) {
      this.state.setLocal({ docs: [], docsRoot: '.' });
      this.#onDidScanSecrets.fire({ root: '.', blocked: new Map() });
      return;
    }
    // Not configured or not signed in: the welcome view explains; no automatic scan (none until sign-in).
    if (automatic && (!resolved.configured || !this.session.signedIn)) {
      if (!this.state.loaded) this.state.setLocal({ docs: [], docsRoot: resolved.config.docsRoot });
      return;
    }
    this.loads++;
    // A scan during a publish reads a mapping the publish is still writing: the publish's end rescans.
    this.#quiet.hold();
    const { root, config } = resolved;
    try {
      this.#mappingStamp = nodeFileSystem.stat(path.join(root, config.mappingFile));
      // Saved state: the tree shows what a publish of the files on disk would do (it refreshes on save).
      const statuses = await computeLocalStatusAsync(root, config, nodeFileSystem, undefined, { cache: (this.#conversions ??= new ConversionCache({ statFiles: true })), diagrams: this.diagrams });
      const times = this.state.publishTimes;
      // Never waits for the site: page links are known once a client has connected (else on demand).
      const api = this.session.connected;
      const pageUrl = api ? (id: string) => api.pageUrl(id) : undefined;
      const folderPages = new Map<string, DocEntry>();
      const docs: DocEntry[] = [];
      // 10,000 rows: the host gets a turn every slice (issue 13), here and while the state rebuilds the tree.
      const slice = new TimeSlice();
      for (const st of statuses) {
        const entry = toDocEntry(st, times, pageUrl);
        if (st.file.endsWith('/')) folderPages.set(st.file, entry);
        else docs.push(entry);
        if (slice.due) await slice.turn();
      }
      await this.#markSecrets(root, docs, slice);
      await this.state.loadLocal({ docs, folderPages, docsRoot: config.docsRoot });
    } catch (e) {
      const loadError = e instanceof Error ? e.message : String(e);
      this.logger.warn(`Could not read the docs status: ${loadError}`);
      this.state.setLocal({ docs: [], docsRoot: config.docsRoot, loadError });
      this.#onDidScanSecrets.fire({ root, blocked: new Map() });
    }
  }

  /**
   * A document a publish would write (never published, changed) that holds a likely secret is "blocked: secrets"
   * as soon as the scan knows, as the plan will say and as the Problems panel already shows (same scanner, same
   * ignore file). Attachments are the plan's to scan.
   */
  async #markSecrets(root: string, docs: DocEntry[], slice: TimeSlice): Promise<void> {
    let ignore: SecretIgnoreList | undefined;
    try {
      ignore = loadSecretIgnoreFile(root, nodeFileSystem);
    } catch (e) {
      this.logger.warn(`.confluence-secrets-ignore: ${e instanceof Error ? e.message : String(e)}`);
    }
    const seen = new Set<string>();
    const blocked = new Map<string, SecretFinding[]>();
    for (const doc of docs) {
      if (doc.state !== 'new' && doc.state !== 'changed') continue;
      if (slice.due) await slice.turn();
      seen.add(doc.file);
      let text: string;
      try {
        text = nodeFileSystem.readText(path.join(root, doc.file));
      } catch {
        continue;
      }
      let cached = this.#scanned.get(doc.file);
      if (!cached || cached.text !== text) {
        cached = { text, findings: await scanText(text, doc.file, { ignore }).catch(() => []) };
        this.#scanned.set(doc.file, cached);
      }
      if (cached.findings.length) {
        doc.state = 'blocked';
        doc.message = findingsSummary(cached.findings);
        blocked.set(doc.file, cached.findings);
      }
    }
    for (const file of this.#scanned.keys()) if (!seen.has(file)) this.#scanned.delete(file);
    this.#onDidScanSecrets.fire({ root, blocked });
  }
}

/** One offline status row as the tree shows it. */
export function toDocEntry(st: LocalStatus, times: Record<string, string>, pageUrl?: (id: string) => string): DocEntry {
  const pageId = st.entry?.page_id;
  const published = st.entry?.published_at;
  return {
    file: st.file,
    state: st.state,
    title: st.title,
    pageId,
    version: st.entry?.version,
    message: st.message,
    lastPublished: times[st.file] ?? (typeof published === 'string' ? published : undefined),
    url: pageId ? pageUrl?.(pageId) : undefined,
  };
}
