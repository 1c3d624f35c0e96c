/**
 * Diagrams in VS Code: Mermaid rendered in a webview (the extension needs no external browser). mermaid's browser
 * build ships in the .vsix (dist/mermaid/, copied by scripts/build.mjs with its version).
 * - Publish: a panel opened beside the editor without taking focus, closed when the batch is done (PanelHost).
 * - Preview as Confluence: inside the preview's own webview while it is open (PreviewPageHost; mermaid is loaded
 *   into it on the first batch), so editing a diagram opens no tab; the panel only when no preview is attached.
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
  /** The preview's renderers (same ids, same render cache): they render in the preview's webview when attached. */
  previewRenderers: DiagramRenderer[];
  previewHost?: PreviewPageHost;
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

/**
 * Renders in the webview of "Preview as Confluence" while one is attached (its page runs previewDiagramScript), else
 * in a panel. The preview's messages are wrapped as `{ type: 'diagrams', inner }`; when the preview's page (re)loads
 * (it posts `ready`: a new document, or shown again after being hidden) mermaid is loaded into it again and the
 * batch in flight is sent again.
 */
export class PreviewPageHost implements RendererHost {
  #webview: vscode.Webview | undefined;
  readonly #closed = new Set<() => void>();

  constructor(
    private readonly folder: vscode.Uri,
    private readonly fallback: RendererHost,
  ) {}

  /** The preview's webview, while its panel is open. */
  attach(webview: vscode.Webview): void {
    this.#webview = webview;
  }

  /** The preview closed: a batch in flight there fails (core keeps those diagrams as code in this preview). */
  detach(webview: vscode.Webview): void {
    if (this.#webview !== webview) return;
    this.#webview = undefined;
    for (const l of [...this.#closed]) l();
  }

  get attached(): boolean {
    return Boolean(this.#webview);
  }

  open(): RendererPage {
    const webview = this.#webview;
    if (!webview) return this.fallback.open();
    const src = webview.asWebviewUri(vscode.Uri.joinPath(this.folder, 'mermaid.min.js')).toString();
    const load = () => void webview.postMessage({ type: 'diagrams', inner: { type: 'load', src } });
    const subscriptions: vscode.Disposable[] = [];
    let closed: (() => void) | undefined;
    const page: RendererPage = {
      post: (message) => void webview.postMessage({ type: 'diagrams', inner: message }),
      onMessage: (listener) =>
        void subscriptions.push(webview.onDidReceiveMessage((m: { type?: string; inner?: unknown }) => {
          if (m?.type === 'diagrams') listener(m.inner);
          else if (m?.type === 'ready') load();
        })),
      onClosed: (listener) => {
        closed = listener;
        this.#closed.add(listener);
      },
      dispose: () => {
        for (const d of subscriptions.splice(0)) d.dispose();
        if (closed) this.#closed.delete(closed);
      },
    };
    load();
    return page;
  }
}

/** The extension's renderers: Mermaid in a webview when mermaid's build is packaged, else none (code + warning). */
export function extensionDiagrams(extensionUri: vscode.Uri): ExtensionDiagrams {
  const folder = vscode.Uri.joinPath(extensionUri, 'dist', 'mermaid');
  const versionFile = vscode.Uri.joinPath(folder, 'version.json').fsPath;
  const unavailable: Record<string, string> = { math: 'formulas are rendered by the confluence CLI (mathjax-full); the extension publishes them as code' };
  if (!existsSync(versionFile)) return { renderers: [], previewRenderers: [], unavailable: { ...unavailable, mermaid: 'mermaid is not packaged with this build of the extension' } };
  const { version } = JSON.parse(readFileSync(versionFile, 'utf8')) as { version: string };
  const panels = new PanelHost(folder);
  const previewHost = new PreviewPageHost(folder, panels);
  return { renderers: [new WebviewMermaidRenderer(panels, { version })], previewRenderers: [new WebviewMermaidRenderer(previewHost, { version })], previewHost, unavailable };
}
