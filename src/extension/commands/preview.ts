import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { PreviewManager } from '../preview/previewPanel';
import type { Command } from './commandManager';

export class PreviewCommand implements Command {
  readonly id = Commands.preview;
  constructor(private readonly deps: { preview: Pick<PreviewManager, 'show'> }) {}

  async execute(uri?: unknown): Promise<void> {
    let doc = vscode.window.activeTextEditor?.document;
    if (uri instanceof vscode.Uri) doc = await vscode.workspace.openTextDocument(uri);
    if (!doc || doc.languageId !== 'markdown') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a Markdown document to preview it as Confluence.'));
      return;
    }
    this.deps.preview.show(doc);
  }
}
