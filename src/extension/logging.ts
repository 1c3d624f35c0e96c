import * as vscode from 'vscode';
import { type ConfluenceCredentials, type Logger, SecretMask } from '../core';

/**
 * Adapts the core Logger to one LogOutputChannel. Every line goes through core's SecretMask (the same redaction and
 * the same notion of a credential's secrets as the client's), so a token never reaches the log even if a caller slips.
 */
export class OutputChannelLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  // Made on first use: the engine (core.js) is not loaded at activation.
  #maskObject: SecretMask | undefined;
  get #mask(): SecretMask {
    return (this.#maskObject ??= new SecretMask());
  }

  constructor(name = 'Confluence') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Remembers the secrets of credentials met (signed in, read from the keychain) so they are never printed. */
  rememberCredentials(credentials: Partial<ConfluenceCredentials> | undefined): void {
    this.#mask.remember(credentials);
  }

  clean(text: string): string {
    return this.#mask.clean(text);
  }

  // The client logs a debug line per request: not masked (nor sent) when the channel's level would drop it anyway.
  trace(message: string): void {
    if (this.#logs(vscode.LogLevel.Trace)) this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    if (this.#logs(vscode.LogLevel.Debug)) this.channel.debug(this.clean(message));
  }
  #logs(level: vscode.LogLevel): boolean {
    const now = this.channel.logLevel;
    return now !== vscode.LogLevel.Off && now <= level;
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
