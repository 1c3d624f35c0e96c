import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialStore } from '../auth/credentialStore';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import type { OutputChannelLogger } from '../logging';
import type { TreeNodeData } from '../model/docTree';
import type { PreviewManager } from '../preview/previewPanel';
import type { Publisher } from '../publish/publisher';
import type { StatusBarController } from '../statusBar';
import type { DocsModel } from '../tree/docsModel';
import type { DocsTreeProvider } from '../tree/docsTreeProvider';

/** What commands may use; built once in extension.ts. */
export interface Services {
  config: ConfigService;
  store: CredentialStore;
  session: Session;
  logger: OutputChannelLogger;
  model: DocsModel;
  tree: DocsTreeProvider;
  statusBar: StatusBarController;
  publisher: Publisher;
  preview: PreviewManager;
  diagnostics: DiagnosticsController;
}

/** Resolves a command argument (tree node, Uri, nothing = active editor) to a workspace-relative path. */
export function targetPath(services: Services, arg: unknown): { rel: string; uri: vscode.Uri; node?: TreeNodeData } | undefined {
  const root = services.config.current?.root;
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
  return { rel, uri, node: services.model.node(rel) };
}
