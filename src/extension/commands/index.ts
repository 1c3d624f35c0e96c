import { Commands } from '../ids';
import { CommandManager } from './commandManager';
import {
  ConfigureCommand, PlanItemCommand, PublishItemCommand, RefreshCommand, RevealFileCommand, ShowLogCommand, StatusBarActionCommand,
} from './misc';
import { CopyLinkCommand, OpenPageCommand } from './openPage';
import { PreviewCommand } from './preview';
import { PublishFileCommand } from './publishFile';
import { PublishWorkspaceCommand } from './publishWorkspace';
import { ScanSecretsCommand } from './scanSecrets';
import type { Services } from './services';
import { ShowPlanCommand } from './showPlan';
import { SignInCommand } from './signIn';
import { SignOutCommand } from './signOut';

/** The one place that constructs the commands. */
export function registerCommands(s: Services): CommandManager {
  const m = new CommandManager();
  m.register(new PublishFileCommand(s));
  m.register(new PublishWorkspaceCommand(s));
  m.register(new ShowPlanCommand(s));
  m.register(new SignInCommand(s));
  m.register(new SignOutCommand(s));
  m.register(new OpenPageCommand(s, Commands.openPage));
  m.register(new OpenPageCommand(s, Commands.openItem));
  m.register(new CopyLinkCommand(s));
  m.register(new PreviewCommand(s));
  m.register(new ScanSecretsCommand(s));
  m.register(new RefreshCommand(s));
  m.register(new ShowLogCommand(s));
  m.register(new ConfigureCommand(s));
  m.register(new StatusBarActionCommand(s));
  m.register(new PublishItemCommand(s));
  m.register(new PlanItemCommand(s));
  m.register(new RevealFileCommand(s));
  return m;
}
