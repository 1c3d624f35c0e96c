import * as path from 'node:path';
import * as vscode from 'vscode';
import { MERGE_SCHEME } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { splitConflictMarkers } from '../model/readSide';

const t = vscode.l10n.t;

/** Read-only texts (base, Confluence, local) of pull conflicts, served to the merge editor under MERGE_SCHEME. */
export class MergeSides implements vscode.TextDocumentContentProvider {
  readonly #texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#texts.get(uri.toString()) ?? '';
  }
  put(file: string, side: 'base' | 'confluence' | 'local', text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: MERGE_SCHEME, path: `/${side}/${file}`, query: String(Date.now()) });
    this.#texts.set(uri.toString(), text);
    return uri;
  }
}

/**
 * Opens VS Code's three-way merge editor on a file pull left with conflict markers: base = the text as last
 * published or pulled, input 1 = Confluence, input 2 = local, result = the working file. Where the merge editor is
 * not available, a diff Confluence ↔ working file (with the markers) instead. The markers block the file in a
 * publish (`conflict-markers`) until the result is saved without them; publishing then goes on as an ordinary update.
 */
export async function openConflict(root: string, file: string, sides: MergeSides, logger: OutputChannelLogger): Promise<void> {
  const output = vscode.Uri.file(path.join(root, file));
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(output));
  const split = splitConflictMarkers(text);
  if (!split) {
    await vscode.window.showTextDocument(output);
    return;
  }
  const base = sides.put(file, 'base', split.base);
  const theirs = sides.put(file, 'confluence', split.theirs);
  const local = sides.put(file, 'local', split.local);
  try {
    await vscode.commands.executeCommand('_open.mergeEditor', {
      base,
      input1: { uri: theirs, title: t('Confluence'), description: path.basename(file), detail: t('the page now') },
      input2: { uri: local, title: t('Local'), description: path.basename(file), detail: t('your working file') },
      output,
    });
    logger.info(`Opened the merge editor for ${file} (${split.conflicts} conflict(s)).`);
  } catch (e) {
    logger.info(`Merge editor not available (${e instanceof Error ? e.message : String(e)}); showing a diff with the markers.`);
    await vscode.commands.executeCommand('vscode.diff', theirs, output, t('{0}: Confluence ↔ Local (resolve the conflict markers)', path.basename(file)), { preview: false });
  }
}
