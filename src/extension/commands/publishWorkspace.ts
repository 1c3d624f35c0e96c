import { Commands } from '../ids';
import type { Command } from './commandManager';
import type { Services } from './services';

/** Publish Workspace: the whole docs tree (conflicts and secrets still ask). */
export class PublishWorkspaceCommand implements Command {
  readonly id = Commands.publishWorkspace;
  constructor(private readonly s: Services) {}

  async execute(): Promise<void> {
    await this.s.publisher.publish({ review: false });
  }
}
