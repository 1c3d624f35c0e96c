import { join } from 'node:path';
import type { ConfluenceApi } from '../../confluence/types';
import type { FileSystem } from '../../files/fileSystem';
import type { Logger } from '../../logging';
import type { MappingEntry } from '../../sync/mapping';
import type { Scan } from '../../sync/screen';
import type { WorkspaceConfig } from '../../sync/types';
import type { PageMarkdownContext } from '../pageMarkdown';
import { BaseStore } from './baseStore';
import { pullLinkResolver, type LinkResolver } from './links';

/** What one pull shares: the workspace, the site, the merge bases, the link resolver. */
export class PullContext {
  readonly bases: BaseStore;
  private readonly links: LinkResolver;

  constructor(
    readonly root: string,
    readonly config: WorkspaceConfig,
    readonly spaceKey: string,
    readonly api: ConfluenceApi,
    readonly fs: FileSystem,
    readonly logger: Logger,
    entries: Array<[string, MappingEntry]>,
    readonly scanSecrets: Scan | undefined,
    readonly signal: AbortSignal | undefined,
  ) {
    this.bases = new BaseStore(fs, root);
    this.links = pullLinkResolver(fs, root, entries, spaceKey);
  }

  abs(file: string): string {
    return join(this.root, file);
  }

  /** pageToMarkdown's context for `file` (links to mapped files, attachments as the working file names them). */
  markdownContext(file: string, ours: string | undefined): PageMarkdownContext {
    return {
      file,
      spaceKey: this.spaceKey,
      siteUrl: this.api.baseUrl,
      configLabels: this.config.labels,
      linkToPage: (t) => this.links.linkToPage(file, t),
      attachmentHref: (name) => this.links.attachmentHref(file, ours, name),
    };
  }
}
