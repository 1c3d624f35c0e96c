import { join } from 'node:path';
import type { DiagramRenderer } from '../diagrams/types';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { conversionOptions, flavorOfSiteUrl } from '../markdown/conversionOptions';
import { buildLocalModel } from './local';
import { MappingFile, type MappingEntry } from './mapping';
import { defaultMarkdownPort, type MarkdownPort } from './markdownPort';
import type { LocalState, WorkspaceConfig } from './types';

export interface LocalStatus {
  /** Mapping key: workspace-relative document path, or `folder/` for a generated folder page. */
  file: string;
  title: string;
  state: LocalState;
  entry?: MappingEntry;
  message?: string;
}

/**
 * Per-file publish state without any network: compares each document's content hash with the mapping file.
 * `in-sync` (published and unchanged), `changed`, `new` (never published), `excluded` (globs), `error`.
 * Throws MappingFileError when the mapping file is corrupt. `fs`: where the workspace is read (the extension's
 * answers with unsaved editor text). `diagrams`: the front end's renderers, to name cached diagrams (the render cache
 * is read, nothing is rendered: a diagram published before hashes as published; without it diagrams hash as code).
 */
export function computeLocalStatus(
  root: string,
  config: WorkspaceConfig,
  fs: FileSystem = nodeFileSystem,
  markdown: MarkdownPort = defaultMarkdownPort,
  diagrams?: { renderers: DiagramRenderer[]; unavailable?: Record<string, string> },
): LocalStatus[] {
  const mapping = MappingFile.load(join(root, config.mappingFile), config.mappingFile, fs);
  // The hash must be the publish's: a Data Center site converts some constructs differently (code languages, anchors).
  // Offline, the site's kind is read from its URL, as preview and diagnostics do.
  const conversion = conversionOptions({ flavor: flavorOfSiteUrl(config.baseUrl), codeLineNumbers: config.codeLineNumbers });
  const local = buildLocalModel({ root, config, markdown, fs, spaceKey: config.spaceKey, conversion,
    diagrams: diagrams && { root, fs, config: config.diagrams ?? {}, renderers: diagrams.renderers, unavailable: { ...diagrams.unavailable } },
  });
  const out: LocalStatus[] = [];
  for (const key of local.order) {
    const node = local.nodes.get(key)!;
    const entry = mapping.get(key);
    if (node.error) {
      out.push({ file: key, title: node.title, state: 'error', entry, message: node.error.message });
      continue;
    }
    const state: LocalState = !entry?.page_id ? 'new' : entry.hash === node.hash ? 'in-sync' : 'changed';
    out.push({ file: key, title: node.title, state, entry });
  }
  for (const file of [...local.tree.excluded, ...local.unpublished]) {
    out.push({ file, title: file.slice(file.lastIndexOf('/') + 1), state: 'excluded', entry: mapping.get(file), message: local.unpublished.includes(file) ? 'front matter says publish: false' : 'excluded by the include/exclude globs' });
  }
  return out;
}
