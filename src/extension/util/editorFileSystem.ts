import * as path from 'node:path';
import type * as vscode from 'vscode';
import { nodeFileSystem, type FileSystem } from '../../core';

const MARKDOWN = /\.md$/i;

/** What is read of an open editor document (a vscode.TextDocument). */
export type OpenDocument = Pick<vscode.TextDocument, 'isDirty' | 'getText'> & { readonly uri: Pick<vscode.Uri, 'scheme' | 'fsPath'> };

/**
 * The engine's file system in the editor: a Markdown document open with unsaved changes is read as the editor shows
 * it (`readText`, `readFile`), so publish, preview and Problems see what the user sees. Everything else goes to
 * `base` (the disk): listings, links, attachments (the bytes uploaded are the bytes on disk), and the engine's own
 * files (config, mapping file, run lock), whose unsaved buffers are not for it to read: a publish writes the mapping
 * file on disk. The one way the extension hands unsaved text to core; pass `() => vscode.workspace.textDocuments`.
 */
export function editorFileSystem(documents: () => readonly OpenDocument[], base: FileSystem = nodeFileSystem): FileSystem {
  const unsaved = (abs: string): string | undefined => {
    if (!MARKDOWN.test(abs)) return undefined;
    const wanted = path.normalize(abs);
    const doc = documents().find((d) => d.isDirty && d.uri.scheme === 'file' && path.normalize(d.uri.fsPath) === wanted);
    return doc?.getText();
  };
  return {
    readFile: (p) => {
      const text = unsaved(p);
      return text === undefined ? base.readFile(p) : Buffer.from(text, 'utf8');
    },
    readText: (p) => unsaved(p) ?? base.readText(p),
    exists: (p) => base.exists(p),
    stat: (p) => base.stat(p),
    lstat: (p) => base.lstat(p),
    realpath: (p) => base.realpath(p),
    readlink: (p) => base.readlink(p),
    list: (d) => base.list(d),
    mkdirp: (d) => base.mkdirp(d),
    writeFile: (p, data) => base.writeFile(p, data),
    writeFileAtomic: (p, data) => base.writeFileAtomic(p, data),
    writeFileAtomicSync: (p, data) => base.writeFileAtomicSync(p, data),
    createExclusive: (p, data) => base.createExclusive(p, data),
    rename: (from, to) => base.rename(from, to),
    copyFile: (from, to) => base.copyFile(from, to),
    remove: (p) => base.remove(p),
    touch: (p, when) => base.touch(p, when),
  };
}
