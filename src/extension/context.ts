import * as vscode from 'vscode';
import { ContextKeys } from './ids';

type Key = (typeof ContextKeys)[keyof typeof ContextKeys];

/** Sets context keys for when-clauses, skipping calls that would not change anything. */
export class ContextKeyService {
  readonly #values = new Map<Key, unknown>();

  set(key: Key, value: boolean | string | number): void {
    if (this.#values.get(key) === value) return;
    this.#values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  get(key: Key): unknown {
    return this.#values.get(key);
  }
}
