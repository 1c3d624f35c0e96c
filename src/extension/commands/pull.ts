import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { Puller } from '../read/puller';
import type { Command } from './commandManager';
import { resolveTarget, type TargetSource } from './targets';

export interface PullCommandDeps {
  puller: Pick<Puller, 'pull'>;
  targets: TargetSource;
}

/** Confluence: Pull from Confluence — every mapped document (palette, status bar, view title). */
export class PullCommand implements Command {
  readonly id = Commands.pull;
  constructor(private readonly s: Pick<PullCommandDeps, 'puller'>) {}
  async execute(): Promise<void> {
    await this.s.puller.pull();
  }
}

/** Pull this file or folder (tree context menu, editor title and context menu of a Markdown file). */
export class PullItemCommand implements Command {
  readonly id = Commands.pullItem;
  constructor(private readonly s: PullCommandDeps) {}
  async execute(arg?: unknown): Promise<void> {
    const target = resolveTarget(this.s.targets, arg);
    if (!target) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a published Markdown document of this workspace to pull it from Confluence.'));
      return;
    }
    await this.s.puller.pull([target.rel.replace(/\/$/, '') || '.']);
  }
}
