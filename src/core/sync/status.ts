import { join } from 'node:path';
import type { DiagramRenderer } from '../diagrams/types';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { conversionOptions, flavorOfSiteUrl } from '../markdown/conversionOptions';
import type { ConversionCache } from './conversionCache';
import { buildLocalModel, buildLocalModelAsync, type LocalModel, type LocalOptions } from './local';
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

export interface LocalStatusOptions {
  /**
   * Conversions of unchanged documents come from here: the extension keeps one instance between refreshes, so a
   * refresh converts only what changed. Default: none (every document is converted).
   */
  cache?: ConversionCache;
  /**
   * Diagram renderers: they name the render cache's entries, so a document whose diagrams are in the cache hashes as
   * its publish did. None is started (offline status reads the cache only).
   */
  diagrams?: { renderers: DiagramRenderer[]; unavailable?: Record<string, string> };
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
  options: LocalStatusOptions = {},
): LocalStatus[] {
  const mapping = MappingFile.load(join(root, config.mappingFile), config.mappingFile, fs);
  return statusRows(buildLocalModel(statusModelOptions(root, config, fs, markdown, options)), mapping);
}

/**
 * The same, giving the event loop a turn every ~20 ms (an editor host stays responsive over 10,000 documents), and
 * writing the cache's new entries to disk afterwards when it has a disk store.
 */
export async function computeLocalStatusAsync(
  root: string,
  config: WorkspaceConfig,
  fs: FileSystem = nodeFileSystem,
  markdown: MarkdownPort = defaultMarkdownPort,
  options: LocalStatusOptions = {},
): Promise<LocalStatus[]> {
  const mapping = MappingFile.load(join(root, config.mappingFile), config.mappingFile, fs);
  const local = await buildLocalModelAsync(statusModelOptions(root, config, fs, markdown, options));
  const rows = statusRows(local, mapping);
  await options.cache?.flush();
  return rows;
}

function statusModelOptions(root: string, config: WorkspaceConfig, fs: FileSystem, markdown: MarkdownPort, options: LocalStatusOptions): LocalOptions {
  // The hash must be the publish's: a Data Center site converts some constructs differently (code languages, anchors).
  // Offline, the site's kind is read from its URL, as preview and diagnostics do.
  const conversion = conversionOptions({ flavor: flavorOfSiteUrl(config.baseUrl), codeLineNumbers: config.codeLineNumbers });
  const diagrams = options.diagrams;
  // Every renderer is marked unavailable for this run: a status never renders (cache hits only, see diagrams/lookup.ts).
  const unavailable = Object.fromEntries((diagrams?.renderers ?? []).flatMap((r) => r.languages.map((l) => [l, diagrams?.unavailable?.[l] ?? `not rendered by an offline status`])));
  return {
    // with a document index (the CLI's disk cache), unchanged documents are not read: a status needs only their hash
    root, config, markdown, fs, spaceKey: config.spaceKey, conversion, cache: options.cache, hashOnly: Boolean(options.cache?.index),
    diagrams: diagrams && { root, fs, config: config.diagrams ?? {}, renderers: diagrams.renderers, unavailable },
  };
}

function statusRows(local: LocalModel, mapping: MappingFile): LocalStatus[] {
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
