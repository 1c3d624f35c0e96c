import * as vscode from 'vscode';
import type { EditorWorkClient } from './editorWorker';

/**
 * What the editor worker read of the workspace (linked documents' titles and anchors, images, the secret ignore file)
 * stays cached until a file is created, changed or deleted on disk, or a document is saved.
 */
export function watchForEditorWork(work: Pick<EditorWorkClient, 'invalidate'>): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  // A checkout changes many files at once: one invalidation for the burst.
  const invalidate = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => work.invalidate(), 50);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const subs = [
    watcher,
    watcher.onDidCreate(invalidate),
    watcher.onDidChange(invalidate),
    watcher.onDidDelete(invalidate),
    vscode.workspace.onDidSaveTextDocument(invalidate),
  ];
  return { dispose: () => { clearTimeout(timer); subs.forEach((s) => s.dispose()); } };
}
