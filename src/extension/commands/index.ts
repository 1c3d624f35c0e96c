import type { CredentialStore } from '../auth/credentialStore';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import type { DocsLoader } from '../docsLoader';
import { Commands } from '../ids';
import type { OutputChannelLogger } from '../logging';
import type { SyncState } from '../model/syncState';
import type { PreviewManager } from '../preview/previewPanel';
import type { Publisher } from '../publish/publisher';
import type { Puller } from '../read/puller';
import type { StatusBarController } from '../statusBar';
import { CommandManager } from './commandManager';
import { CreateConfigCommand } from './createConfig';
import {
  ConfigureCommand, PlanItemCommand, PublishItemCommand, RefreshCommand, RevealFileCommand, ShowLogCommand, StatusBarActionCommand,
} from './misc';
import { CopyLinkCommand, OpenPageCommand } from './openPage';
import { PreviewCommand } from './preview';
import { ImportSpaceCommand } from './importSpace';
import { PublishFileCommand } from './publishFile';
import { PullCommand, PullItemCommand } from './pull';
import { PublishWorkspaceCommand } from './publishWorkspace';
import { ScanSecretsCommand } from './scanSecrets';
import { ShowPlanCommand } from './showPlan';
import { SignInCommand } from './signIn';
import { SignOutCommand } from './signOut';
import type { TargetSource } from './targets';

/** The long-lived objects of the extension (built in extension.ts); each command gets only the few it uses. */
export interface CommandParts {
  config: ConfigService;
  store: CredentialStore;
  session: Session;
  logger: OutputChannelLogger;
  state: SyncState;
  docs: DocsLoader;
  statusBar: StatusBarController;
  publisher: Publisher;
  preview: PreviewManager;
  diagnostics: DiagnosticsController;
  /** The read side (issue 12): pull, and the check of Confluence for edits. */
  puller: Puller;
  remote: { check(): Promise<void> };
}

/** The one place that constructs the commands, each with its own narrow dependencies (see each command's type). */
export function registerCommands(p: CommandParts): CommandManager {
  const m = new CommandManager();
  const targets: TargetSource = { root: () => p.config.current?.root, node: (rel) => p.state.node(rel) };
  const publishing = { publisher: p.publisher, targets };
  const pageLinks = { targets, state: p.state, session: p.session };
  m.register(new PublishFileCommand(publishing));
  m.register(new PublishWorkspaceCommand({ publisher: p.publisher }));
  m.register(new ShowPlanCommand({ publisher: p.publisher }));
  m.register(new SignInCommand({ store: p.store, session: p.session, config: p.config, logger: p.logger }));
  m.register(new SignOutCommand({ store: p.store, session: p.session, logger: p.logger }));
  m.register(new OpenPageCommand(pageLinks, Commands.openPage));
  m.register(new OpenPageCommand(pageLinks, Commands.openItem));
  m.register(new CopyLinkCommand(pageLinks));
  m.register(new PreviewCommand({ preview: p.preview }));
  m.register(new ScanSecretsCommand({ config: p.config, docs: p.docs, state: p.state, diagnostics: p.diagnostics, logger: p.logger }));
  m.register(new RefreshCommand({ config: p.config, session: p.session, docs: p.docs, remote: p.remote }));
  m.register(new ShowLogCommand({ logger: p.logger }));
  m.register(new ConfigureCommand({ config: p.config, session: p.session }));
  m.register(new StatusBarActionCommand({ statusBar: p.statusBar, state: p.state, logger: p.logger }));
  m.register(new PublishItemCommand(publishing));
  m.register(new PlanItemCommand(publishing));
  m.register(new RevealFileCommand({ targets }));
  // The read side (issue 12): import a space, pull edits made in Confluence.
  const afterRead = { refresh: async () => { await p.docs.refresh(); await p.remote.check(); } };
  m.register(new ImportSpaceCommand({ config: p.config, session: p.session, after: afterRead, logger: p.logger }));
  m.register(new PullCommand({ puller: p.puller }));
  m.register(new PullItemCommand({ puller: p.puller, targets }));
  // Getting started (issue 15): write .confluence.yml with the space picked from the site.
  m.register(new CreateConfigCommand({ config: p.config, store: p.store, session: p.session, logger: p.logger }));
  return m;
}
