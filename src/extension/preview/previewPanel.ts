import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  conversionOptions, convertMarkdown, flavorOfSiteUrl, previewCss, storageToHtml, workspaceDocumentResolver,
} from '../../core';
import type { ConfigService } from '../config';
import type { OutputChannelLogger } from '../logging';
import { buildPreviewHtml, newNonce } from '../model/previewHtml';
import type { PreviewDiagrams } from '../diagrams/previewDiagrams';
import { Disposable } from '../util/dispose';
import { editorFileSystem } from '../util/editorFileSystem';

/**
 * "Preview as Confluence": one webview beside the editor showing what Confluence will render for the active
 * Markdown document. Updates as the user types (debounced) and follows the active Markdown editor.
 * Strict CSP: no scripts at all; styles by nonce; images only from the extension, the workspace, data: and https:.
 */
export class PreviewManager extends Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #document: vscode.TextDocument | undefined;
  #timer: NodeJS.Timeout | undefined;
  #renders = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly config: ConfigService,
    private readonly logger: OutputChannelLogger,
    /** Diagrams (issue 14): drawn from the render cache, missing ones rendered in the background (then redrawn). */
    private readonly diagrams?: PreviewDiagrams,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.#panel && e.document === this.#document) this.#schedule();
    }));
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (this.#panel && editor?.document.languageId === 'markdown' && editor.document !== this.#document) {
        this.#document = editor.document;
        this.#schedule(0);
      }
    }));
    this._register({ dispose: () => { clearTimeout(this.#timer); this.#panel?.dispose(); } });
  }

  /** How many times the preview was rendered (for tests and the log). */
  get renders(): number {
    return this.#renders;
  }

  show(document: vscode.TextDocument): void {
    this.#document = document;
    if (!this.#panel) {
      const roots = [this.extensionUri, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
      this.#panel = vscode.window.createWebviewPanel('confluence.preview', this.#title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        // Page links open the linked document in the editor; no other command can run from the preview.
        enableCommandUris: ['vscode.open'],
        localResourceRoots: roots,
      });
      this.#panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'confluence.svg');
      this.#panel.onDidDispose(() => {
        this.#panel = undefined;
        this.#document = undefined;
      });
    } else {
      this.#panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.#render();
  }

  #title(): string {
    return vscode.l10n.t('Confluence Preview: {0}', this.#document ? path.basename(this.#document.fileName) : '');
  }

  #schedule(delay = 200): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#render(), delay);
  }

  #render(): void {
    const panel = this.#panel;
    const doc = this.#document;
    if (!panel || !doc) return;
    const resolved = this.config.current;
    const root = resolved?.root ?? path.dirname(doc.fileName);
    const rel = path.relative(root, doc.fileName).split(path.sep).join('/');
    const webview = panel.webview;
    let body: string;
    let title = path.basename(doc.fileName);
    let warnings: string[] = [];
    // The same link targets (titles and heading anchors) and site options as a publish of this workspace.
    const fs = editorFileSystem(() => vscode.workspace.textDocuments);
    const resolveDocument = workspaceDocumentResolver(root, resolved?.config.spaceKey ?? '', { fs });
    try {
      const result = convertMarkdown(doc.getText(), {
        path: rel,
        spaceKey: resolved?.config.spaceKey,
        ...conversionOptions({ flavor: flavorOfSiteUrl(resolved?.config.baseUrl), codeLineNumbers: resolved?.config.codeLineNumbers }),
        resolveDocument,
        diagrams: this.diagrams?.lookup(root, resolved?.config.diagrams),
        readFile: (p) => {
          try {
            return fs.readFile(path.join(root, p));
          } catch {
            return undefined;
          }
        },
      });
      title = result.title;
      if (result.warnings.some((w) => w.code === 'diagram-not-rendered')) this.diagrams?.ensure(root, resolved?.config.diagrams, doc.getText(), () => this.#schedule(0));
      warnings = result.warnings.map((w) => `Line ${w.line}: ${w.message}`);
      const byName = new Map(result.attachments.map((a) => [a.name, a.path]));
      body = storageToHtml(result.storage, {
        pageUrl: (pageTitle) => {
          const file = resolveDocument.byTitle.get(pageTitle);
          return file ? `command:vscode.open?${encodeURIComponent(JSON.stringify([vscode.Uri.file(path.join(root, file))]))}` : undefined;
        },
        commandPageLinks: true,
        attachmentUrl: (name: string) => {
          const p = byName.get(name);
          return p ? webview.asWebviewUri(vscode.Uri.file(path.join(root, p))).toString() : undefined;
        },
      });
    } catch (e) {
      body = `<p class="preview-error">${escapeHtml(this.logger.clean(e instanceof Error ? e.message : String(e)))}</p>`;
    }
    panel.title = this.#title();
    panel.webview.html = buildPreviewHtml({ nonce: newNonce(), cspSource: webview.cspSource, css: previewCss, title, body, warnings });
    this.#renders++;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
