// Host-free model of the docs tree: per-file states merged from the offline status and the last plan/publish,
// arranged as the page hierarchy (folders are parent pages, files are pages).

/**
 * The state of one document, as the tree and the status bar show it (SyncState holds them). A new state (e.g.
 * "changed in Confluence" / "deleted in Confluence" from a pull feature) is added here and then mapped where the
 * compiler asks: SEVERITY (a folder shows its worst), countStates, describeState, the tree's ICONS.
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
  /** Aggregate state of a folder: the worst state of its documents. */
  state: DocState;
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
  return local.map((entry) => {
    const merged = mergeOverlay(entry, overlay.get(entry.file));
    const r = remote.get(entry.file);
    if (!r || (merged.state !== 'in-sync' && merged.state !== 'changed')) return merged;
    const both = merged.state === 'changed' && r.state === 'changed-remotely';
    const versions = r.version !== undefined && r.localVersion !== undefined ? ` (version ${r.localVersion} → ${r.version})` : '';
    const message = r.state === 'deleted-remotely'
      ? 'The page was deleted in Confluence since the last publish or pull.'
      : `The page was edited in Confluence${versions}${both ? '; the file has local changes too: Pull merges both' : ''}. Pull from Confluence brings the edit in.`;
    return { ...merged, state: r.state, message };
  });
}

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
 * Builds the hierarchy below `docsRoot` ('.' for the workspace root). Folders come first, then files, each sorted
 * by name; `index.md`/`README.md` stay files (the engine decides which page a folder becomes).
 */
export function buildTree(entries: DocEntry[], docsRoot: string, folderPages: ReadonlyMap<string, DocEntry> = new Map()): TreeNodeData[] {
  const rootPrefix = docsRoot === '.' || docsRoot === '' ? '' : `${docsRoot.replace(/\/+$/, '')}/`;
  const root: TreeNodeData = { id: rootPrefix || './', kind: 'folder', name: '', path: rootPrefix, state: 'in-sync', counts: {}, children: [] };
  const folders = new Map<string, TreeNodeData>([[rootPrefix, root]]);

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
    const parent = dir.length <= rootPrefix.length ? root : folderFor(dir);
    parent.children.push({
      id: entry.file, kind: 'doc', name: entry.file.slice(slash + 1), path: entry.file, entry, parent,
      state: entry.state, counts: { [entry.state]: 1 }, children: [],
    });
  }

  const finish = (node: TreeNodeData): void => {
    node.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    if (node.kind === 'folder') {
      let state: DocState = 'in-sync';
      const counts: Partial<Record<DocState, number>> = {};
      for (const child of node.children) {
        finish(child);
        state = worst(state, child.state);
        for (const [k, v] of Object.entries(child.counts) as [DocState, number][]) counts[k] = (counts[k] ?? 0) + v;
      }
      node.state = state;
      node.counts = counts;
    }
  };
  finish(root);
  for (const child of root.children) child.parent = undefined;
  return root.children;
}

/** Counts of documents per state, excluding excluded ones. */
export function countStates(entries: DocEntry[]): Record<DocState, number> {
  const counts: Record<DocState, number> = { 'in-sync': 0, changed: 0, new: 0, conflict: 0, blocked: 0, error: 0, excluded: 0, 'changed-remotely': 0, 'deleted-remotely': 0 };
  for (const e of entries) counts[e.state]++;
  return counts;
}

/** Short description shown after the item name in the tree. */
export function describeState(state: DocState): string {
  switch (state) {
    case 'in-sync': return 'in sync';
    case 'changed': return 'changed locally';
    case 'new': return 'never published';
    case 'conflict': return 'conflict: edited in Confluence';
    case 'blocked': return 'blocked: likely secrets';
    case 'error': return 'error';
    case 'excluded': return 'excluded';
    case 'changed-remotely': return 'changed in Confluence';
    case 'deleted-remotely': return 'deleted in Confluence';
  }
}
