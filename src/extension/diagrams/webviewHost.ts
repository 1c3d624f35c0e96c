/**
 * Diagrams in VS Code: Mermaid rendered in a webview panel opened beside the editor without taking focus (the
 * extension needs no external browser), closed when the batch is done. mermaid's browser build ships in the .vsix
 * (dist/mermaid/, copied by scripts/build.mjs with its version).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DiagramRenderer } from '../../core';
import { rendererPageHtml } from './pageScript';
import { WebviewMermaidRenderer, type RendererHost, type RendererPage } from './webviewRenderer';

export interface ExtensionDiagrams {
  renderers: DiagramRenderer[];
  unavailable: Record<string, string>;
}

class PanelHost implements RendererHost {
  constructor(private readonly folder: vscode.Uri) {}

  open(): RendererPage {
    const panel = vscode.window.createWebviewPanel(
      'confluence.diagramRenderer',
      'Confluence: rendering diagrams',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [this.folder], retainContextWhenHidden: true },
    );
    const nonce = randomBytes(16).toString('base64');
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.folder, 'mermaid.min.js')).toString();
    let disposed = false;
    const closedListeners: Array<() => void> = [];
    panel.onDidDispose(() => {
      if (!disposed) for (const l of closedListeners) l();
      disposed = true;
    });
    const page: RendererPage = {
      post: (message) => void panel.webview.postMessage(message),
      onMessage: (listener) => void panel.webview.onDidReceiveMessage(listener),
      onClosed: (listener) => void closedListeners.push(listener),
      dispose: () => {
        if (disposed) return;
        disposed = true;
        panel.dispose();
      },
    };
    panel.webview.html = rendererPageHtml(script, panel.webview.cspSource, nonce);
    return page;
  }
}

/** The extension's renderers: Mermaid in a webview when mermaid's build is packaged, else none (code + warning). */
export function extensionDiagrams(extensionUri: vscode.Uri): ExtensionDiagrams {
  const folder = vscode.Uri.joinPath(extensionUri, 'dist', 'mermaid');
  const versionFile = vscode.Uri.joinPath(folder, 'version.json').fsPath;
  const unavailable: Record<string, string> = { math: 'formulas are rendered by the confluence CLI (mathjax-full); the extension publishes them as code' };
  if (!existsSync(versionFile)) return { renderers: [], unavailable: { ...unavailable, mermaid: 'mermaid is not packaged with this build of the extension' } };
  const { version } = JSON.parse(readFileSync(versionFile, 'utf8')) as { version: string };
  return { renderers: [new WebviewMermaidRenderer(new PanelHost(folder), { version })], unavailable };
}
