import * as vscode from 'vscode';
import type { CommandId } from '../ids';

/** A command: a readonly id and an execute method; collaborators come in through the constructor. */
export interface Command {
  readonly id: CommandId;
  execute(...args: unknown[]): unknown;
}

/** Registers each command once and disposes all registrations together. */
export class CommandManager implements vscode.Disposable {
  readonly #registrations = new Map<string, vscode.Disposable>();

  register<T extends Command>(command: T): T {
    if (this.#registrations.has(command.id)) throw new Error(`Command ${command.id} registered twice`);
    this.#registrations.set(command.id, vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.execute(...args)));
    return command;
  }

  get ids(): string[] {
    return [...this.#registrations.keys()];
  }

  dispose(): void {
    for (const d of this.#registrations.values()) d.dispose();
    this.#registrations.clear();
  }
}
