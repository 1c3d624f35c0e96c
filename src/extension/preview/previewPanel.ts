import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DIAGRAM_CACHE_DIR, type DiagramConfig, previewCss } from '../../core';
import type { ConfigService } from '../config';
import { editorJob } from '../editorWork/editorJobOf';
import type { PreviewResult } from '../editorWork/editorJobs';
import { OPEN_PLACEHOLDER, RESOURCE_PLACEHOLDER } from '../editorWork/placeholders';
import type { EditorWorkClient } from '../editorWork/editorWorker';
import type { OutputChannelLogger } from '../logging';
import { BLOCK_MARK, blockPatch, buildPreviewHtml, newNonce, previewWarningsHtml } from '../model/previewHtml';
import type { PreviewDiagrams } from '../diagrams/previewDiagrams';
import { previewDiagramScript } from '../diagrams/pageScript';
import { withDiagramWidths } from '../diagrams/diagramSize';
import type { PreviewPageHost } from '../diagrams/webviewHost';
import { Disposable } from '../util/dispose';
import { tracePreview as trace } from '../util/previewTrace';

/**
 * Milliseconds after a keystroke before the preview is rendered again: none (the next turn of the event loop). A
 * keystroke in a large page costs the worker milliseconds (previewSections.ts), and a render asked for while one
 * runs replaces the waiting one (EditorWorkClient), so renders never pile up behind typing.
 */
const TYPING_DELAY = 0;
/** Milliseconds without typing before missing diagrams are rendered (a diagram half typed is not worth a render). */
const DIAGRAM_DELAY = 400;
/** Pages with more top-level blocks than this are laid out lazily in the webview (`content-visibility`). */
const LONG_PAGE_BLOCKS = 1000;

/**
 * "Preview as Confluence": one webview beside the editor showing what Confluence will render for the active
 * Markdown document. Follows the active Markdown editor and the typing in it. The page is converted in
 * the editor worker thread (linked files read once, until they change), and after the first page only the top-level
 * blocks that changed are posted to the webview (media/preview.js swaps them; the scroll position stays).
 * Strict CSP: only the preview's own script, by nonce; styles by nonce; images only from the extension, the workspace,
 * data: and https:.
 */
export class PreviewManager extends Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #document: vscode.TextDocument | undefined;
  #timer: NodeJS.Timeout | undefined;
  #diagramTimer: NodeJS.Timeout | undefined;
  #lastEditAt = 0;
  #renders = 0;
  /** The document the webview's HTML was made for, and what the webview shows now (once its script said ready). */
  #htmlFor: vscode.TextDocument | undefined;
  #htmlBlocks: string[] = [];
  #shown: string[] | undefined;
  #latest: { blocks: string[]; title: string; warnings: string[] } | undefined;
  /** The document whose blocks `#latest` holds as the worker last answered them (its next answer is a patch of them). */
  #baseFor: vscode.TextDocument | undefined;
  #applied: PreviewResult | undefined;
  #version = 0;
  /** Widths of rendered diagrams by content hash (their SVGs say width="100%"). */
  readonly #diagramWidths = new Map<string, number | undefined>();
  /** The webview URL of each placeholder met (a 1 MB page links the same few files thousands of times); per panel. */
  readonly #urls = new Map<string, string>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly config: ConfigService,
    private readonly logger: OutputChannelLogger,
    private readonly work: EditorWorkClient,
    /** Diagrams (issue 14): drawn from the render cache, missing ones rendered in the background (then redrawn). */
    private readonly diagrams?: PreviewDiagrams,
    /** Missing diagrams render in this preview's own webview (no renderer tab opens while editing). */
    private readonly diagramHost?: PreviewPageHost,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.#panel && e.document === this.#document && e.contentChanges.length) {
        trace('change', { version: e.document.version });
        this.#lastEditAt = Date.now();
        this.#schedule();
      }
    }));
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (this.#panel && editor?.document.languageId === 'markdown' && editor.document !== this.#document) {
        this.#document = editor.document;
        this.#schedule(0);
      }
    }));
    this._register({ dispose: () => { clearTimeout(this.#timer); clearTimeout(this.#diagramTimer); this.#panel?.dispose(); } });
  }

  /** How many times the preview was rendered (for tests and the log). */
  get renders(): number {
    return this.#renders;
  }

  show(document: vscode.TextDocument): void {
    this.#document = document;
    if (!this.#panel) {
      const roots = [this.extensionUri, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
      const panel = vscode.window.createWebviewPanel('confluence.preview', this.#title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        // Page links open the linked document in the editor; no other command can run from the preview.
        enableCommandUris: ['vscode.open'],
        localResourceRoots: roots,
      });
      this.#panel = panel;
      this.diagramHost?.attach(panel.webview);
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'confluence.svg');
      panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        // The script (re)started on the HTML last set: it shows those blocks; bring it up to date.
        if (m?.type === 'ready' && this.#panel === panel) {
          this.#shown = this.#htmlBlocks;
          this.#push();
        }
      });
      panel.onDidDispose(() => {
        this.diagramHost?.detach(panel.webview);
        this.diagrams?.reset();
        this.#urls.clear();
        this.#panel = undefined;
        this.#document = undefined;
        this.#htmlFor = undefined;
        this.#shown = undefined;
        this.#baseFor = undefined;
        this.#latest = undefined;
      });
    } else {
      this.#panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.#schedule(0);
  }

  #title(): string {
    return vscode.l10n.t('Confluence Preview: {0}', this.#document ? path.basename(this.#document.fileName) : '');
  }

  #schedule(delay = TYPING_DELAY): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#render(), delay);
  }

  async #render(): Promise<void> {
    const doc = this.#document;
    if (!this.#panel || !doc) return;
    const resolved = this.config.current;
    const root = resolved?.root ?? path.dirname(doc.fileName);
    let result: PreviewResult | undefined;
    const fresh = this.#baseFor !== doc || !this.#latest;
    trace('render', { version: doc.version });
    try {
      const diagrams = this.diagrams?.jobInfo(resolved?.config.diagrams);
      result = await this.work.run('preview', doc.uri.toString(), { ...editorJob(doc, root, resolved?.config, diagrams), incremental: { key: doc.uri.toString(), fresh } });
      if (result?.diagramsPending) this.#renderDiagrams(doc, root, resolved?.config.diagrams);
    } catch (e) {
      result = { title: path.basename(doc.fileName), warnings: [], blocks: [], error: e instanceof Error ? e.message : String(e) };
    }
    // Two renders asked for while one ran share the newer answer: apply it once.
    if (!result || result === this.#applied) return;
    trace('answer', { version: doc.version });
    this.#applied = result;
    const panel = this.#panel;
    if (!panel || doc !== this.#document) {
      this.#baseFor = undefined;
      return;
    }
    const webview = panel.webview;
    let blocks: string[];
    /** The worker's patch, when it is one of what the webview shows (then nothing needs comparing here). */
    let known: { start: number; deleteCount: number; blocks: string[] } | undefined;
    if (result.error) {
      blocks = [`<p class="preview-error">${escapeHtml(this.logger.clean(result.error))}</p>`];
      this.#baseFor = undefined;
    } else if (result.patch && (this.#baseFor !== doc || !this.#latest)) {
      // A patch of blocks this side no longer holds: ask for the whole page.
      this.#baseFor = undefined;
      this.#schedule(0);
      return;
    } else {
      const changed = result.blocks.map((b) => withUrls(withDiagramWidths(b, (hash) => readSvg(root, hash), this.#diagramWidths), root, webview, this.#urls));
      blocks = result.patch ? [...this.#latest!.blocks] : [];
      blocks.splice(result.patch?.start ?? 0, result.patch?.deleteCount ?? 0, ...changed);
      if (result.patch && this.#shown && this.#shown === this.#latest?.blocks) known = { ...result.patch, blocks: changed };
      this.#baseFor = doc;
    }
    this.#latest = { blocks, title: result.title, warnings: result.warnings };
    panel.title = this.#title();
    if (this.#htmlFor !== doc) {
      // Another document (or the first page): a fresh page, scrolled to the top.
      this.#htmlFor = doc;
      this.#htmlBlocks = blocks;
      this.#shown = undefined;
      const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.js')).toString();
      webview.html = buildPreviewHtml({ nonce: newNonce(), cspSource: webview.cspSource, css: previewCss, title: result.title, body: blocks.join(BLOCK_MARK), warnings: result.warnings, script, inlineScript: this.diagramHost && previewDiagramScript(), long: blocks.length > LONG_PAGE_BLOCKS });
    } else {
      this.#push(known);
    }
    this.#renders++;
  }

  /** Renders the diagrams the page lacks, once typing has paused (then the page is drawn again with them). */
  #renderDiagrams(doc: vscode.TextDocument, root: string, config: DiagramConfig | undefined): void {
    clearTimeout(this.#diagramTimer);
    const wait = Math.max(0, this.#lastEditAt + DIAGRAM_DELAY - Date.now());
    this.#diagramTimer = setTimeout(() => {
      if (doc === this.#document && this.#panel) this.diagrams?.ensure(root, config, doc.getText(), () => this.#schedule(0), doc.uri.toString());
    }, wait);
  }

  /**
   * Posts the blocks that changed since what the webview shows (nothing until its script is ready): `known`, or what a
   * comparison of 20,000 blocks of a 1 MB page finds (~20 ms) when the webview is not at the worker's last answer.
   */
  #push(known?: { start: number; deleteCount: number; blocks: string[] }): void {
    const latest = this.#latest;
    if (!this.#panel || !this.#shown || !latest) return;
    const patch = known ?? blockPatch(this.#shown, latest.blocks);
    this.#shown = latest.blocks;
    void this.#panel.webview.postMessage({ type: 'patch', ...patch, title: latest.title, warnings: previewWarningsHtml(latest.warnings), version: ++this.#version });
    trace('posted');
  }
}

/** A rendered diagram's SVG from the render cache (small; read once per diagram). */
function readSvg(root: string, hash: string): string | undefined {
  const file = path.join(root, DIAGRAM_CACHE_DIR, `${hash}.svg`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The worker's placeholders as `vscode.open` links to the linked documents and webview URLs of attachments. */
function withUrls(html: string, root: string, webview: vscode.Webview, urls: Map<string, string>): string {
  if (!html.includes(OPEN_PLACEHOLDER) && !html.includes(RESOURCE_PLACEHOLDER)) return html;
  return html.replace(PLACEHOLDERS, (m, kind: string, enc: string) => {
    const key = `${root}\0${m}`;
    let url = urls.get(key);
    if (url === undefined) {
      const file = vscode.Uri.file(path.join(root, decodeURIComponent(enc)));
      url = kind === OPEN_PLACEHOLDER ? `command:vscode.open?${encodeURIComponent(JSON.stringify([file]))}` : webview.asWebviewUri(file).toString();
      urls.set(key, url);
    }
    return url;
  });
}

const PLACEHOLDERS = new RegExp(`(${escapeRegExp(OPEN_PLACEHOLDER)}|${escapeRegExp(RESOURCE_PLACEHOLDER)})([^"'\\s<>]*)`, 'g');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
