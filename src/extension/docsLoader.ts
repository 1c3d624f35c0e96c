import * as vscode from 'vscode';
import * as path from 'node:path';
import { computeLocalStatusAsync, ConversionCache, loadSecretIgnoreFile, type LocalStatus, nodeFileSystem, scanText, type SecretFinding, type SecretIgnoreList } from '../core';
import type { Session } from './auth/session';
import type { ConfigService } from './config';
import { Views } from './ids';
import type { OutputChannelLogger } from './logging';
import type { DocEntry } from './model/docTree';
import { findingsSummary } from './model/secretNames';
import type { SyncState } from './model/syncState';
import { Disposable } from './util/dispose';

/**
 * Reads the offline per-file states (computeLocalStatus + the mapping file) into the SyncState. Refreshes are
 * debounced and triggered by saves, file and mapping changes, settings changes and sign-in changes — never by
 * keystrokes. It only writes the state; the tree and the status bar observe the state.
 */
export class DocsLoader extends Disposable {
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> | undefined;
  /** Conversions of unchanged documents, kept between refreshes: a refresh converts only what changed. */
  readonly #conversions = new ConversionCache({ statFiles: true });
  #again = false;
  /** Secret findings per file, by the text they were found in (a rescan of an unchanged file costs nothing). */
  readonly #scanned = new Map<string, { text: string; findings: SecretFinding[] }>();

  constructor(
    private readonly state: SyncState,
    private readonly config: ConfigService,
    private readonly session: Session,
    private readonly logger: OutputChannelLogger,
  ) {
    super();
    this._register(config.onDidChange(() => this.schedule()));
    // Right after sign-in the tree fills at once (no debounce), with the view's progress bar meanwhile.
    this._register(session.onDidChange(() => void this.refresh()));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.languageId === 'markdown' || d.fileName.endsWith('.md') || d.fileName.endsWith('.json')) this.schedule();
    }));
    const md = this._register(vscode.workspace.createFileSystemWatcher('**/*.md'));
    this._register(md.onDidCreate(() => this.schedule()));
    this._register(md.onDidDelete(() => this.schedule()));
    this._register(md.onDidChange(() => this.schedule()));
    const mapping = this._register(vscode.workspace.createFileSystemWatcher('**/.confluence-mapping.json'));
    this._register(mapping.onDidChange(() => this.schedule()));
    this._register(mapping.onDidCreate(() => this.schedule()));
    this._register(mapping.onDidDelete(() => this.schedule()));
    const ignore = this._register(vscode.workspace.createFileSystemWatcher('**/.confluence-secrets-ignore'));
    const rescan = (): void => {
      this.#scanned.clear();
      this.schedule();
    };
    this._register(ignore.onDidChange(rescan));
    this._register(ignore.onDidCreate(rescan));
    this._register(ignore.onDidDelete(rescan));
    this._register({ dispose: () => clearTimeout(this.#timer) });
  }

  /** Debounced refresh (bursts of saves or file events become one rescan). */
  schedule(delay = 300): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    const load = this.#load();
    // The view's own progress indicator (the thin bar under its title) while the documents are read and scanned.
    void vscode.window.withProgress({ location: { viewId: Views.docs } }, () => load.catch(() => undefined));
    this.#loading = load.finally(() => {
      this.#loading = undefined;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    const resolved = this.config.current;
    if (!resolved) {
      this.state.setLocal({ docs: [], docsRoot: '.' });
      return;
    }
    const { root, config } = resolved;
    try {
      // Saved state: the tree shows what a publish of the files on disk would do (it refreshes on save).
      const statuses = await computeLocalStatusAsync(root, config, nodeFileSystem, undefined, { cache: this.#conversions });
      const times = this.state.publishTimes;
      let pageUrl: ((id: string) => string) | undefined;
      if (this.session.signedIn) {
        try {
          const api = await this.session.api();
          pageUrl = (id) => api.pageUrl(id);
        } catch {
          pageUrl = undefined;
        }
      }
      const folderPages = new Map<string, DocEntry>();
      const docs: DocEntry[] = [];
      for (const st of statuses) {
        const entry = toDocEntry(st, times, pageUrl);
        if (st.file.endsWith('/')) folderPages.set(st.file, entry);
        else docs.push(entry);
      }
      await this.#markSecrets(root, docs);
      this.state.setLocal({ docs, folderPages, docsRoot: config.docsRoot });
    } catch (e) {
      const loadError = e instanceof Error ? e.message : String(e);
      this.logger.warn(`Could not read the docs status: ${loadError}`);
      this.state.setLocal({ docs: [], docsRoot: config.docsRoot, loadError });
    }
  }

  /**
   * A document a publish would write (never published, changed) that holds a likely secret is "blocked: secrets"
   * as soon as the scan knows, as the plan will say and as the Problems panel already shows (same scanner, same
   * ignore file). Attachments are the plan's to scan.
   */
  async #markSecrets(root: string, docs: DocEntry[]): Promise<void> {
    let ignore: SecretIgnoreList | undefined;
    try {
      ignore = loadSecretIgnoreFile(root, nodeFileSystem);
    } catch (e) {
      this.logger.warn(`.confluence-secrets-ignore: ${e instanceof Error ? e.message : String(e)}`);
    }
    const seen = new Set<string>();
    for (const doc of docs) {
      if (doc.state !== 'new' && doc.state !== 'changed') continue;
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
      }
    }
    for (const file of this.#scanned.keys()) if (!seen.has(file)) this.#scanned.delete(file);
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
