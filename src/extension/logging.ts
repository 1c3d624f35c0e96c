import * as vscode from 'vscode';
import { type Logger, redactSecrets } from '../core';

/**
 * Adapts the core Logger to one LogOutputChannel. Every line goes through redactSecrets with the secrets
 * currently known (the signed-in token), so a token never reaches the log even if a caller slips.
 */
export class OutputChannelLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly #secrets = new Set<string>();

  constructor(name = 'Confluence') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Adds a secret that must never be printed (kept in memory only). */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  clean(text: string): string {
    return redactSecrets(text, this.#secrets);
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string | Error): void {
    this.channel.error(this.clean(message instanceof Error ? message.message : message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
