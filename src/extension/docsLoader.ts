import * as vscode from 'vscode';
import { computeLocalStatus, type LocalStatus, nodeFileSystem } from '../core';
import type { Session } from './auth/session';
import type { ConfigService } from './config';
import type { OutputChannelLogger } from './logging';
import type { DocEntry } from './model/docTree';
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
  #again = false;

  constructor(
    private readonly state: SyncState,
    private readonly config: ConfigService,
    private readonly session: Session,
    private readonly logger: OutputChannelLogger,
  ) {
    super();
    this._register(config.onDidChange(() => this.schedule()));
    this._register(session.onDidChange(() => this.schedule()));
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
    this.#loading = this.#load().finally(() => {
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
      const statuses = computeLocalStatus(root, config, nodeFileSystem);
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
      this.state.setLocal({ docs, folderPages, docsRoot: config.docsRoot });
    } catch (e) {
      const loadError = e instanceof Error ? e.message : String(e);
      this.logger.warn(`Could not read the docs status: ${loadError}`);
      this.state.setLocal({ docs: [], docsRoot: config.docsRoot, loadError });
    }
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
