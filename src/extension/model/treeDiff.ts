// Host-free: keeps the tree's element identities across rebuilds and says which nodes changed (issue 13), so the
// tree view refreshes only those (`onDidChangeTreeData` with the changed elements) instead of the whole tree.
// Unit-tested in test/unit/extension/treeDiff.test.ts.
import type { DocEntry, DocState, TreeNodeData } from './docTree';
import { runSteps, type Steps } from './steps';

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
  return runSteps(patchTreeSteps(prev, next)).apply();
}

/** What patchTreeSteps found: `apply()` updates the kept node objects (at once: the view never sees half of it). */
export interface PendingPatch {
  apply(): TreePatch;
}

/**
 * patchTree as steps (see steps.ts): the comparison runs in steps and changes nothing the view holds; `apply()`
 * then writes the new fields into the kept nodes in one go (10,000 documents: the comparison is most of the work).
 */
export function* patchTreeSteps(prev: readonly TreeNodeData[], next: TreeNodeData[]): Steps<PendingPatch> {
  if (!sameIds([...prev], next)) return { apply: () => ({ roots: next, changed: 'all' }) };
  const changed: TreeNodeData[] = [];
  const updates: Update[] = [];
  const roots: TreeNodeData[] = [];
  for (let i = 0; i < next.length; i++) roots.push(yield* merge(prev[i], next[i], undefined, changed, false, updates));
  return {
    apply: () => {
      for (const [old, fresh, children, parent] of updates) {
        old.state = fresh.state;
        old.name = fresh.name;
        old.counts = fresh.counts;
        old.entry = fresh.entry;
        old.path = fresh.path;
        old.children = children;
        old.parent = parent;
      }
      return { roots, changed: changed.length > MAX_PATCHED_NODES ? 'all' : changed };
    },
  };
}

/** Above this many changed nodes, the view refreshes whole (one event, the expanded rows fetched once). */
export const MAX_PATCHED_NODES = 100;

/** A kept node, the fresh node it takes its fields from, its new children and parent. */
type Update = [old: TreeNodeData, fresh: TreeNodeData, children: TreeNodeData[], parent: TreeNodeData | undefined];

function* merge(old: TreeNodeData, fresh: TreeNodeData, parent: TreeNodeData | undefined, changed: TreeNodeData[], covered: boolean, updates: Update[]): Steps<TreeNodeData> {
  yield;
  if (old.kind !== fresh.kind) {
    fresh.parent = parent;
    return fresh;
  }
  const look = old.state !== fresh.state || old.name !== fresh.name || !sameCounts(old.counts, fresh.counts) || !sameEntry(old.entry, fresh.entry);
  const structure = !sameIds(old.children, fresh.children);
  const report = !covered && (look || structure);
  if (report) changed.push(old);
  const before = new Map(old.children.map((c) => [c.id, c]));
  const children: TreeNodeData[] = [];
  for (const c of fresh.children) {
    const prior = before.get(c.id);
    if (!prior) {
      // A new node: not shown yet, its parent is the kept node.
      c.parent = old;
      children.push(c);
    } else children.push(yield* merge(prior, c, old, changed, covered || report, updates));
  }
  updates.push([old, fresh, children, parent]);
  return old;
}
