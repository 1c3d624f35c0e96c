import { signInFlow } from '../auth/signIn';
import { Commands } from '../ids';
import type { Command } from './commandManager';
import type { Services } from './services';

export class SignInCommand implements Command {
  readonly id = Commands.signIn;
  constructor(private readonly s: Services) {}

  async execute(): Promise<boolean> {
    return signInFlow({ store: this.s.store, session: this.s.session, config: this.s.config, logger: this.s.logger });
  }
}
