import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { Commands, type CommandId } from '../ids';
import type { SyncState } from '../model/syncState';
import type { Command } from './commandManager';
import { resolveTarget, type TargetSource } from './targets';

/** What the page-link commands use: the target, what the state knows of its page, and the client for its URL. */
export interface PageLinkDeps {
  targets: TargetSource;
  state: Pick<SyncState, 'entry'>;
  session: Pick<Session, 'signedIn' | 'api'>;
}

/** Page URL of a document or folder, from the sync state (or the client when only the id is known). */
export async function pageUrlFor(deps: PageLinkDeps, arg: unknown): Promise<{ url?: string; rel?: string }> {
  const target = resolveTarget(deps.targets, arg);
  if (!target) return {};
  const entry = target.node?.entry ?? deps.state.entry(target.rel);
  if (entry?.url) return { url: entry.url, rel: target.rel };
  if (entry?.pageId && deps.session.signedIn) {
    try {
      const api = await deps.session.api();
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
    private readonly deps: PageLinkDeps,
    readonly id: CommandId = Commands.openPage,
  ) {}

  async execute(arg?: unknown): Promise<void> {
    const { url, rel } = await pageUrlFor(this.deps, arg);
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
  constructor(private readonly deps: PageLinkDeps) {}

  async execute(arg?: unknown): Promise<void> {
    const { url, rel } = await pageUrlFor(this.deps, arg);
    if (!url) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has not been published to Confluence yet.', rel ?? ''));
      return;
    }
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', url), 4000);
  }
}
