/**
 * Links from a single page published outside a sync (`confluence create/update --body-file x.md`) resolve exactly as
 * in a sync: through the titles the workspace's documents get in a publish (front matter, H1, file name; include,
 * exclude and secret-exclude rules applied). Only titles are read; nothing is converted.
 */
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import type { LinkTarget } from '../markdown/types';
import { buildLocalModel } from './local';
import { defaultMarkdownPort } from './markdownPort';
import type { WorkspaceConfig } from './types';

export function workspaceLinkResolver(
  root: string,
  config: WorkspaceConfig,
  spaceKey?: string,
  fs: FileSystem = nodeFileSystem,
): (target: string) => LinkTarget | undefined {
  const model = buildLocalModel({ root, config, markdown: defaultMarkdownPort, spaceKey, convertOnly: new Set(), fs });
  return model.resolveDocument;
}
