import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DocumentDiagnostic, SecretFinding } from '../../core';
import type { ConfigService } from '../config';
import type { EditorWorkClient } from '../editorWork/editorWorker';
import { editorJob } from '../editorWork/editorJobOf';
import { Settings } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { secretName } from '../model/secretNames';
import type { PreviewDiagrams } from '../diagrams/previewDiagrams';
import { Disposable } from '../util/dispose';

const SOURCE = 'Confluence';

/**
 * Problems-panel entries while editing Markdown: links to missing documents or anchors, missing images,
 * constructs that will not survive conversion (converter warnings), and likely secrets.
 * Incremental: only the changed document is re-checked, 400 ms after its last change; the conversion and the secret
 * scan run in the editor worker thread (typing never waits on them); a newer edit replaces a check not yet started
 * and the result of an older check is dropped.
 */
export class DiagnosticsController extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('confluence'));
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #generation = new Map<string, number>();

  constructor(
    private readonly config: ConfigService,
    private readonly logger: OutputChannelLogger,
    private readonly work: EditorWorkClient,
    /** Diagrams (issue 14): a syntax error the renderer found (render cache) is a diagnostic on the diagram's line. */
    private readonly diagrams?: PreviewDiagrams,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) this.schedule(e.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      this.collection.delete(d.uri);
      clearTimeout(this.#timers.get(d.uri.toString()));
    }));
    this._register(config.onDidChange(() => this.recheckAll()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.diagnostics`)) this.recheckAll();
    }));
    const ignoreWatcher = this._register(vscode.workspace.createFileSystemWatcher('**/.confluence-secrets-ignore'));
    const reset = (): void => {
      this.work.invalidate();
      this.recheckAll();
    };
    this._register(ignoreWatcher.onDidChange(reset));
    this._register(ignoreWatcher.onDidCreate(reset));
    this._register(ignoreWatcher.onDidDelete(reset));
    this._register({ dispose: () => this.#timers.forEach((t) => clearTimeout(t)) });
    // The preview rendered missing diagrams: a syntax error is in the render cache now, on its line in Problems.
    if (diagrams) this._register(diagrams.onDidRender((uri) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (doc) this.schedule(doc, 0);
    }));
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
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    if (!this.enabled || doc.isClosed) {
      this.collection.delete(doc.uri);
      return [];
    }
    const generation = (this.#generation.get(key) ?? 0) + 1;
    this.#generation.set(key, generation);
    const version = doc.version;
    const root = this.config.current?.root ?? vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.fileName);
    const site = this.config.current?.config;
    const job = editorJob(doc, root, site, this.diagrams?.jobInfo(site?.diagrams));
    let result;
    try {
      result = await this.work.run('check', key, job);
    } catch (e) {
      this.logger.debug(`Diagnostics: checking ${job.rel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!result) return [];
    for (const f of result.failures) this.logger.debug(`Diagnostics: ${f}`);
    const out = [
      ...result.warnings.map((w) => toDiagnostic(w, doc)),
      ...result.secrets.map((f) => secretDiagnostic(f, doc, result.published)),
    ];
    // A newer check started, or the document changed meanwhile: drop this result.
    if (this.#generation.get(key) !== generation || doc.version !== version || doc.isClosed) return out;
    this.collection.set(doc.uri, out);
    return out;
  }
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
  const message = blocksPublish
    ? vscode.l10n.t('Likely secret: {0}. This document is blocked from publishing: remove it, or if it is not a secret add {1} to .confluence-secrets-ignore.', secretName(f.rule), f.fingerprint)
    : vscode.l10n.t('Likely secret: {0}. Remove it, or if it is not a secret add {1} to .confluence-secrets-ignore.', secretName(f.rule), f.fingerprint);
  const d = new vscode.Diagnostic(
    new vscode.Range(line, start, line, Math.max(start + 1, Math.min(end, start + Math.max(8, f.preview.length)))),
    message,
    blocksPublish ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = SOURCE;
  d.code = 'likely-secret';
  return d;
}
