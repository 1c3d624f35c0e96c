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

/** The lines each document's last edits were on (at most a few), by document URI: what a job's copy check reads. */
const editedLines = new Map<string, number[]>();
const EDITED_LINES = 8;

/** The document as the worker reads it: its text only when the worker does not hold this version (editorWorker.ts). */
function documentSource(doc: vscode.TextDocument): DocumentSource {
  const key = doc.uri.toString();
  return {
    key,
    version: () => doc.version,
    // the offset of a position past the end is the length, from the line lengths VS Code keeps (no copy of the text)
    length: () => doc.offsetAt(new vscode.Position(doc.lineCount, 0)),
    text: () => doc.getText(),
    // (a very long line is left out: the check is to stay a few bytes per job)
    lines: () => (editedLines.get(key) ?? []).filter((l) => l < doc.lineCount).map((line) => ({ line, text: doc.lineAt(line).text })).filter((l) => l.text.length <= 2000),
  };
}

/** Notes where an event's changes are now: each change's first line, moved by the line counts of the changes before it. */
function noteEditedLines(key: string, changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
  const lines = editedLines.get(key) ?? [];
  // VS Code lists the changes from the end of the document backwards: the last one listed is first in the document
  let shift = 0;
  for (const c of [...changes].reverse()) {
    lines.unshift(c.range.start.line + shift);
    shift += c.text.split('\n').length - 1 - (c.range.end.line - c.range.start.line);
  }
  editedLines.set(key, [...new Set(lines)].slice(0, EDITED_LINES));
}

/** Forwards every edit and close of a text document to the worker's copies of them (it ignores the ones it lacks). */
export function forwardEdits(work: Pick<EditorWorkClient, 'edit' | 'close'>): vscode.Disposable {
  const subs = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length) return;
      const key = e.document.uri.toString();
      noteEditedLines(key, e.contentChanges);
      work.edit(key, e.document.version, e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteCount: c.rangeLength, text: c.text })));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      editedLines.delete(d.uri.toString());
      work.close(d.uri.toString());
    }),
  ];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
