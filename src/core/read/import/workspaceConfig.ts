import { join } from 'node:path';
import type { Page, Space } from '../../confluence/types';
import type { FileSystem } from '../../files/fileSystem';
import { CONFIG_FILE_NAME, DEFAULT_ROOT_PAGE_TITLE, parseConfigText } from '../../sync/config';
import type { WorkspaceConfig } from '../../sync/types';
import { ImportError } from './types';

/** The settings a publish needs to find the imported tree again: root page title, its parent, docs folder, space. */
export interface ImportSettings {
  space: string;
  rootPageTitle: string;
  /** The root page's parent when it is not the homepage (and the root is not the homepage itself). */
  rootParent?: { id: string; title?: string };
  docsRoot: string;
}

export function importSettings(config: WorkspaceConfig, space: Space, root: Page, parentTitle: string | undefined): ImportSettings {
  const isHome = root.id === space.homepageId;
  const underHome = root.parentId === undefined || root.parentId === space.homepageId;
  return {
    space: space.key,
    rootPageTitle: root.title.trim(),
    rootParent: isHome || underHome ? undefined : { id: root.parentId!, title: parentTitle },
    docsRoot: config.docsRoot,
  };
}

/**
 * `.confluence.yml` of the workspace: when it exists its settings must agree with the import (it is never
 * rewritten): an ImportError lists what to change. Returns the text to write when it does not exist.
 */
export function checkConfigFile(fs: FileSystem, root: string, s: ImportSettings): string | undefined {
  const path = join(root, CONFIG_FILE_NAME);
  if (!fs.exists(path)) return configText(s);
  const file = parseConfigText(fs.readText(path), CONFIG_FILE_NAME);
  const differs: string[] = [];
  if (file.spaceKey && file.spaceKey !== s.space) differs.push(`space: ${s.space}   (it says ${file.spaceKey})`);
  const title = (file.rootPageTitle ?? DEFAULT_ROOT_PAGE_TITLE).trim();
  if (title !== s.rootPageTitle) differs.push(`rootPageTitle: ${JSON.stringify(s.rootPageTitle)}   (it says ${JSON.stringify(title)})`);
  const parent = file.rootParent?.trim();
  const parentOk = s.rootParent ? parent === s.rootParent.id || (s.rootParent.title !== undefined && parent === s.rootParent.title) : !parent;
  if (!parentOk) differs.push(s.rootParent ? `rootParent: "${s.rootParent.id}"   (it says ${parent ?? 'nothing: the homepage'})` : `no rootParent   (it says ${parent})`);
  const docs = file.docsRoot?.replace(/^\.\/+|\/+$/g, '') || 'docs';
  if (docs !== s.docsRoot) differs.push(`docsRoot: ${s.docsRoot}   (it says ${file.docsRoot ?? 'nothing: docs'})`);
  if (differs.length === 0) return undefined;
  throw new ImportError(
    `${CONFIG_FILE_NAME} does not describe this import, so a later sync would publish elsewhere; nothing was written. ` +
      `Set in ${CONFIG_FILE_NAME}:\n  ${differs.join('\n  ')}\nor pass --root/--out/--space matching it.`,
    'config-differs',
  );
}

function configText(s: ImportSettings): string {
  const lines = [`# Written by \`confluence import\`: the docs under ${s.docsRoot}/ publish back to this page tree.`, `space: ${s.space}`];
  lines.push(`rootPageTitle: ${JSON.stringify(s.rootPageTitle)}`);
  if (s.rootParent) lines.push(`rootParent: "${s.rootParent.id}"${s.rootParent.title ? `   # ${s.rootParent.title.replace(/[\r\n]/g, ' ')}` : ''}`);
  if (s.docsRoot !== 'docs') lines.push(`docsRoot: ${JSON.stringify(s.docsRoot)}`);
  return lines.join('\n') + '\n';
}
