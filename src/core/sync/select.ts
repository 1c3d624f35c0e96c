import { toWorkspacePath } from './local';
import type { DiscoveredTree, FolderNode } from './discover';

export interface Selection {
  /** Keys of pages the user asked for. */
  selected: Set<string>;
  /** Selected keys plus the folder pages above them (they must exist before their children). */
  withAncestors: Set<string>;
}

/** Maps CLI/extension paths (files or folders, absolute or workspace-relative) to page keys of the tree. */
export function selectKeys(tree: DiscoveredTree, root: string, paths: string[]): Selection {
  const wanted = paths.map((p) => toWorkspacePath(root, p)).map((p) => (p === '.' ? '' : p));
  const selected = new Set<string>();
  const withAncestors = new Set<string>();
  const matches = (path: string) => wanted.some((w) => w === '' || path === w || path.startsWith(w + '/'));
  const visit = (folder: FolderNode, ancestors: string[]) => {
    const chain = [...ancestors, folder.key];
    const take = (key: string, path: string, lineage: string[]) => {
      if (!matches(path)) return;
      selected.add(key);
      for (const a of lineage) withAncestors.add(a);
      withAncestors.add(key);
    };
    take(folder.key, folder.indexFile ?? folder.path, ancestors);
    for (const doc of folder.docs) if (doc !== folder.indexFile) take(doc, doc, chain);
    for (const sub of folder.folders) visit(sub, chain);
  };
  visit(tree.root, []);
  return { selected, withAncestors };
}
