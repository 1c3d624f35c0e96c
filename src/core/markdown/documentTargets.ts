import { resolve, sep } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { scanDocument } from './title';
import type { LinkTarget } from './types';

/**
 * What a link to another document resolves to: its page title and the anchors of its headings, from the same
 * outline for every front end (sync, render, preview, diagnostics), so `other.md#rollback` gets the same anchor
 * (and the same `anchor-unresolved` warning) wherever it is converted. Throws DocumentError on broken front matter.
 */
export function linkTargetOf(source: string, path: string, spaceKey: string): LinkTarget {
  const outline = scanDocument(source, path);
  return { title: outline.title, spaceKey, anchors: outline.anchors };
}

export interface WorkspaceResolver {
  (path: string): LinkTarget | undefined;
  /** Workspace-relative path of every document resolved so far, by its title (page links back to files). */
  readonly byTitle: Map<string, string>;
}

/**
 * Resolves links to Markdown files of a workspace folder by reading them (once each) through `fs` (default: the
 * disk; the extension's reads unsaved editor text): for `render`, the preview and diagnostics, which convert one
 * document without the publish set. `seed` supplies targets already known (documents rendered together).
 */
export function workspaceDocumentResolver(
  root: string,
  spaceKey: string,
  opts: { seed?: Map<string, LinkTarget | undefined>; fs?: FileSystem } = {},
): WorkspaceResolver {
  const fs = opts.fs ?? nodeFileSystem;
  const base = resolve(root);
  const cache = new Map<string, LinkTarget | undefined>(opts.seed ?? []);
  const byTitle = new Map<string, string>();
  const remember = (p: string, t: LinkTarget | undefined) => {
    if (t && !byTitle.has(t.title)) byTitle.set(t.title, p);
    return t;
  };
  for (const [p, t] of cache) remember(p, t);
  const resolver = ((p: string): LinkTarget | undefined => {
    if (cache.has(p)) return cache.get(p);
    let target: LinkTarget | undefined;
    const abs = resolve(base, p);
    if ((abs === base || abs.startsWith(base + sep)) && fs.stat(abs)?.isFile) {
      try {
        target = linkTargetOf(fs.readText(abs), p, spaceKey);
      } catch {
        target = undefined; // its own front matter is broken: reported when that file is converted
      }
    }
    cache.set(p, target);
    return remember(p, target);
  }) as WorkspaceResolver;
  Object.defineProperty(resolver, 'byTitle', { value: byTitle });
  return resolver;
}
