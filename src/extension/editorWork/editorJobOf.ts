// The job of one open document for the editor worker: its text, path, workspace and the unsaved text of the other
// open Markdown documents (what links to them must see).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkspaceConfig } from '../../core';
import type { EditorDiagrams, EditorJob } from './editorJobs';

export function editorJob(doc: vscode.TextDocument, root: string, config: WorkspaceConfig | undefined, diagrams?: EditorDiagrams): EditorJob {
  const unsaved: Record<string, string> = {};
  for (const d of vscode.workspace.textDocuments) {
    if (d !== doc && d.isDirty && d.uri.scheme === 'file' && /\.md$/i.test(d.fileName)) unsaved[d.uri.fsPath] = d.getText();
  }
  return {
    text: doc.getText(),
    rel: path.relative(root, doc.fileName).split(path.sep).join('/'),
    site: { root, spaceKey: config?.spaceKey, baseUrl: config?.baseUrl, codeLineNumbers: config?.codeLineNumbers, docsRoot: config?.docsRoot },
    unsaved,
    diagrams,
  };
}
