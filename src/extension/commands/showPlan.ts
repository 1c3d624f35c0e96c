import { Commands } from '../ids';
import type { Command } from './commandManager';
import type { Services } from './services';

/** Show Publish Plan: the plan for the whole docs tree before anything is written; the user goes on or cancels. */
export class ShowPlanCommand implements Command {
  readonly id = Commands.showPlan;
  constructor(private readonly s: Services) {}

  async execute(): Promise<void> {
    await this.s.publisher.publish({ review: true });
  }
}
