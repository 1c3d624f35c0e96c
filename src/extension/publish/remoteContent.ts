import * as vscode from 'vscode';
import { storageToMarkdown } from '../../core/storage/index';
import { fetchRemoteMarkdown } from '../../core/sync/index';
import type { Session } from '../auth/session';
import { REMOTE_SCHEME } from '../ids';
import type { OutputChannelLogger } from '../logging';

/** Read-only documents with the Confluence version of a page as Markdown: `confluence-remote:/<pageId>/<file>`. */
export class RemoteContentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly session: Session,
    private readonly logger: OutputChannelLogger,
  ) {}

  static uri(pageId: string, file: string, version?: number): vscode.Uri {
    return vscode.Uri.from({ scheme: REMOTE_SCHEME, path: `/${pageId}/${file}`, query: version ? `v=${version}` : '' });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const pageId = uri.path.split('/')[1];
    try {
      const api = await this.session.api();
      return await fetchRemoteMarkdown(api, pageId, (storage) => storageToMarkdown(storage));
    } catch (e) {
      const message = this.logger.clean(e instanceof Error ? e.message : String(e));
      this.logger.warn(`Could not load page ${pageId} from Confluence: ${message}`);
      return `<!-- Could not load page ${pageId} from Confluence: ${message} -->\n`;
    }
  }
}
