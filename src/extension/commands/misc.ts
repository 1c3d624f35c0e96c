import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import { Commands } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { validateSiteUrl } from '../model/settings';
import type { SyncState } from '../model/syncState';
import type { StatusBarController } from '../statusBar';
import type { Command } from './commandManager';
import type { PublishCommandDeps } from './publishFile';
import { resolveTarget, type TargetSource } from './targets';

type ShowsLog = { logger: Pick<OutputChannelLogger, 'show'> };

/** Refresh: settings, sign-in state, then the docs tree. */
export class RefreshCommand implements Command {
  readonly id = Commands.refresh;
  constructor(private readonly s: {
    config: Pick<ConfigService, 'reload'>;
    session: Pick<Session, 'refresh'>;
    docs: { refresh(): Promise<void> };
    /** Checks Confluence for edits made there (the tree's "changed in Confluence"). */
    remote?: { check(): Promise<void> };
  }) {}
  async execute(): Promise<void> {
    this.s.config.reload();
    await this.s.session.refresh();
    await this.s.docs.refresh();
    await this.s.remote?.check();
  }
}

export class ShowLogCommand implements Command {
  readonly id = Commands.showLog;
  constructor(private readonly s: ShowsLog) {}
  execute(): void {
    this.s.logger.show();
  }
}

/** Configure Site and Space: writes `confluence.baseUrl` and `confluence.spaceKey` (never credentials) to the workspace settings. */
export class ConfigureCommand implements Command {
  readonly id = Commands.configure;
  constructor(private readonly s: { config: Pick<ConfigService, 'current' | 'rememberSite'>; session: Pick<Session, 'signedIn'> }) {}
  async execute(): Promise<void> {
    const current = this.s.config.current?.config;
    const url = await vscode.window.showInputBox({
      title: vscode.l10n.t('Confluence: Site'), prompt: vscode.l10n.t('Address of your Confluence site'),
      placeHolder: 'https://acme.atlassian.net/wiki', value: current?.baseUrl ?? '', ignoreFocusOut: true, validateInput: validateSiteUrl,
    });
    if (!url) return;
    const space = await vscode.window.showInputBox({
      title: vscode.l10n.t('Confluence: Space'), prompt: vscode.l10n.t('Key of the space to publish to'),
      placeHolder: 'DOCS', value: current?.spaceKey ?? '', ignoreFocusOut: true,
      validateInput: (v) => (/^[A-Za-z0-9~_-]+$/.test(v.trim()) ? undefined : vscode.l10n.t('A space key is letters and digits, for example DOCS.')),
    });
    if (!space) return;
    await this.s.config.rememberSite(url.trim().replace(/\/+$/, ''), space.trim());
    if (!this.s.session.signedIn) {
      const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Saved. Sign in to {0} to publish.', url.trim()), vscode.l10n.t('Sign In'));
      if (pick) void vscode.commands.executeCommand(Commands.signIn);
    }
  }
}

/** Click on the status-bar item: the obvious next thing for the current state. */
export class StatusBarActionCommand implements Command {
  readonly id = Commands.statusBarAction;
  constructor(private readonly s: ShowsLog & { statusBar: Pick<StatusBarController, 'action'>; state: Pick<SyncState, 'running'> }) {}
  async execute(): Promise<void> {
    switch (this.s.statusBar.action) {
      case 'manageTrust': return void (await vscode.commands.executeCommand('workbench.trust.manage'));
      case 'signIn': return void (await vscode.commands.executeCommand(Commands.signIn));
      case 'configure': return void (await vscode.commands.executeCommand(Commands.configure));
      case 'publishWorkspace': return void (await vscode.commands.executeCommand(Commands.publishWorkspace));
      case 'showPlan': return void (await vscode.commands.executeCommand(Commands.showPlan));
      case 'pull': return void (await vscode.commands.executeCommand(Commands.pull));
      case 'refresh': return void (await vscode.commands.executeCommand(Commands.refresh));
      case 'showProblems':
        await vscode.commands.executeCommand('workbench.view.extension.confluence');
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        return;
      default:
        if (this.s.state.running) return;
        this.s.logger.show();
    }
  }
}

/** Tree item: publish this document or folder. */
export class PublishItemCommand implements Command {
  readonly id = Commands.publishItem;
  constructor(private readonly s: PublishCommandDeps) {}
  async execute(arg?: unknown): Promise<void> {
    const target = resolveTarget(this.s.targets, arg);
    if (!target) return;
    await this.s.publisher.publish({ paths: [target.rel], review: false, single: target.node?.kind !== 'folder' });
  }
}

/** Tree item: show the plan for this document or folder. */
export class PlanItemCommand implements Command {
  readonly id = Commands.planItem;
  constructor(private readonly s: PublishCommandDeps) {}
  async execute(arg?: unknown): Promise<void> {
    const target = resolveTarget(this.s.targets, arg);
    if (!target) return;
    await this.s.publisher.publish({ paths: [target.rel], review: true, single: target.node?.kind !== 'folder' });
  }
}

/** Tree item: reveal the file in the explorer and open it. */
export class RevealFileCommand implements Command {
  readonly id = Commands.revealFile;
  constructor(private readonly s: { targets: TargetSource }) {}
  async execute(arg?: unknown): Promise<void> {
    const target = resolveTarget(this.s.targets, arg);
    if (!target) return;
    await vscode.commands.executeCommand('revealInExplorer', target.uri);
    if (target.node?.kind !== 'folder') await vscode.window.showTextDocument(target.uri, { preview: true });
  }
}
