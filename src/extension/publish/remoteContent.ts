import * as path from 'node:path';
import * as vscode from 'vscode';
import { fetchRemoteMarkdown, storageToMarkdown } from '../../core';
import type { Session } from '../auth/session';
import type { ConfigService } from '../config';
import { REMOTE_SCHEME } from '../ids';
import { withTitleHeading } from '../model/remoteMarkdown';
import type { OutputChannelLogger } from '../logging';
import { editorFileSystem } from '../util/editorFileSystem';
import { describeError } from '../ui/errors';

/** Read-only documents with the Confluence version of a page as Markdown: `confluence-remote:/<pageId>/<file>`. */
export class RemoteContentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly session: Session,
    private readonly config: ConfigService,
    private readonly logger: OutputChannelLogger,
  ) {}

  static uri(pageId: string, file: string, version?: number, title?: string): vscode.Uri {
    const query = new URLSearchParams();
    if (version) query.set('v', String(version));
    if (title) query.set('title', title);
    return vscode.Uri.from({ scheme: REMOTE_SCHEME, path: `/${pageId}/${file}`, query: query.toString() });
  }

  #localText(uri: vscode.Uri): string | undefined {
    const root = this.config.current?.root;
    const file = uri.path.split('/').slice(2).join('/');
    if (!root || !file) return undefined;
    try {
      return editorFileSystem(() => vscode.workspace.textDocuments).readText(path.join(root, file));
    } catch {
      return undefined;
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const pageId = uri.path.split('/')[1];
    try {
      const api = await this.session.api();
      const markdown = await fetchRemoteMarkdown(api, pageId, (storage) => storageToMarkdown(storage));
      return withTitleHeading(markdown, new URLSearchParams(uri.query).get('title') ?? undefined, this.#localText(uri));
    } catch (e) {
      const message = describeError(e, this.logger);
      this.logger.warn(`Could not load page ${pageId} from Confluence: ${message}`);
      return `<!-- Could not load page ${pageId} from Confluence: ${message} -->\n`;
    }
  }
}
