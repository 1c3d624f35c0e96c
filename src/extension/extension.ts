import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  // Composition root: wired up by the extension modules as they land.
  void context;
}

export function deactivate(): void {}
