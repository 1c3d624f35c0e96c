import * as vscode from 'vscode';
import { likelySecrets } from '../ui/plural';
import { computeLocalStatus, type LocalStatus, nodeFileSystem, type SyncPlan, type SyncReport } from '../../core';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { buildTree, countStates, mergeStates, type DocEntry, type DocState, type RemoteOverlay, type TreeNodeData } from '../model/docTree';
import { reasonForEditor } from '../model/reasons';
import { Disposable } from '../util/dispose';

const PUBLISH_TIMES_KEY = 'confluence.lastPublished';

/**
 * The data behind the tree and the status bar: offline per-file states (computeLocalStatus) + the mapping file +
 * what the last plan/publish said. Refreshes are debounced and triggered by saves, file and mapping changes,
 * settings changes and sign-in changes — never by keystrokes.
 */
export class DocsModel extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.#onDidChange.event;
  #local: DocEntry[] = [];
  #entries: DocEntry[] = [];
  #tree: TreeNodeData[] = [];
  #byPath = new Map<string, TreeNodeData>();
  readonly #overlay = new Map<string, RemoteOverlay>();
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> | undefined;
  #again = false;
  #loadError: string | undefined;

  constructor(
    private readonly config: ConfigService,
    private readonly session: Session,
    private readonly logger: OutputChannelLogger,
    private readonly state: vscode.Memento,
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

  get entries(): readonly DocEntry[] {
    return this.#entries;
  }
  get roots(): readonly TreeNodeData[] {
    return this.#tree;
  }
  get loadError(): string | undefined {
    return this.#loadError;
  }
  get counts(): Record<DocState, number> {
    return countStates(this.#entries);
  }
  node(pathOrId: string): TreeNodeData | undefined {
    return this.#byPath.get(pathOrId);
  }
  entry(file: string): DocEntry | undefined {
    return this.#entries.find((e) => e.file === file);
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

  /** Records what a plan found (conflicts, blocked, errors) so the tree and status bar show it. */
  applyPlan(plan: SyncPlan): void {
    for (const item of plan.items) {
      if (item.kind !== 'document') continue;
      if (item.action === 'conflict') this.#overlay.set(item.file, { state: 'conflict', message: reasonForEditor(item.reason), pageId: item.pageId, version: item.remoteVersion });
      else if (item.action === 'blocked') this.#overlay.set(item.file, { state: 'blocked', message: reasonForEditor(item.reason) ?? likelySecrets(item.findings?.length ?? 0) });
      else if (item.action === 'error') this.#overlay.set(item.file, { state: 'error', message: reasonForEditor(item.reason) });
      else this.#overlay.delete(item.file);
    }
    this.#rebuild();
  }

  /** Records the results of a publish. */
  async applyReport(report: SyncReport): Promise<void> {
    const now = new Date().toISOString();
    const times = { ...this.state.get<Record<string, string>>(PUBLISH_TIMES_KEY, {}) };
    for (const r of report.results) {
      if (r.action === 'created' || r.action === 'updated' || r.action === 'moved') {
        times[r.file] = now;
        this.#overlay.set(r.file, { state: 'in-sync', pageId: r.pageId, version: r.version, url: r.url, at: now });
      } else if (r.action === 'conflict') this.#overlay.set(r.file, { state: 'conflict', message: r.message, pageId: r.pageId });
      else if (r.action === 'blocked') this.#overlay.set(r.file, { state: 'blocked', message: r.message });
      else if (r.action === 'error') this.#overlay.set(r.file, { state: 'error', message: r.message });
    }
    await this.state.update(PUBLISH_TIMES_KEY, times);
    await this.refresh();
  }

  async #load(): Promise<void> {
    const resolved = this.config.current;
    if (!resolved) {
      this.#local = [];
      this.#rebuild();
      return;
    }
    const { root, config } = resolved;
    try {
      // Saved state: the tree shows what a publish of the files on disk would do (it refreshes on save).
      const statuses = computeLocalStatus(root, config, nodeFileSystem);
      const times = this.state.get<Record<string, string>>(PUBLISH_TIMES_KEY, {});
      let pageUrl: ((id: string) => string) | undefined;
      if (this.session.signedIn) {
        try {
          const api = await this.session.api();
          pageUrl = (id) => api.pageUrl(id);
        } catch {
          pageUrl = undefined;
        }
      }
      this.#folderPages.clear();
      const docs: DocEntry[] = [];
      for (const st of statuses) {
        const entry = toDocEntry(st, times, pageUrl);
        if (st.file.endsWith('/')) this.#folderPages.set(st.file, entry);
        else docs.push(entry);
      }
      this.#local = docs;
      this.#loadError = undefined;
    } catch (e) {
      this.#loadError = e instanceof Error ? e.message : String(e);
      this.logger.warn(`Could not read the docs status: ${this.#loadError}`);
      this.#local = [];
    }
    this.#rebuild();
  }

  readonly #folderPages = new Map<string, DocEntry>();

  #rebuild(): void {
    const merged = mergeStates(this.#local, this.#overlay);
    this.#entries = merged;
    const docsRoot = this.config.current?.config.docsRoot ?? '.';
    this.#tree = buildTree(merged, docsRoot, this.#folderPages);
    this.#byPath.clear();
    const walk = (nodes: TreeNodeData[]): void => {
      for (const n of nodes) {
        this.#byPath.set(n.path, n);
        walk(n.children);
      }
    };
    walk(this.#tree);
    this.#onDidChange.fire();
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
