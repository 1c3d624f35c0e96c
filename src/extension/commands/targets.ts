import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNodeData } from '../model/docTree';

/** A command's target: a workspace-relative path, its file URI and (when the tree knows it) its tree node. */
export interface Target {
  rel: string;
  uri: vscode.Uri;
  node?: TreeNodeData;
}

/** What resolving a command argument needs: the workspace root and the tree's nodes. */
export interface TargetSource {
  /** The workspace root, or undefined when no folder is open. */
  root(): string | undefined;
  node(rel: string): TreeNodeData | undefined;
}

/** Resolves a command argument (tree node, Uri, nothing = active editor) to a workspace-relative path. */
export function resolveTarget(source: TargetSource, arg: unknown): Target | undefined {
  const root = source.root();
  if (!root) return undefined;
  if (arg && typeof arg === 'object' && 'path' in arg && 'kind' in arg && typeof (arg as TreeNodeData).path === 'string') {
    const node = arg as TreeNodeData;
    return { rel: node.path, uri: vscode.Uri.file(path.join(root, node.path)), node };
  }
  let uri: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) uri = arg;
  else uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') return undefined;
  const rel = path.relative(root, uri.fsPath).split(path.sep).join('/');
  if (rel.startsWith('..')) return undefined;
  return { rel, uri, node: source.node(rel) };
}
