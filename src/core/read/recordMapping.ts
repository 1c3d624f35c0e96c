import { join } from 'node:path';
import type { PageSummary } from '../confluence/types';
import type { FileSystem } from '../files/fileSystem';
import { conversionOptions, type SiteFlavor } from '../markdown/conversionOptions';
import { discoverDocs } from '../sync/discover';
import { buildLocalModelAsync, type LocalNode } from '../sync/local';
import type { MappingEntry } from '../sync/mapping';
import { defaultMarkdownPort, type MarkdownPort } from '../sync/markdownPort';
import type { Scan } from '../sync/screen';
import type { WorkspaceConfig } from '../sync/types';

/** A file the read side wrote (or is about to write) for a page, and that page as Confluence has it now. */
export interface RecordInput {
  /** Workspace-relative POSIX path of the Markdown file (the mapping key). */
  file: string;
  /** The page: id, title, current version and parent. */
  page: Pick<PageSummary, 'id' | 'title' | 'version' | 'parentId'>;
}

export interface RecordOptions {
  /** Workspace root (absolute). */
  root: string;
  config: WorkspaceConfig;
  /** Where the documents are read from: the disk, or an overlay holding text that is not on disk yet (pull). */
  fs: FileSystem;
  spaceKey: string;
  /** The site's kind: Data Center converts code languages and heading anchors differently, so hashes differ. */
  flavor: SiteFlavor;
  /** The secret scanner sync screens documents with (a withheld document turns links to it into text). */
  screen?: Scan;
  markdown?: MarkdownPort;
}

export interface RecordProblem {
  file: string;
  message: string;
  /** `secrets`: the document holds likely secrets (sync withholds it); `title`: the forward rules read another title. */
  code: 'missing' | 'error' | 'skipped' | 'secrets' | 'title';
}

/**
 * The mapping entries a publish would record for these files right after writing their pages, so that the next
 * `sync` plans every one of them "unchanged" (0 writes): the local model is built exactly as the planner builds it
 * (titles of the whole tree, conversion with links by title, the site's conversion options, the secret screen) and
 * each entry takes the node's title, content hash, labels and attachment hashes, the page's id, version and parent.
 *
 * A file the model cannot publish as it stands (an error, a title the forward rules read differently from the
 * page's, a withheld document) gets no entry and a problem naming it: a later sync then treats it as a new document
 * (and says why) instead of overwriting the page silently.
 *
 * Discovery and attachment reads still go to the disk directly (`discover.ts`, `AttachmentGuard`); only the
 * document texts come through `fs` until those modules take the port.
 */
export async function mappingEntriesFor(opts: RecordOptions, inputs: RecordInput[]): Promise<{ entries: Map<string, MappingEntry>; problems: RecordProblem[] }> {
  const { root, config, fs } = opts;
  const wanted = new Set(inputs.map((i) => i.file));
  const tree = discoverDocs(root, config);
  const local = await buildLocalModelAsync(
    {
      root,
      config,
      markdown: opts.markdown ?? defaultMarkdownPort,
      spaceKey: opts.spaceKey,
      readFile: (abs) => (fs.exists(abs) ? fs.readText(abs) : undefined),
      convertOnly: wanted,
      conversion: conversionOptions({ flavor: opts.flavor, codeLineNumbers: config.codeLineNumbers }),
      screen: opts.screen,
    },
    tree,
  );
  const entries = new Map<string, MappingEntry>();
  const problems: RecordProblem[] = [];
  for (const { file, page } of inputs) {
    const node = local.nodes.get(file);
    const problem = nodeProblem(node, file, page.title, join(root, file), fs);
    if (problem) {
      problems.push({ file, ...problem });
      continue;
    }
    entries.set(file, entryFor(opts.spaceKey, node!, page));
  }
  return { entries, problems };
}

/** The entry apply records after writing `node` as `page` (pages.ts afterWrite, labels.ts, attachments.ts). */
export function entryFor(spaceKey: string, node: LocalNode, page: RecordInput['page']): MappingEntry {
  const entry: MappingEntry = { space: spaceKey, title: node.title, page_id: page.id, version: page.version, hash: node.hash, parent_id: page.parentId };
  const labels = [...new Set(node.labels)].sort();
  if (labels.length) entry.labels = labels;
  if (node.attachments.length) entry.attachments = Object.fromEntries(node.attachments.map((a) => [a.name, a.hash]));
  return entry;
}

function nodeProblem(node: LocalNode | undefined, file: string, title: string, abs: string, fs: FileSystem): Omit<RecordProblem, 'file'> | undefined {
  if (!node) {
    return fs.exists(abs)
      ? { code: 'missing', message: `${file} is not a document of the publish (check the include/exclude globs in .confluence.yml and the docs folder)` }
      : { code: 'missing', message: `${file} does not exist` };
  }
  if (node.error) return { code: 'error', message: node.error.message };
  if (node.skipped) return { code: 'skipped', message: node.skipped.message };
  if (node.findings?.length) return { code: 'secrets', message: `${file} holds likely secrets (${[...new Set(node.findings.map((f) => f.rule))].join(', ')}); sync withholds it` };
  if (node.hash === undefined) return { code: 'error', message: `${file} was not converted` };
  if (node.title !== title.trim()) return { code: 'title', message: `${file}: the page is titled "${title}" but the file reads as "${node.title}"; sync would retitle the page` };
  return undefined;
}
