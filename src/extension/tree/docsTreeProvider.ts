import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigService } from '../config';
import type { ContextKeyService } from '../context';
import { ContextKeys, Views } from '../ids';
import { countsBelow, type TreeNodeData } from '../model/docTree';
import { accessibleLabel, badgeCount, breakdown, folderDescription, siteLook, STATE_LOOK, stateWord } from '../model/stateWords';
import type { Session } from '../auth/session';
import { Disposable } from '../util/dispose';
import type { SyncState } from '../model/syncState';

const t = vscode.l10n.t;

/**
 * Maps the SyncState's documents to a TreeView (it observes the state; nobody pushes into it). Shows nothing (so the
 * welcome view explains) until configured and signed in.
 */
export class DocsTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNodeData> {
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<TreeNodeData | TreeNodeData[] | undefined>());
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly view: vscode.TreeView<TreeNodeData>;

  constructor(
    private readonly state: SyncState,
    private readonly session: Session,
    private readonly config: ConfigService,
    private readonly context: ContextKeyService,
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView(Views.docs, { treeDataProvider: this, showCollapseAll: true }));
    this._register(state.onDidChange((part) => {
      if (part === 'docs') this.#changed(state.changedNodes);
      else if (part === 'site') this.#siteChanged();
    }));
    this._register(session.onDidChange(() => this.#changed('all')));
    this._register({ dispose: () => clearTimeout(this.#slowCheck) });
  }

  #visible(): boolean {
    return Boolean(this.config.current?.configured && this.session.signedIn);
  }

  #slowCheck: NodeJS.Timeout | undefined;
  #checkingLong = false;

  /**
   * The remote state in the view's description (the word; the status bar adds the icon): checking…, offline; and a
   * line above the tree when offline, or when a check takes more than a second (no flash at every startup).
   */
  #siteChanged(): void {
    const visible = this.#visible();
    const look = siteLook(this.state.site);
    this.view.description = visible && look ? look.word : undefined;
    clearTimeout(this.#slowCheck);
    this.#checkingLong = false;
    if (this.state.site === 'checking') {
      this.#slowCheck = setTimeout(() => {
        this.#checkingLong = true;
        this.#message();
      }, 1_000);
    }
    this.#message();
  }

  #message(): void {
    const visible = this.#visible();
    const site = this.state.site;
    const slow = site === 'checking' && this.#checkingLong;
    this.view.message = !visible
      ? undefined
      : this.state.loadError
        ? this.state.loadError
        : site === 'offline'
          ? t('Confluence is offline (no answer): the states shown are the local ones, from the files and the mapping file.')
          : slow
            ? t('Checking Confluence…')
            : undefined;
  }

  /** Refreshes only what changed (each listed node with its subtree); the whole tree when the roots changed. */
  #changed(nodes: readonly TreeNodeData[] | 'all'): void {
    const visible = this.#visible();
    // Not "no documents" before the first scan has been read (the view's progress bar shows meanwhile).
    this.context.set(ContextKeys.empty, visible && this.state.loaded && this.state.roots.length === 0);
    const look = siteLook(this.state.site);
    this.view.description = visible && look ? look.word : undefined;
    // The badge counts every document that needs the user (to resolve + to publish), as the status bar does.
    const badge = visible ? badgeCount(this.state.counts) : undefined;
    this.view.badge = badge ? { value: badge, tooltip: breakdown(this.state.counts).join(', ') } : undefined;
    this.#message();
    if (nodes === 'all') this.#onDidChangeTreeData.fire(undefined);
    else if (nodes.length) this.#onDidChangeTreeData.fire([...nodes]);
  }

  getChildren(element?: TreeNodeData): TreeNodeData[] {
    if (!element) return this.#visible() ? [...this.state.roots] : [];
    return element.children;
  }

  getParent(element: TreeNodeData): TreeNodeData | undefined {
    return element.parent;
  }

  getTreeItem(node: TreeNodeData): vscode.TreeItem {
    const root = this.config.current?.root ?? '';
    const label = node.entry?.title || node.name;
    // A large tree opens with its deeper folders collapsed: only what is shown is built (SyncState.startsExpanded).
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    const item = new vscode.TreeItem(label, node.kind === 'folder' ? (this.state.startsExpanded(node) ? Expanded : Collapsed) : None);
    item.id = node.id;
    const look = STATE_LOOK[node.state];
    item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
    const file = node.entry?.file ?? node.path;
    item.resourceUri = vscode.Uri.file(path.join(root, file));
    if (node.kind === 'folder') {
      item.description = folderDescription(node.state, countsBelow(node));
    } else {
      item.description = stateWord(node.state) + (node.entry?.title && node.entry.title !== node.name ? ` · ${node.name}` : '');
    }
    if (!file.endsWith('/')) item.command = { command: 'vscode.open', title: t('Open'), arguments: [item.resourceUri] };
    const mapped = Boolean(node.entry?.pageId);
    item.contextValue = `confluence.${node.kind}.${mapped ? 'mapped' : 'unmapped'}.${node.state}`;
    item.accessibilityInformation = { label: accessibleLabel(label, item.description, node.kind) };
    return item;
  }

  /** The tooltip, built only when VS Code shows it (hover), never for every item up front. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNodeData): vscode.TreeItem {
    item.tooltip = this.#tooltip(node, typeof item.description === 'string' ? item.description : '');
    return item;
  }

  /** Plain text (no Markdown: paths must not show escaping backslashes); the page link is in the item's menu. */
  #tooltip(node: TreeNodeData, description: string): string {
    const e = node.entry;
    const url = e?.url ?? (e?.pageId ? this.session.connected?.pageUrl(e.pageId) : undefined);
    const lines = [e?.title ?? node.name, `${e?.file ?? node.path} — ${description}`];
    if (e?.message) lines.push(e.message);
    lines.push('');
    lines.push(`${t('Page id')}: ${e?.pageId ?? t('not published yet')}`);
    lines.push(`${t('Version')}: ${e?.version ?? '—'}`);
    lines.push(`${t('Last published')}: ${e?.lastPublished ? new Date(e.lastPublished).toLocaleString() : '—'}`);
    if (url) lines.push(url);
    return lines.join('\n');
  }

  async reveal(file: string): Promise<void> {
    const node = this.state.node(file);
    if (node) await this.view.reveal(node, { select: true, focus: false, expand: true });
  }
}
