import { createHash } from 'node:crypto';
import { isAbsolute, join, relative } from 'node:path';
import { DocumentError, type DocumentDiagnostic } from '../diagnostics';
import { AttachmentGuard } from '../files/attachmentGuard';
import { diagramLookup } from '../diagrams/lookup';
import { prepareDiagrams, type DiagramSetup } from '../diagrams/prepare';
import type { FileStat, FileSystem } from '../files/fileSystem';
import { conversionOptions, type SiteConversionOptions } from '../markdown/conversionOptions';
import type { AttachmentRef, ConvertOptions, ConvertResult, LinkTarget } from '../markdown/types';
import type { SecretFinding } from '../secrets/types';
import type { ConversionCache } from './conversionCache';
import { discoverDocs, folderKey, walkFolders, type DiscoveredTree, type FolderNode } from './discover';
import { bodyTooLarge, decodeDocument } from './documentText';
import { humanize, titleFromFileName, type MarkdownPort } from './markdownPort';
import { TimeSlice } from './eventLoop';
import { screenNodes, type Scan } from './screen';
import { disambiguateTitles, sanitiseTitle, titleWarning } from './titles';
import { hashInputs } from './docIndex';
import { LocalIndexSession } from './localIndex';
import type { DocumentOutline } from '../markdown/title';
import type { PlanCode, WorkspaceConfig } from './types';

/** One page of the publish as the workspace describes it: a document, or a generated folder page. */
export interface LocalNode {
  /** Mapping key: the document path, or `folder/` for a generated folder page. */
  key: string;
  kind: 'document' | 'folder';
  /** Source document (undefined for generated folder pages). */
  file?: string;
  parentKey?: string;
  isRoot: boolean;
  depth: number;
  title: string;
  children: string[];
  storage?: string;
  hash?: string;
  labels: string[];
  attachments: AttachmentRef[];
  warnings: DocumentDiagnostic[];
  /** Front matter `page_id`: an explicit link to an existing page. */
  pageIdHint?: string;
  /** The raw Markdown, for the secret scan. */
  source?: string;
  error?: { code: PlanCode; message: string; diagnostics?: DocumentDiagnostic[] };
  /** The title as the document gives it, before cleaning and disambiguation. */
  rawTitle?: string;
  /** The title was made up from a folder or file name (may be disambiguated, see titles.ts). */
  derivedTitle?: boolean;
  /** What may follow "#" in a link to this document -> Confluence anchor. */
  anchors?: Record<string, string>;
  frontMatter?: Record<string, unknown>;
  /** Likely secrets in the document, its title or front matter (set when the model is screened). */
  findings?: SecretFinding[];
  /** Not published, with a warning (not a text file): nothing is written, no other page names it. */
  skipped?: { code: string; message: string };
}

export interface LocalModel {
  tree: DiscoveredTree;
  nodes: Map<string, LocalNode>;
  /** Keys, parents before children (tree pre-order). */
  order: string[];
  /** Documents excluded by `publish: false`. */
  unpublished: string[];
  /** How this publish resolves a link to a workspace path (a document or folder) to its page; `create` reuses it. */
  resolveDocument: (target: string) => LinkTarget | undefined;
  /** The attachment policy the documents were converted with; apply checks every upload through it again. */
  attachments: AttachmentGuard;
  /** Documents and folders left out because their path contains a likely secret (`display` is masked). */
  pathWithheld: Array<{ key: string; display: string; findings: SecretFinding[] }>;
}

export interface LocalOptions {
  root: string;
  config: WorkspaceConfig;
  markdown: MarkdownPort;
  spaceKey?: string;
  /** Where the documents and attachments are read (the extension's answers with unsaved editor text). */
  fs: FileSystem;
  /** Only convert these keys (others get titles only). Undefined: all. */
  convertOnly?: Set<string>;
  /** Site-dependent conversion options (conversionOptions()); default: Cloud. */
  conversion?: SiteConversionOptions;
  /**
   * Diagram renderers and the render cache: the async build renders what the cache lacks (one renderer call for all
   * documents) before converting; the sync build reads the cache only.
   */
  diagrams?: DiagramSetup;
  /** Secret scanner: when given (async build only), every document is screened before any page is built. */
  screen?: Scan;
  /** Conversions of documents whose inputs did not change are taken from here (conversionCache.ts). */
  cache?: ConversionCache;
  /**
   * An offline status: documents the cache's document index (docIndex.ts) knows unchanged are neither read nor
   * converted; their title and hash come from the index, `source` and `storage` stay undefined. Ignored with
   * `screen` (screening needs every text).
   */
  hashOnly?: boolean;
}

export const PROPERTY_KEY = 'docs-to-confluence';
export const TOOL_NAME = 'docs-to-confluence';

/** Reads the docs tree, gives every page a title, converts documents and hashes what would be published. */
export function buildLocalModel(opts: LocalOptions, tree = discoverDocs(opts.root, opts.config, opts.fs)): LocalModel {
  const steps = localModelSteps(opts, tree);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, giving the event loop a turn every few documents: requests already sent (the listing) progress while
 * converting, and an editor host stays responsive.
 */
export async function buildLocalModelAsync(opts: LocalOptions, tree = discoverDocs(opts.root, opts.config, opts.fs), signal?: AbortSignal): Promise<LocalModel> {
  const steps = localModelSteps(opts, tree);
  const slice = new TimeSlice(signal);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value) {
      // titles are known, nothing is converted yet: withheld documents must not reach any other page
      await slice.turn(true);
      if (opts.screen) await screenNodes(r.value, opts.screen);
      if (opts.diagrams) await renderDiagrams(r.value, opts.diagrams, opts.convertOnly, signal);
      await slice.turn(true);
      continue;
    }
    // an editor host must never wait long: a turn for the event loop every ~20 ms of work
    await slice.turn();
  }
}

/** Renders the diagrams of the documents about to be converted (not withheld ones) into the render cache. */
async function renderDiagrams(model: LocalModel, setup: DiagramSetup, only: Set<string> | undefined, signal?: AbortSignal): Promise<void> {
  const texts: string[] = [];
  for (const n of model.nodes.values()) {
    if (n.source && n.file && !n.error && !n.skipped && !n.findings?.length && (!only || only.has(n.key))) texts.push(n.source);
  }
  await prepareDiagrams(setup, texts, undefined, signal);
}

function* localModelSteps(opts: LocalOptions, tree: DiscoveredTree): Generator<LocalModel | void, LocalModel, void> {
  const { root, config } = opts;
  const index = opts.cache?.index && new LocalIndexSession(opts.cache.index, opts.cache, opts.fs, root, Boolean(opts.hashOnly && !opts.screen));
  const nodes = new Map<string, LocalNode>();
  const order: string[] = [];
  const unpublished: string[] = [];
  const pathWithheld: LocalModel['pathWithheld'] = [];

  const newNode = (key: string, kind: LocalNode['kind'], file: string | undefined, parentKey: string | undefined, depth: number): LocalNode => {
    const node: LocalNode = { key, kind, file, parentKey, isRoot: parentKey === undefined, depth, title: '', children: [], labels: [], attachments: [], warnings: [] };
    nodes.set(key, node);
    order.push(key);
    if (parentKey) nodes.get(parentKey)!.children.push(key);
    return node;
  };
  function* visit(folder: FolderNode, parentKey: string | undefined): Generator<void, void, void> {
    const node = newNode(folder.key, folder.indexFile ? 'document' : 'folder', folder.indexFile, parentKey, folder.depth);
    titleOf(opts, node, index, folder);
    for (const doc of folder.docs) {
      if (doc === folder.indexFile) continue;
      const d = newNode(doc, 'document', doc, folder.key, folder.depth + 1);
      titleOf(opts, d, index);
      yield;
    }
    for (const sub of folder.folders) yield* visit(sub, folder.key);
  }
  yield* visit(tree.root, undefined);
  // Made-up titles (folder and file names) that collide get unique ones before any page or link uses them.
  const titled = new Map([...nodes].map(([k, n]) => [k, { key: k, title: n.title, parentKey: n.parentKey, isRoot: n.isRoot, derivedTitle: Boolean(n.derivedTitle), path: n.file ?? n.key }]));
  for (const k of disambiguateTitles(titled, order)) nodes.get(k)!.title = sanitiseTitle(titled.get(k)!.title).title;
  // Resolution reads the nodes when links are converted (after screening), not now.
  const byFile = new Map<string, LocalNode>();
  const resolveDocument = (target: string): LinkTarget | undefined => {
    const n = byFile.get(target) ?? nodes.get(folderKey(target.replace(/\/$/, '')));
    // A withheld (secret) or skipped document lends no title to another page: the link stays text.
    if (!n || n.error || n.skipped) return undefined;
    if (n.findings?.length) return { title: '', spaceKey: '', withheld: true };
    return { title: n.title, spaceKey: opts.spaceKey ?? config.spaceKey ?? '', anchors: n.anchors };
  };
  // Attachments only through the policy (type allow-list, no dotfiles/keys, real path inside, not git-ignored).
  const guard = new AttachmentGuard({ root, docsRoot: config.docsRoot, fs: opts.fs });
  yield { tree, nodes, order, unpublished, pathWithheld, resolveDocument, attachments: guard };

  // Documents that opt out with `publish: false` leave the tree (folders left empty stay: they are cheap and harmless).
  for (const n of nodes.values()) if (n.file) byFile.set(n.file, n);

  const conversion: Conversion = { opts, nodes, order, unpublished, resolveDocument, guard, findDocument: documentFinder(nodes), index };
  for (const key of order) {
    const node = nodes.get(key)!;
    if (node.error || node.skipped || (opts.convertOnly && !opts.convertOnly.has(key))) continue;
    if (node.file && convertDocument(conversion, node)) yield;
  }
  fillFolderPages(opts, nodes, order);
  let n = 0;
  for (const node of nodes.values()) {
    if (node.storage !== undefined) node.hash = contentHash(node);
    if (++n % 64 === 0) yield;
  }
  index?.finish(nodes.values());
  return { tree, nodes, order, unpublished, resolveDocument, attachments: guard, pathWithheld };
}

/** Cleans a title for Confluence; a changed title is a warning on the document. */
function setTitle(node: LocalNode, raw: string): void {
  const clean = sanitiseTitle(raw);
  node.title = clean.title || titleFromFileName(node.file ?? node.key.replace(/\/$/, ''));
  if (clean.changes.length) node.warnings.push(titleWarning(node.file ?? node.key, raw, clean));
}

/** A node's title: the root's from the config, a folder's from its name, a document's from its source. */
function titleOf(opts: LocalOptions, node: LocalNode, index: LocalIndexSession | undefined, folder?: FolderNode): void {
  if (node.isRoot) {
    node.title = opts.config.rootPageTitle;
    if (node.file) loadSource(opts, node, index);
    return;
  }
  if (!node.file) {
    const name = folder!.path.slice(folder!.path.lastIndexOf('/') + 1);
    node.derivedTitle = true;
    setTitle(node, humanize(name));
    return;
  }
  loadSource(opts, node, index);
}

/**
 * A document's text (an unsaved editor buffer, when the file system answers with one), when it is UTF-8 text.
 * `onStat`: the file's stat as of the read, when the file system gives it with the bytes (the document index).
 */
function readDocument(opts: LocalOptions, rel: string, onStat?: (st: FileStat) => void): { text: string } | { problem: string } {
  const path = join(opts.root, rel);
  const read = () => {
    if (!onStat || !opts.fs.readFileWithStat) return decodeDocument(opts.fs.readFile(path));
    const { data, stat } = opts.fs.readFileWithStat(path);
    onStat(stat);
    return decodeDocument(data);
  };
  return opts.cache ? opts.cache.readDocument(opts.fs, path, read) : read();
}

/** Reads a document and takes its title and outline; a file that cannot be read, or is not text, is marked. */
function loadSource(opts: LocalOptions, node: LocalNode, index?: LocalIndexSession): void {
  const file = node.file!;
  let source: string;
  const fallbackTitle = () => {
    if (!node.title) node.title = humanize(file.slice(file.lastIndexOf('/') + 1).replace(/\.md$/i, ''));
  };
  const indexed = index?.beforeRead(file, Boolean(opts.fs.readFileWithStat));
  if (indexed) {
    // unchanged since it was indexed: its outline from the index, its text only if its conversion does not hold
    setOutline(node, indexed.o, indexed.o.title.trim());
    return;
  }
  let stat: FileStat | undefined;
  try {
    const text = readDocument(opts, file, index && ((st) => (stat = st)));
    if ('problem' in text) {
      // one bad file is skipped alone, with a warning: no page of replacement characters, nothing else fails
      const message = `${file}: skipped: ${text.problem}; exclude it in .confluence.yml or fix the file`;
      node.skipped = { code: 'not-text', message };
      node.warnings.push({ file, line: 1, severity: 'warning', code: 'not-text', message });
      fallbackTitle();
      return;
    }
    source = text.text;
  } catch (err) {
    node.error = { code: 'read-failed', message: `${file}: cannot read the file: ${(err as Error).message}` };
    fallbackTitle();
    return;
  }
  node.source = source;
  const tooLarge = bodyTooLarge(file, Buffer.byteLength(source), 'source');
  if (tooLarge) {
    node.error = { code: 'body-too-large', message: tooLarge };
    fallbackTitle();
    return;
  }
  try {
    const take = () => opts.markdown.outline?.(source, file);
    const outline = opts.cache ? opts.cache.outline(join(opts.root, file), source, take) : take();
    index?.read(file, source, outline, stat);
    setOutline(node, outline, (outline?.title ?? opts.markdown.title(source, file)).trim());
  } catch (err) {
    node.error = documentError(err, file);
    if (!node.title) node.title = humanize(file.slice(file.lastIndexOf('/') + 1).replace(/\.md$/i, ''));
  }
}

function setOutline(node: LocalNode, outline: DocumentOutline | undefined, title: string): void {
  node.rawTitle = title;
  node.anchors = outline?.anchors;
  node.frontMatter = outline?.frontMatter;
  node.derivedTitle = outline ? outline.titleSource === 'file-name' : false;
  if (!node.isRoot) setTitle(node, title);
}

/** What converting the documents shares: the model being built, link resolution, the attachment policy. */
interface Conversion {
  opts: LocalOptions;
  nodes: Map<string, LocalNode>;
  order: string[];
  unpublished: string[];
  resolveDocument: (target: string) => LinkTarget | undefined;
  guard: AttachmentGuard;
  /** Wiki links: a document of the set by title or file name (see ConvertOptions.findDocument). */
  findDocument: (name: string) => string | undefined;
  index?: LocalIndexSession;
}

/** Title or file name (without extension, case-insensitive) -> document path; titles win, the first one by order. */
function documentFinder(nodes: Map<string, LocalNode>): (name: string) => string | undefined {
  let index: Map<string, string> | undefined;
  return (name) => {
    if (!index) {
      index = new Map();
      const docs = [...nodes.values()].filter((n) => n.file);
      for (const n of docs) if (!index.has(n.title.toLowerCase())) index.set(n.title.toLowerCase(), n.file!);
      for (const n of docs) {
        const base = n.file!.replace(/^.*\//, '').replace(/\.[^.]+$/, '').toLowerCase();
        if (!index.has(base)) index.set(base, n.file!);
      }
    }
    return index.get(name.trim().toLowerCase());
  };
}

/**
 * Converts one document to storage format (labels, attachments, front matter `space`/`page_id`/`jira`). Returns
 * false when it left the tree (`publish: false`) or is for another space.
 */
function convertDocument(c: Conversion, node: LocalNode): boolean {
  const { opts } = c;
  const { config } = opts;
  const file = node.file!;
  try {
    const options: ConvertOptions = {
      path: file,
      resolveDocument: c.resolveDocument,
      findDocument: c.findDocument,
      diagrams: opts.diagrams ? diagramLookup(opts.diagrams) : undefined,
      readFile: c.guard.read,
      checkAttachment: c.guard.refusal,
      spaceKey: opts.spaceKey ?? config.spaceKey,
      ...(opts.conversion ?? conversionOptions({ codeLineNumbers: config.codeLineNumbers })),
    };
    if (node.source === undefined) {
      // taken from the document index unread (offline status): its hash too, when every input still holds
      const h = c.index?.conversion(file, options);
      if (h?.publish) {
        const applied = applyResult(c, node, { ...h, warnings: [] });
        if (!applied.kept || node.error) return applied.kept;
        if (hashInputs(node.title, applied.jira, node.labels, node.attachments) === h.x) {
          node.hash = h.hash;
          return true;
        }
      }
      if (!readLate(c, node)) return true;
    }
    let result: ConvertResult;
    if (opts.cache) {
      const tracked = opts.cache.convertTracked((s, o) => opts.markdown.convert(s, o), node.source!, options, c.index?.digestOf(file));
      result = tracked.result;
      c.index?.converted(file, tracked.key, tracked.deps, result, jiraOf(result.frontMatter, config.jiraTicket));
    } else {
      result = opts.markdown.convert(node.source!, options);
    }
    const applied = applyResult(c, node, result);
    if (!applied.kept || node.error) return applied.kept;
    const storage = withJira(result.storage, applied.jira);
    const tooLarge = bodyTooLarge(file, Buffer.byteLength(storage), 'storage');
    if (tooLarge) node.error = { code: 'body-too-large', message: tooLarge };
    else node.storage = storage;
  } catch (err) {
    node.error = documentError(err, file);
  }
  return true;
}

/** What a conversion gives the node besides its storage: title, labels, attachments, warnings, front matter checks. */
function applyResult(c: Conversion, node: LocalNode, result: Pick<ConvertResult, 'title' | 'publish' | 'labels' | 'attachments' | 'warnings' | 'frontMatter'>): { kept: boolean; jira?: string } {
  const { opts } = c;
  const file = node.file!;
  if (!result.publish) {
    c.unpublished.push(file);
    if (!node.isRoot && node.kind === 'document' && node.children.length === 0) {
      removeNode(c.nodes, c.order, node);
      return { kept: false };
    }
  }
  if (!node.isRoot && result.title.trim() !== node.rawTitle) setTitle(node, result.title.trim());
  node.labels = mergeLabels(opts.config.labels, result.labels);
  node.attachments = result.attachments;
  node.warnings = node.warnings.concat(result.warnings);
  const space = result.frontMatter.space;
  if (space && opts.spaceKey && space !== opts.spaceKey) {
    node.error = {
      code: 'space-mismatch',
      message: `${file}: front matter says space ${space} but this publish goes to ${opts.spaceKey}; publish it separately with --space ${space}, or remove the \`space\` line`,
    };
    return { kept: false };
  }
  if (result.frontMatter.page_id) node.pageIdHint = String(result.frontMatter.page_id);
  return { kept: true, jira: jiraOf(result.frontMatter, opts.config.jiraTicket) };
}

/** The Jira key a page starts with: front matter `jira` (or `jira_ticket`, `jiraTicket`), else the config's. */
function jiraOf(fm: Record<string, unknown>, fallback: string | undefined): string | undefined {
  const value = fm.jira ?? fm.jira_ticket ?? fm.jiraTicket;
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/** Reads a document the index gave unread, now that its conversion must run; false when it cannot (marked). */
function readLate(c: Conversion, node: LocalNode): boolean {
  const file = node.file!;
  try {
    const text = readDocument(c.opts, file);
    if ('problem' in text) {
      node.error = { code: 'read-failed', message: `${file}: cannot read the file: ${text.problem}` };
      return false;
    }
    const tooLarge = bodyTooLarge(file, Buffer.byteLength(text.text), 'source');
    if (tooLarge) {
      node.error = { code: 'body-too-large', message: tooLarge };
      return false;
    }
    node.source = text.text;
    c.index?.readLate(file, text.text);
    return true;
  } catch (err) {
    node.error = { code: 'read-failed', message: `${file}: cannot read the file: ${(err as Error).message}` };
    return false;
  }
}

/** Generated folder pages list their children, so they need every title first. */
function fillFolderPages(opts: LocalOptions, nodes: Map<string, LocalNode>, order: string[]): void {
  const { config } = opts;
  for (const key of order) {
    const node = nodes.get(key)!;
    if (node.kind === 'folder' && !node.error && (!opts.convertOnly || opts.convertOnly.has(key))) {
      node.labels = mergeLabels(config.labels, []);
      // withheld (secret) and skipped documents are not listed: their titles go nowhere
      const listed = node.children.map((k) => nodes.get(k)!).filter((c) => c && !c.skipped && !c.findings?.length);
      node.storage = withJira(folderPageBody(listed), config.jiraTicket);
    }
  }
}

export function removeNode(nodes: Map<string, LocalNode>, order: string[], node: LocalNode): void {
  nodes.delete(node.key);
  order.splice(order.indexOf(node.key), 1);
  const parent = node.parentKey ? nodes.get(node.parentKey) : undefined;
  if (parent) parent.children = parent.children.filter((k) => k !== node.key);
}

function documentError(err: unknown, file: string): NonNullable<LocalNode['error']> {
  if (err instanceof DocumentError) {
    const code: PlanCode = err.code === 'front-matter-invalid' ? 'front-matter-invalid' : 'convert-failed';
    return {
      code,
      message: err.message,
      diagnostics: [{ file, line: err.line ?? 1, severity: 'error', code: err.code, message: err.message }],
    };
  }
  return { code: 'convert-failed', message: `${file}: could not convert the document: ${(err as Error)?.message ?? String(err)}` };
}

function mergeLabels(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A generated folder page: a list of links to its child pages (by title, so it works before they exist). */
export function folderPageBody(children: LocalNode[]): string {
  const items = [...children]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((c) => `<li><ac:link><ri:page ri:content-title="${escapeXml(c.title)}" /></ac:link></li>`)
    .join('');
  return `<p>Pages in this section:</p>${items ? `<ul>${items}</ul>` : '<p><em>(none yet)</em></p>'}`;
}

function withJira(storage: string, jira: string | undefined): string {
  if (!jira) return storage;
  return `<p><ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">${escapeXml(jira)}</ac:parameter></ac:structured-macro></p>${storage}`;
}

/** sha256 of everything that ends up on the page except its place in the tree. */
export function contentHash(node: Pick<LocalNode, 'title' | 'storage' | 'labels' | 'attachments'>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([node.title, node.storage ?? '', node.labels, node.attachments.map((a) => [a.name, a.hash])]));
  return h.digest('hex');
}

/** Workspace-relative POSIX path of an absolute or relative path. */
export function toWorkspacePath(root: string, p: string): string {
  const rel = isAbsolute(p) ? relative(root, p) : p;
  return rel.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
}

export { walkFolders };
