import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFileSystem, type FileSystem } from '../../core';

const MARKDOWN = /\.md$/i;

/**
 * The engine's file system in the editor: a Markdown document open with unsaved changes is read as the editor shows
 * it (`readText`, `readFile`), so publish, preview and Problems see what the user sees. Everything else goes to the
 * disk: listings, links, attachments (the bytes uploaded are the bytes on disk), and the engine's own files (config,
 * mapping file, run lock), whose unsaved buffers are not theirs to read: a publish writes the mapping file on disk.
 * The one way the extension hands unsaved text to core.
 */
export function editorFileSystem(documents: () => readonly vscode.TextDocument[] = () => vscode.workspace.textDocuments): FileSystem {
  const unsaved = (abs: string): string | undefined => {
    if (!MARKDOWN.test(abs)) return undefined;
    const wanted = path.normalize(abs);
    const doc = documents().find((d) => d.isDirty && d.uri.scheme === 'file' && path.normalize(d.uri.fsPath) === wanted);
    return doc?.getText();
  };
  return {
    ...nodeFileSystem,
    readText: (p) => unsaved(p) ?? nodeFileSystem.readText(p),
    readFile: (p) => {
      const text = unsaved(p);
      return text === undefined ? nodeFileSystem.readFile(p) : Buffer.from(text, 'utf8');
    },
  };
}
