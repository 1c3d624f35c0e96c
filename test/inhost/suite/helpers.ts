// Shared by the in-host tests: they run inside a real extension host (code-server here, @vscode/test-electron on a
// laptop), against the fixture workspace test/e2e/fixtures/workspace.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'docs-to-confluence.docs-to-confluence';

export interface Manifest {
  version: string;
  engines: { vscode: string };
  activationEvents?: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { default?: unknown; type?: unknown; scope?: string }> };
    views?: Record<string, Array<{ id: string; name: string }>>;
    viewsContainers?: { activitybar?: Array<{ id: string; title: string }> };
    menus?: Record<string, Array<{ command?: string; when?: string }>>;
  };
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

export function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

export async function activated(): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  await ext.activate();
  return ext;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the fixture workspace should be)');
  return folder.uri;
}
