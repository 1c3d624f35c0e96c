// Host-free: keeps the tree's element identities across rebuilds and says which nodes changed (issue 13), so the
// tree view refreshes only those (`onDidChangeTreeData` with the changed elements) instead of the whole tree.
// Unit-tested in test/unit/extension/treeDiff.test.ts.
import type { DocEntry, DocState, TreeNodeData } from './docTree';

/** The result of merging a fresh tree into the one the view shows. */
export interface TreePatch {
  /** The roots to show: the previous node objects where a node with the same id still exists. */
  roots: TreeNodeData[];
  /**
   * The nodes to refresh (a node's refresh covers its subtree, so no node below another listed one is listed);
   * `'all'` when the roots themselves changed, or when more than MAX_PATCHED_NODES nodes did (one refresh of the
   * tree instead of thousands of element refreshes: a publish's end changes every page it wrote); empty when nothing
   * the view shows changed.
   */
  changed: TreeNodeData[] | 'all';
}

const ENTRY_FIELDS: (keyof DocEntry)[] = ['file', 'state', 'title', 'pageId', 'version', 'lastPublished', 'message', 'url'];

function sameEntry(a: DocEntry | undefined, b: DocEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return ENTRY_FIELDS.every((k) => a[k] === b[k]);
}

function sameCounts(a: Partial<Record<DocState, number>>, b: Partial<Record<DocState, number>>): boolean {
  const ka = Object.keys(a) as DocState[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

const sameIds = (a: TreeNodeData[], b: TreeNodeData[]): boolean => a.length === b.length && a.every((n, i) => n.id === b[i].id);

/**
 * Merges `next` (a fresh buildTree) into `prev` (what the view shows): a node whose id still exists keeps its object
 * (updated in place), so the view's elements stay valid; a node whose look (state, counts, entry, name) or list of
 * children changed is reported, once, at the highest changed level.
 */
export function patchTree(prev: readonly TreeNodeData[], next: TreeNodeData[]): TreePatch {
  if (!sameIds([...prev], next)) return { roots: next, changed: 'all' };
  const changed: TreeNodeData[] = [];
  const roots = next.map((n, i) => merge(prev[i], n, undefined, changed, false));
  return { roots, changed: changed.length > MAX_PATCHED_NODES ? 'all' : changed };
}

/** Above this many changed nodes, the view refreshes whole (one event, the expanded rows fetched once). */
export const MAX_PATCHED_NODES = 100;

function merge(old: TreeNodeData, fresh: TreeNodeData, parent: TreeNodeData | undefined, changed: TreeNodeData[], covered: boolean): TreeNodeData {
  if (old.kind !== fresh.kind) {
    fresh.parent = parent;
    return fresh;
  }
  const look = old.state !== fresh.state || old.name !== fresh.name || !sameCounts(old.counts, fresh.counts) || !sameEntry(old.entry, fresh.entry);
  const structure = !sameIds(old.children, fresh.children);
  const report = !covered && (look || structure);
  if (report) changed.push(old);
  const before = new Map(old.children.map((c) => [c.id, c]));
  const children = fresh.children.map((c) => {
    const prior = before.get(c.id);
    if (!prior) {
      c.parent = old;
      return c;
    }
    return merge(prior, c, old, changed, covered || report);
  });
  old.state = fresh.state;
  old.name = fresh.name;
  old.counts = fresh.counts;
  old.entry = fresh.entry;
  old.path = fresh.path;
  old.children = children;
  old.parent = parent;
  return old;
}
