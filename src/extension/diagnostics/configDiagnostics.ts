import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigService } from '../config';
import { Disposable } from '../util/dispose';

/**
 * A bad `.confluence.yml` (bad YAML, an unknown key, a wrong type, a credential in the file) is an Error in the
 * Problems panel on the line the loader names — with or without the YAML extension (which, when installed, also
 * completes and checks keys from media/schemas/confluence.schema.json through `contributes.yamlValidation`).
 */
export class ConfigDiagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('confluence-config'));

  constructor(private readonly config: Pick<ConfigService, 'current' | 'onDidChange'>) {
    super();
    this._register(config.onDidChange(() => void this.update()));
    void this.update();
  }

  async update(): Promise<void> {
    this.collection.clear();
    const resolved = this.config.current;
    const at = resolved?.errorAt;
    if (!resolved || !at) return;
    const uri = vscode.Uri.file(path.isAbsolute(at.file) ? at.file : path.join(resolved.root, at.file));
    let range = new vscode.Range(0, 0, 0, 0);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = Math.min(Math.max(0, (at.line ?? 1) - 1), Math.max(0, doc.lineCount - 1));
      const text = doc.lineAt(line);
      range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character);
    } catch {
      // The file could not be opened: the error still shows, on its first line.
    }
    const d = new vscode.Diagnostic(range, at.message, vscode.DiagnosticSeverity.Error);
    d.source = 'Confluence';
    d.code = 'config';
    this.collection.set(uri, [d]);
  }
}
