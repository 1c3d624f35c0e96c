import { signInFlow, type SignInDeps } from '../auth/signIn';
import { Commands } from '../ids';
import type { Command } from './commandManager';

/** Sign In: what the sign-in flow uses (the secret storage, the session, the settings, the log). */
export class SignInCommand implements Command {
  readonly id = Commands.signIn;
  constructor(private readonly deps: SignInDeps) {}

  async execute(): Promise<boolean> {
    return signInFlow(this.deps);
  }
}
