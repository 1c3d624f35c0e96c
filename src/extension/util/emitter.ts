// Host-free (types only from `vscode`): an event emitter with the shape of vscode.EventEmitter, for models that unit
// tests run without VS Code. The extension may pass `() => new vscode.EventEmitter<T>()` instead; both fit `EmitterLike`.
import type * as vscode from 'vscode';

/** What a model needs of an emitter: vscode.EventEmitter fits it. */
export interface EmitterLike<T> extends vscode.Disposable {
  readonly event: vscode.Event<T>;
  fire(data: T): void;
}

/** Listeners in subscription order; one that throws does not stop the others (the error goes to `onError`). */
export class Emitter<T> implements EmitterLike<T> {
  #listeners: Array<(e: T) => unknown> = [];

  constructor(private readonly onError: (e: unknown) => void = () => undefined) {}

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (e: T): unknown => listener.call(thisArgs, e);
    this.#listeners.push(bound);
    const subscription = { dispose: () => void (this.#listeners = this.#listeners.filter((l) => l !== bound)) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(data: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(data);
      } catch (e) {
        this.onError(e);
      }
    }
  }

  dispose(): void {
    this.#listeners = [];
  }
}
