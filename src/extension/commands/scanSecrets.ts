import * as path from 'node:path';
import * as vscode from 'vscode';
import { documents, likelySecrets } from '../ui/plural';
import { Commands } from '../ids';
import type { Command } from './commandManager';
import type { ConfigService } from '../config';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import type { OutputChannelLogger } from '../logging';
import type { SyncState } from '../model/syncState';

export interface ScanSecretsDeps {
  config: Pick<ConfigService, 'current'>;
  /** Rescans the docs tree first, so the scan covers every document of it. */
  docs: { refresh(): Promise<void> };
  state: Pick<SyncState, 'entries'>;
  diagnostics: Pick<DiagnosticsController, 'check'>;
  logger: Pick<OutputChannelLogger, 'info'>;
}

/** Scan for Secrets: every document of the docs tree; findings go to the Problems panel. */
export class ScanSecretsCommand implements Command {
  readonly id = Commands.scanSecrets;
  constructor(private readonly s: ScanSecretsDeps) {}

  async execute(): Promise<number> {
    const root = this.s.config.current?.root;
    if (!root) return 0;
    await this.s.docs.refresh();
    const files = this.s.state.entries.map((e) => e.file);
    let findings = 0;
    const withFindings: string[] = [];
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Confluence: scanning for secrets'), cancellable: true },
      async (progress, token) => {
        for (const [i, file] of files.entries()) {
          if (token.isCancellationRequested) break;
          progress.report({ message: `${i + 1}/${files.length} ${file}`, increment: 100 / Math.max(1, files.length) });
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, file)));
          const diags = await this.s.diagnostics.check(doc);
          const secrets = diags.filter((d) => d.code === 'likely-secret'); // by code: the message is translated
          if (secrets.length) {
            findings += secrets.length;
            withFindings.push(file);
          }
        }
      },
    );
    this.s.logger.info(`Secret scan: ${findings} finding(s) in ${withFindings.length} of ${files.length} document(s)${withFindings.length ? `: ${withFindings.join(', ')}` : ''}`);
    if (!findings) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No likely secrets found in {0}.', documents(files.length)));
    } else {
      const show = vscode.l10n.t('Show Problems');
      // Not awaited: the command ends with the scan; the button's follow-up is its own action.
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} in {1}: {2}. {3}', likelySecrets(findings), documents(withFindings.length), withFindings.join(', '), withFindings.length === 1 ? vscode.l10n.t('This document is blocked from publishing.') : vscode.l10n.t('These documents are blocked from publishing.')),
        show,
      ).then((pick) => {
        if (pick === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    }
    return findings;
  }
}
