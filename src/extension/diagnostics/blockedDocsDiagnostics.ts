import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SecretFinding } from '../../core';
import type { ConfigService } from '../config';
import { Settings } from '../ids';
import { secretName } from '../model/secretNames';
import { Disposable } from '../util/dispose';

const t = vscode.l10n.t;

/** What the docs loader found: the documents it marked "blocked: secrets", with their findings (files on disk). */
export interface BlockedScan {
  root: string;
  /** Workspace-relative POSIX path → its findings (only blocked documents; empty when none). */
  blocked: ReadonlyMap<string, readonly SecretFinding[]>;
}

/**
 * The Problems panel agrees with the tree: every document the tree shows as "blocked: secrets" has its findings
 * listed as Errors even when it is not open (fed by the DocsLoader's scan of the files on disk, same scanner and
 * ignore file). A document open in an editor is the DiagnosticsController's (its unsaved text, per keystroke), so it
 * is left out here while open; findings fixed on disk go away with the next scan. While the workspace is not
 * configured (no site and space, or a `.confluence.yml` with an error) the view says "not configured" and shows no
 * documents: none is listed here either (the config error is ConfigDiagnostics' one Error).
 */
export class BlockedDocsDiagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('confluence-blocked'));
  #scan: BlockedScan | undefined;

  constructor(
    source: { onDidScanSecrets(listener: (scan: BlockedScan) => void): vscode.Disposable },
    private readonly config: Pick<ConfigService, 'current' | 'onDidChange'>,
  ) {
    super();
    this._register(config.onDidChange(() => this.render()));
    this._register(source.onDidScanSecrets((scan) => {
      this.#scan = scan;
      this.render();
    }));
    this._register(vscode.workspace.onDidOpenTextDocument(() => this.render()));
    this._register(vscode.workspace.onDidCloseTextDocument(() => this.render()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.diagnostics`)) this.render();
    }));
  }

  /** Rebuilds the collection from the last scan and the documents open now. */
  render(): void {
    this.collection.clear();
    const scan = this.#scan;
    if (!scan || !this.config.current?.configured) return;
    // The editor's own diagnostics cover open Markdown files (when they are on): leave those to it.
    const editorChecks = vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.diagnosticsEnabled, true);
    const open = new Set(
      editorChecks ? vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && d.languageId === 'markdown').map((d) => path.normalize(d.uri.fsPath)) : [],
    );
    for (const [file, findings] of scan.blocked) {
      if (!findings.length) continue;
      const uri = vscode.Uri.file(path.join(scan.root, ...file.split('/')));
      if (open.has(path.normalize(uri.fsPath))) continue;
      this.collection.set(uri, findings.map(blockedDiagnostic));
    }
  }
}

/** One finding of a blocked document: an Error, named for people, with what to do (the editor's wording). */
export function blockedDiagnostic(f: SecretFinding): vscode.Diagnostic {
  const line = Math.max(0, f.line - 1);
  const start = Math.max(0, f.column - 1);
  const end = Math.max(start + 1, (f.endColumn ?? f.column + Math.max(8, f.preview.length)) - 1);
  const d = new vscode.Diagnostic(
    new vscode.Range(line, start, line, end),
    t('Likely secret: {0}. This document is blocked from publishing: remove it, or if it is not a secret add {1} to .confluence-secrets-ignore.', secretName(f.rule), f.fingerprint),
    vscode.DiagnosticSeverity.Error,
  );
  d.source = 'Confluence';
  d.code = 'likely-secret';
  return d;
}
