import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigService } from '../config';
import type { ContextKeyService } from '../context';
import { ContextKeys, Views } from '../ids';
import { describeState, type DocState, type TreeNodeData } from '../model/docTree';
import type { Session } from '../auth/session';
import { Disposable } from '../util/dispose';
import type { SyncState } from '../model/syncState';

const t = vscode.l10n.t;

/** Icon and colour per document state (a new state, e.g. one a pull feature adds, gets its row here and in describeState). */
const ICONS: Record<DocState, [string, string | undefined]> = {
  'in-sync': ['pass', 'testing.iconPassed'],
  changed: ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  new: ['diff-added', 'gitDecoration.untrackedResourceForeground'],
  conflict: ['git-merge', 'list.warningForeground'],
  blocked: ['shield', 'list.errorForeground'],
  error: ['error', 'list.errorForeground'],
  excluded: ['circle-slash', 'disabledForeground'],
  'changed-remotely': ['cloud-download', 'gitDecoration.modifiedResourceForeground'],
  'deleted-remotely': ['trash', 'gitDecoration.deletedResourceForeground'],
};

/**
 * Maps the SyncState's documents to a TreeView (it observes the state; nobody pushes into it). Shows nothing (so the
 * welcome view explains) until configured and signed in.
 */
export class DocsTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNodeData> {
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<TreeNodeData | undefined>());
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
      if (part === 'docs') this.#changed();
    }));
    this._register(session.onDidChange(() => this.#changed()));
  }

  #visible(): boolean {
    return Boolean(this.config.current?.configured && this.session.signedIn);
  }

  #changed(): void {
    const visible = this.#visible();
    this.context.set(ContextKeys.empty, visible && this.state.roots.length === 0);
    const c = this.state.counts;
    const pending = c.changed + c.new;
    this.view.badge = visible && pending + c.conflict + c.error > 0
      ? { value: pending + c.conflict + c.error, tooltip: t('{0} documents to publish or fix', pending + c.conflict + c.error) }
      : undefined;
    this.view.message = visible && this.state.loadError ? this.state.loadError : undefined;
    this.#onDidChangeTreeData.fire(undefined);
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
    const item = new vscode.TreeItem(
      node.kind === 'doc' ? node.entry?.title || node.name : node.entry?.title || node.name,
      node.kind === 'folder' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    const [icon, color] = ICONS[node.state];
    const mapped = Boolean(node.entry?.pageId);
    if (node.kind === 'folder') {
      item.iconPath = new vscode.ThemeIcon(node.state === 'in-sync' ? 'library' : icon, color ? new vscode.ThemeColor(color) : undefined);
      const pending = (node.counts.changed ?? 0) + (node.counts.new ?? 0);
      item.description = pending && node.state !== 'conflict' && node.state !== 'error' && node.state !== 'blocked'
        ? t('{0} to publish', pending)
        : describeState(node.state);
      item.resourceUri = vscode.Uri.file(path.join(root, node.path));
    } else {
      item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
      item.description = describeState(node.state) + (node.entry?.title && node.entry.title !== node.name ? ` · ${node.name}` : '');
      item.resourceUri = vscode.Uri.file(path.join(root, node.path));
      item.command = { command: 'vscode.open', title: t('Open'), arguments: [item.resourceUri] };
    }
    item.tooltip = this.#tooltip(node);
    item.contextValue = `confluence.${node.kind}.${mapped ? 'mapped' : 'unmapped'}.${node.state}`;
    item.accessibilityInformation = { label: `${item.label as string}, ${describeState(node.state)}` };
    return item;
  }

  #tooltip(node: TreeNodeData): vscode.MarkdownString {
    const e = node.entry;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(e?.title ?? node.name)}**\n\n`);
    md.appendMarkdown(`\`${escape(node.path)}\` — ${escape(describeState(node.state))}\n\n`);
    if (e?.message) md.appendMarkdown(`${escape(e.message)}\n\n`);
    md.appendMarkdown(`- ${t('Page id')}: ${e?.pageId ? `\`${e.pageId}\`` : t('not published yet')}\n`);
    md.appendMarkdown(`- ${t('Version')}: ${e?.version ?? '—'}\n`);
    md.appendMarkdown(`- ${t('Last published')}: ${e?.lastPublished ? new Date(e.lastPublished).toLocaleString() : '—'}\n`);
    if (e?.url) md.appendMarkdown(`\n[${t('Open in Confluence')}](${e.url})`);
    return md;
  }

  async reveal(file: string): Promise<void> {
    const node = this.state.node(file);
    if (node) await this.view.reveal(node, { select: true, focus: false, expand: true });
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
