import * as vscode from 'vscode';
import { Commands, type CommandId } from '../ids';
import type { Command } from './commandManager';
import { targetPath, type Services } from './services';

/** Page URL of a document or folder, from the tree model (or the client when only the id is known). */
export async function pageUrlFor(s: Services, arg: unknown): Promise<{ url?: string; rel?: string }> {
  const target = targetPath(s, arg);
  if (!target) return {};
  const entry = target.node?.entry ?? s.model.entry(target.rel);
  if (entry?.url) return { url: entry.url, rel: target.rel };
  if (entry?.pageId && s.session.signedIn) {
    try {
      const api = await s.session.api();
      return { url: api.pageUrl(entry.pageId), rel: target.rel };
    } catch {
      return { rel: target.rel };
    }
  }
  return { rel: target.rel };
}

/** Open Page in Confluence (palette, editor) and Open Page in Browser (tree item). */
export class OpenPageCommand implements Command {
  constructor(
    private readonly s: Services,
    readonly id: CommandId = Commands.openPage,
  ) {}

  async execute(arg?: unknown): Promise<void> {
    const { url, rel } = await pageUrlFor(this.s, arg);
    if (!url) {
      void vscode.window.showInformationMessage(
        rel ? vscode.l10n.t('{0} has not been published to Confluence yet.', rel) : vscode.l10n.t('Open a Markdown document of this workspace first.'),
      );
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}

/** Copy Page Link (tree item). */
export class CopyLinkCommand implements Command {
  readonly id = Commands.copyLink;
  constructor(private readonly s: Services) {}

  async execute(arg?: unknown): Promise<void> {
    const { url, rel } = await pageUrlFor(this.s, arg);
    if (!url) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has not been published to Confluence yet.', rel ?? ''));
      return;
    }
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', url), 4000);
  }
}
