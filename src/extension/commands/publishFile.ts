import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { Publisher } from '../publish/publisher';
import type { Command } from './commandManager';
import { resolveTarget, type TargetSource } from './targets';

/** What the publish commands use: starting a publish, and (for a file or tree item) resolving the target. */
export interface PublishCommandDeps {
  publisher: Pick<Publisher, 'publish'>;
  targets: TargetSource;
}

/** Publish to Confluence (Current File): from the palette, the editor title bar and the explorer context menu. */
export class PublishFileCommand implements Command {
  readonly id = Commands.publishFile;
  constructor(private readonly deps: PublishCommandDeps) {}

  async execute(uri?: unknown): Promise<void> {
    const target = resolveTarget(this.deps.targets, uri);
    if (!target || !/\.(md|markdown)$/i.test(target.rel)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a Markdown document of this workspace to publish it to Confluence.'));
      return;
    }
    // Unsaved editor content is what gets published (the engine reads open documents); the message says so.
    const unsaved = vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === target.uri.toString());
    await this.deps.publisher.publish({ paths: [target.rel], review: false, single: true, unsaved });
  }
}
