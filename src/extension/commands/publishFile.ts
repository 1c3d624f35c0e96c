import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { Command } from './commandManager';
import { targetPath, type Services } from './services';

/** Publish to Confluence (Current File): from the palette, the editor title bar and the explorer context menu. */
export class PublishFileCommand implements Command {
  readonly id = Commands.publishFile;
  constructor(private readonly s: Services) {}

  async execute(uri?: unknown): Promise<void> {
    const target = targetPath(this.s, uri);
    if (!target || !/\.(md|markdown)$/i.test(target.rel)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a Markdown document of this workspace to publish it to Confluence.'));
      return;
    }
    // Unsaved editor content is what gets published (the engine reads open documents); the message says so.
    const unsaved = vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === target.uri.toString());
    await this.s.publisher.publish({ paths: [target.rel], review: false, single: true, unsaved });
  }
}
