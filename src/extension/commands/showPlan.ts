import { Commands } from '../ids';
import type { Publisher } from '../publish/publisher';
import type { Command } from './commandManager';

/** Show Publish Plan: the plan for the whole docs tree before anything is written; the user goes on or cancels. */
export class ShowPlanCommand implements Command {
  readonly id = Commands.showPlan;
  constructor(private readonly deps: { publisher: Pick<Publisher, 'publish'> }) {}

  async execute(): Promise<void> {
    await this.deps.publisher.publish({ review: true });
  }
}
