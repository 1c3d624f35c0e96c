import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  AttachmentGuard, conversionOptions, convertMarkdown, type DiagramLookup, type DocumentDiagnostic, type FileSystem, flavorOfSiteUrl,
  loadSecretIgnoreFile, scanText, type SecretFinding, type SecretIgnoreList, workspaceDocumentResolver,
} from '../../core';
import type { ConfigService } from '../config';
import { Settings } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { secretName } from '../model/secretNames';
import { Disposable } from '../util/dispose';
import type { PreviewDiagrams } from '../diagrams/previewDiagrams';
import { editorFileSystem } from '../util/editorFileSystem';

const SOURCE = 'Confluence';

/**
 * Problems-panel entries while editing Markdown: links to missing documents or anchors, missing images,
 * constructs that will not survive conversion (converter warnings), and likely secrets.
 * Incremental: only the changed document is re-checked, debounced per document; a newer edit cancels an older check.
 */
export class DiagnosticsController extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('confluence'));
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #generation = new Map<string, number>();
  #ignore: SecretIgnoreList | null | undefined;

  constructor(
    private readonly config: ConfigService,
    private readonly logger: OutputChannelLogger,
    /** Diagrams (issue 14): a syntax error the renderer found (render cache) is a diagnostic on the diagram's line. */
    private readonly diagrams?: PreviewDiagrams,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      this.collection.delete(d.uri);
      clearTimeout(this.#timers.get(d.uri.toString()));
    }));
    this._register(config.onDidChange(() => {
      this.#ignore = undefined;
      this.recheckAll();
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.diagnostics`)) this.recheckAll();
    }));
    const ignoreWatcher = this._register(vscode.workspace.createFileSystemWatcher('**/.confluence-secrets-ignore'));
    const reset = (): void => {
      this.#ignore = undefined;
      this.recheckAll();
    };
    this._register(ignoreWatcher.onDidChange(reset));
    this._register(ignoreWatcher.onDidCreate(reset));
    this._register(ignoreWatcher.onDidDelete(reset));
    this._register({ dispose: () => this.#timers.forEach((t) => clearTimeout(t)) });
    this.recheckAll();
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.diagnosticsEnabled, true);
  }

  recheckAll(): void {
    if (!this.enabled) {
      this.collection.clear();
      return;
    }
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  schedule(doc: vscode.TextDocument, delay = 400): void {
    if (doc.languageId !== 'markdown' || doc.uri.scheme !== 'file') return;
    const key = doc.uri.toString();
    clearTimeout(this.#timers.get(key));
    this.#timers.set(key, setTimeout(() => void this.check(doc), delay));
  }

  /** Checks one document now and publishes its diagnostics. Returns them (tests, Scan for Secrets). */
  async check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const key = doc.uri.toString();
    this.#timers.delete(key);
    if (!this.enabled || doc.isClosed) {
      this.collection.delete(doc.uri);
      return [];
    }
    const generation = (this.#generation.get(key) ?? 0) + 1;
    this.#generation.set(key, generation);
    const text = doc.getText();
    const version = doc.version;
    const root = this.config.current?.root ?? vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.fileName);
    const rel = path.relative(root, doc.fileName).split(path.sep).join('/');
    const out: vscode.Diagnostic[] = [];
    try {
      const site = this.config.current?.config;
      for (const w of convertDiagnostics(text, rel, root, editorFileSystem(() => vscode.workspace.textDocuments), site?.baseUrl, site?.spaceKey, this.diagrams?.lookup(root, site?.diagrams))) out.push(toDiagnostic(w, doc));
    } catch (e) {
      this.logger.debug(`Diagnostics: converting ${rel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      const findings = await scanText(text, rel, { ignore: this.#ignoreFile(root) });
      const docsRoot = this.config.current?.config.docsRoot ?? '.';
      const published = docsRoot === '.' || rel.startsWith(`${docsRoot.replace(/\/+$/, '')}/`);
      for (const f of findings) out.push(secretDiagnostic(f, doc, published));
    } catch (e) {
      this.logger.debug(`Diagnostics: secret scan of ${rel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A newer check started, or the document changed meanwhile: drop this result.
    if (this.#generation.get(key) !== generation || doc.version !== version || doc.isClosed) return out;
    this.collection.set(doc.uri, out);
    return out;
  }

  #ignoreFile(root: string): SecretIgnoreList | undefined {
    if (this.#ignore === undefined) {
      try {
        this.#ignore = loadSecretIgnoreFile(root, editorFileSystem(() => vscode.workspace.textDocuments));
      } catch (e) {
        this.logger.warn(`.confluence-secrets-ignore: ${e instanceof Error ? e.message : String(e)}`);
        this.#ignore = null;
      }
    }
    return this.#ignore ?? undefined;
  }
}

/**
 * Converter warnings for a document, with links, heading anchors of linked documents and images checked against the
 * workspace, under the same site options as a publish (so Data Center-only warnings show too).
 */
export function convertDiagnostics(text: string, rel: string, root: string, fs: FileSystem, baseUrl?: string, spaceKey = '', diagrams?: DiagramLookup): DocumentDiagnostic[] {
  // The publish's attachment policy, minus git (this runs on every edit): refused links show in Problems.
  const guard = new AttachmentGuard({ root, git: false, fs });
  const result = convertMarkdown(text, {
    path: rel,
    spaceKey,
    ...conversionOptions({ flavor: flavorOfSiteUrl(baseUrl) }),
    resolveDocument: workspaceDocumentResolver(root, spaceKey, { fs }),
    readFile: guard.read,
    checkAttachment: guard.refusal,
    diagrams,
  });
  // with a renderer, a diagram not rendered yet will be at publish (or by the preview): not a problem of the file
  return diagrams ? result.warnings.filter((w) => !(w.code === 'diagram-not-rendered' && /renderer did not render it$/.test(w.message))) : result.warnings;
}

function toDiagnostic(w: DocumentDiagnostic, doc: vscode.TextDocument): vscode.Diagnostic {
  const line = Math.min(Math.max(0, w.line - 1), Math.max(0, doc.lineCount - 1));
  const textLine = doc.lineAt(line);
  const range = w.column
    ? new vscode.Range(line, w.column - 1, line, textLine.range.end.character)
    : new vscode.Range(line, textLine.firstNonWhitespaceCharacterIndex, line, textLine.range.end.character);
  const severity = w.severity === 'error' ? vscode.DiagnosticSeverity.Error : w.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
  const d = new vscode.Diagnostic(range, w.message, severity);
  d.source = SOURCE;
  d.code = w.code;
  return d;
}

/**
 * A likely secret: an Error in a document of the docs tree (a publish blocks it), a Warning elsewhere. Named for
 * people ("GitHub token"), never by rule id; the fingerprint is what the ignore file needs.
 */
function secretDiagnostic(f: SecretFinding, doc: vscode.TextDocument, blocksPublish: boolean): vscode.Diagnostic {
  const line = Math.min(Math.max(0, f.line - 1), Math.max(0, doc.lineCount - 1));
  const end = doc.lineAt(line).range.end.character;
  const start = Math.min(Math.max(0, f.column - 1), end);
  const what = `Likely secret: ${secretName(f.rule)}.`;
  const message = blocksPublish
    ? `${what} This document is blocked from publishing: remove it, or if it is not a secret add ${f.fingerprint} to .confluence-secrets-ignore.`
    : `${what} Remove it, or if it is not a secret add ${f.fingerprint} to .confluence-secrets-ignore.`;
  const d = new vscode.Diagnostic(
    new vscode.Range(line, start, line, Math.max(start + 1, Math.min(end, start + Math.max(8, f.preview.length)))),
    message,
    blocksPublish ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = SOURCE;
  d.code = 'likely-secret';
  return d;
}
