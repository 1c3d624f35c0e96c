import { Commands } from '../ids';
import type { Publisher } from '../publish/publisher';
import type { Command } from './commandManager';

/** Publish Workspace: the whole docs tree (conflicts and secrets still ask). */
export class PublishWorkspaceCommand implements Command {
  readonly id = Commands.publishWorkspace;
  constructor(private readonly deps: { publisher: Pick<Publisher, 'publish'> }) {}

  async execute(): Promise<void> {
    await this.deps.publisher.publish({ review: false });
  }
}
