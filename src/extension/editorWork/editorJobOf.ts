// The job of one open document for the editor worker: its text, path, workspace and the unsaved text of the other
// open Markdown documents (what links to them must see).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkspaceConfig } from '../../core';
import type { DocumentSource } from './documentTexts';
import type { EditorDiagrams } from './editorJobs';
import type { EditorWorkClient, HostJob } from './editorWorker';

export function editorJob(doc: vscode.TextDocument, root: string, config: WorkspaceConfig | undefined, diagrams?: EditorDiagrams): HostJob {
  // what links to the other open Markdown documents must see: their unsaved text (sent to the worker once, then edits)
  const unsaved: Record<string, DocumentSource> = {};
  for (const d of vscode.workspace.textDocuments) {
    if (d !== doc && d.isDirty && d.uri.scheme === 'file' && /\.md$/i.test(d.fileName)) unsaved[d.uri.fsPath] = documentSource(d);
  }
  return {
    text: documentSource(doc),
    rel: path.relative(root, doc.fileName).split(path.sep).join('/'),
    site: { root, spaceKey: config?.spaceKey, baseUrl: config?.baseUrl, codeLineNumbers: config?.codeLineNumbers, docsRoot: config?.docsRoot },
    unsaved,
    diagrams,
  };
}

/** The document as the worker reads it: its text only when the worker does not hold this version (editorWorker.ts). */
function documentSource(doc: vscode.TextDocument): DocumentSource {
  return {
    key: doc.uri.toString(),
    version: () => doc.version,
    // the offset of a position past the end is the length, from the line lengths VS Code keeps (no copy of the text)
    length: () => doc.offsetAt(new vscode.Position(doc.lineCount, 0)),
    text: () => doc.getText(),
  };
}

/** Forwards every edit and close of a text document to the worker's copies of them (it ignores the ones it lacks). */
export function forwardEdits(work: Pick<EditorWorkClient, 'edit' | 'close'>): vscode.Disposable {
  const subs = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length) return;
      work.edit(e.document.uri.toString(), e.document.version, e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteCount: c.rangeLength, text: c.text })));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => work.close(d.uri.toString())),
  ];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
