// Host-free model of the docs tree: per-file states merged from the offline status and the last plan/publish,
// arranged as the page hierarchy (folders are parent pages, files are pages).
import { runSteps, type Steps } from './steps';
import { stateWord } from './stateWords';
import { t } from './translate';

/**
 * The state of one document, as the tree and the status bar show it (SyncState holds them). A new state (e.g.
 * "changed in Confluence" / "deleted in Confluence" from a pull feature) is added here and then mapped where the
 * compiler asks: SEVERITY, countStates, and its word + icon in stateWords.ts (STATE_LOOK).
 */
export type DocState =
  | 'in-sync' | 'changed' | 'new' | 'conflict' | 'blocked' | 'error' | 'excluded'
  /** The page was edited in Confluence since our last publish or pull (a pull brings the edit in). */
  | 'changed-remotely'
  /** The page was deleted (trashed, purged) in Confluence since our last publish or pull. */
  | 'deleted-remotely';

export interface DocEntry {
  /** Workspace-relative POSIX path of the document. */
  file: string;
  state: DocState;
  title?: string;
  pageId?: string;
  version?: number;
  /** ISO time of our last publish, when known. */
  lastPublished?: string;
  /** Why it is in this state (error text, conflict reason, findings count…). */
  message?: string;
  /** Page URL, when known. */
  url?: string;
}

/** What the last plan or publish said about a file, kept until a newer plan/publish speaks about it. */
export interface RemoteOverlay {
  state: 'conflict' | 'blocked' | 'error' | 'in-sync';
  message?: string;
  pageId?: string;
  version?: number;
  url?: string;
  at?: string;
}

export interface TreeNodeData {
  /** Stable id: the workspace-relative path (folders end in `/`). */
  id: string;
  kind: 'folder' | 'doc';
  name: string;
  /** Workspace-relative path; folders end in `/`. */
  path: string;
  entry?: DocEntry;
  /** The node's own page state (a folder: its index/generated page; without one, the worst below). */
  state: DocState;
  /** Documents per state: the node's own page and everything below it. */
  counts: Partial<Record<DocState, number>>;
  children: TreeNodeData[];
  parent?: TreeNodeData;
}

const SEVERITY: DocState[] = ['excluded', 'in-sync', 'new', 'changed', 'changed-remotely', 'deleted-remotely', 'blocked', 'conflict', 'error'];

export function worst(a: DocState, b: DocState): DocState {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

/** What the last check of Confluence found for a file (changed-remotely / deleted-remotely). */
export interface RemoteMark {
  state: 'changed-remotely' | 'deleted-remotely';
  /** The page's version now (absent when deleted). */
  version?: number;
  /** The version we last published or pulled. */
  localVersion?: number;
}

/**
 * Applies the overlay from the last plan/publish to the offline states, then what the last check of Confluence found
 * (a remote edit shows over "in sync" and "changed locally", never over a conflict, a block or an error: those say
 * more). A local change after a conflict stays a conflict.
 */
export function mergeStates(local: DocEntry[], overlay: ReadonlyMap<string, RemoteOverlay>, remote: ReadonlyMap<string, RemoteMark> = new Map()): DocEntry[] {
  return runSteps(mergeStatesSteps(local, overlay, remote));
}

/** mergeStates as steps (one per document; see steps.ts). */
export function* mergeStatesSteps(local: DocEntry[], overlay: ReadonlyMap<string, RemoteOverlay>, remote: ReadonlyMap<string, RemoteMark> = new Map()): Steps<DocEntry[]> {
  const out: DocEntry[] = [];
  for (const entry of local) {
    out.push(mergeOne(entry, overlay, remote));
    yield;
  }
  return out;
}

function mergeOne(entry: DocEntry, overlay: ReadonlyMap<string, RemoteOverlay>, remote: ReadonlyMap<string, RemoteMark>): DocEntry {
  const merged = mergeOverlay(entry, overlay.get(entry.file));
  const r = remote.get(entry.file);
  if (!r || (merged.state !== 'in-sync' && merged.state !== 'changed')) return merged;
  const both = merged.state === 'changed' && r.state === 'changed-remotely';
  return { ...merged, state: r.state, message: remoteMessage(r, both) };
}

/** Why a document shows "changed in Confluence" / "deleted in Confluence" (the tooltip). */
function remoteMessage(r: RemoteMark, both: boolean): string {
  if (r.state === 'deleted-remotely') return t('The page was deleted in Confluence since the last publish or pull.');
  const versions = r.version !== undefined && r.localVersion !== undefined ? t(' (version {0} → {1})', r.localVersion, r.version) : '';
  return both
    ? t('The page was edited in Confluence{0}; the file has local changes too: Pull merges both. Pull from Confluence brings the edit in.', versions)
    : t('The page was edited in Confluence{0}. Pull from Confluence brings the edit in.', versions);
}

const INDEX_NAMES = ['index.md', 'readme.md'];

function mergeOverlay(entry: DocEntry, o: RemoteOverlay | undefined): DocEntry {
  if (!o) return entry;
  const merged: DocEntry = { ...entry, pageId: o.pageId ?? entry.pageId, version: o.version ?? entry.version, url: o.url ?? entry.url };
  if (o.at) merged.lastPublished = o.at;
  if (o.state !== 'in-sync') {
    merged.state = o.state;
    merged.message = o.message;
  }
  return merged;
}

/**
 * The page of a folder among its documents: index.md, else README.md (case-insensitive), as the engine picks it
 * (core's discoverDocs). That document is the folder's own page, not a child beside its pages.
 */
function indexOf(docs: DocEntry[]): DocEntry | undefined {
  const base = (e: DocEntry): string => e.file.slice(e.file.lastIndexOf('/') + 1).toLowerCase();
  return INDEX_NAMES.map((n) => docs.find((d) => base(d) === n)).find(Boolean);
}

/**
 * Builds the page hierarchy below `docsRoot` ('.' for the workspace root), as Confluence will hold it: the root page
 * (the docs root's index.md or generated page) on top, its sections (folders, each a page of its own: their
 * index.md/README.md or a generated page) and pages below. Within a section, sections first, then pages, each by
 * name. A folder's `state` is its OWN page's state; `counts` covers its page and everything below it.
 */
export function buildTree(entries: DocEntry[], docsRoot: string, folderPages: ReadonlyMap<string, DocEntry> = new Map()): TreeNodeData[] {
  return runSteps(buildTreeSteps(entries, docsRoot, folderPages));
}

/** buildTree as steps (one per document and per node; see steps.ts). */
export function* buildTreeSteps(entries: DocEntry[], docsRoot: string, folderPages: ReadonlyMap<string, DocEntry> = new Map()): Steps<TreeNodeData[]> {
  const rootPrefix = docsRoot === '.' || docsRoot === '' ? '' : `${docsRoot.replace(/\/+$/, '')}/`;
  const rootName = rootPrefix ? rootPrefix.slice(0, -1).split('/').pop()! : '.';
  const root: TreeNodeData = { id: rootPrefix || './', kind: 'folder', name: rootName, path: rootPrefix, entry: folderPages.get(rootPrefix || './'), state: 'in-sync', counts: {}, children: [] };
  const folders = new Map<string, TreeNodeData>([[rootPrefix, root]]);
  const docsOf = new Map<TreeNodeData, DocEntry[]>();

  const folderFor = (path: string): TreeNodeData => {
    const existing = folders.get(path);
    if (existing) return existing;
    const trimmed = path.replace(/\/$/, '');
    const slash = trimmed.lastIndexOf('/');
    const parentPath = slash >= 0 ? trimmed.slice(0, slash + 1) : '';
    const parent = parentPath.length < rootPrefix.length ? root : folderFor(parentPath);
    const node: TreeNodeData = {
      id: path, kind: 'folder', name: trimmed.slice(slash + 1), path, parent,
      entry: folderPages.get(path), state: 'in-sync', counts: {}, children: [],
    };
    parent.children.push(node);
    folders.set(path, node);
    return node;
  };

  for (const entry of entries) {
    if (entry.state === 'excluded') continue;
    if (rootPrefix && !entry.file.startsWith(rootPrefix)) continue;
    const slash = entry.file.lastIndexOf('/');
    const dir = slash >= 0 ? entry.file.slice(0, slash + 1) : '';
    const folder = dir.length <= rootPrefix.length ? root : folderFor(dir);
    const list = docsOf.get(folder);
    if (list) list.push(entry);
    else docsOf.set(folder, [entry]);
    yield;
  }
  for (const [folder, docs] of docsOf) {
    const index = folder.entry ? undefined : indexOf(docs);
    if (index) folder.entry = index;
    for (const entry of docs) {
      if (entry === index) continue;
      const name = entry.file.slice(entry.file.lastIndexOf('/') + 1);
      folder.children.push({ id: entry.file, kind: 'doc', name, path: entry.file, entry, parent: folder, state: entry.state, counts: { [entry.state]: 1 }, children: [] });
      yield;
    }
  }

  const finish = function* (node: TreeNodeData): Steps<void> {
    if (node.kind !== 'folder') return;
    node.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    yield;
    const counts: Partial<Record<DocState, number>> = {};
    let worstBelow: DocState = 'in-sync';
    for (const child of node.children) {
      yield* finish(child);
      worstBelow = worst(worstBelow, child.state);
      for (const [k, v] of Object.entries(child.counts) as [DocState, number][]) counts[k] = (counts[k] ?? 0) + v;
    }
    // Its own page's state; a folder without a known page (none in the scan) shows what is below it.
    node.state = node.entry?.state ?? worstBelow;
    if (node.entry) counts[node.entry.state] = (counts[node.entry.state] ?? 0) + 1;
    node.counts = counts;
  };
  yield* finish(root);
  if (root.children.length === 0 && !root.entry) return [];
  return [root];
}

/** What is below a folder (its counts without its own page). */
export function countsBelow(node: TreeNodeData): Partial<Record<DocState, number>> {
  const below = { ...node.counts };
  if (node.kind === 'folder' && node.entry) {
    const own = node.entry.state;
    below[own] = (below[own] ?? 1) - 1;
    if (!below[own]) delete below[own];
  }
  return below;
}

/** Counts of documents per state, excluding excluded ones. */
export function countStates(entries: DocEntry[]): Record<DocState, number> {
  const counts: Record<DocState, number> = { 'in-sync': 0, changed: 0, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0, 'changed-remotely': 0, 'deleted-remotely': 0 };
  for (const e of entries) counts[e.state]++;
  return counts;
}

/** Short description shown after the item name in the tree: the one vocabulary (stateWords.ts). */
export function describeState(state: DocState): string {
  return stateWord(state);
}

/** Rows a tree may show at first (its folders expanded); above it, deeper levels start collapsed. */
export const EXPANDED_ROWS = 1000;

/**
 * The folders shown expanded when they first appear (issue 13): every folder of a tree that fits in `maxRows` rows;
 * in a larger one, level by level from the root, each level only if all its folders fit. An expanded folder's
 * children are fetched, built as tree items and sent to the view at every refresh, also when scrolled out of sight:
 * a publish that changes every document of 2,000 refreshed 2,000+ items at its end, 10,000 froze the host.
 * Collapsed folders cost nothing until the user opens them (the view keeps what the user opened).
 */
export function foldersToExpand(roots: readonly TreeNodeData[], maxRows = EXPANDED_ROWS): Set<string> {
  const open = new Set<string>();
  let rows = roots.length;
  let level = roots.filter((n) => n.kind === 'folder');
  while (level.length) {
    const added = level.reduce((sum, f) => sum + f.children.length, 0);
    if (rows + added > maxRows) break;
    rows += added;
    for (const f of level) open.add(f.id);
    level = level.flatMap((f) => f.children.filter((c) => c.kind === 'folder'));
  }
  return open;
}
