import * as vscode from 'vscode';
import { docsFolderProblem, type ConfluenceApi, type Space } from '../../core';
import { validateSiteUrl } from '../model/settings';
import { searchingPick, type Pick } from './importPrompts';

const t = vscode.l10n.t;

/** The steps of Confluence: Create Configuration… (site, space, docs folder, root page title). */
const STEPS = 4;
const title = (step: number): string => t('Confluence: Create Configuration ({0}/{1})', step, STEPS);

/** A `.confluence.yml` exists: replace it only when the user says so (modal). */
export async function confirmReplaceConfig(): Promise<boolean> {
  const replace = t('Replace');
  const pick = await vscode.window.showWarningMessage(
    t('This workspace already has a .confluence.yml.'),
    { modal: true, detail: t('Replace it with a new one? Its current settings are lost (the file is not backed up).') },
    replace,
  );
  return pick === replace;
}

/** The site address (validated), without a trailing slash; undefined when cancelled. */
export async function askSiteUrl(current: string | undefined): Promise<string | undefined> {
  const input = await vscode.window.showInputBox({
    title: title(1),
    prompt: t('Address of your Confluence site'),
    placeHolder: 'https://acme.atlassian.net/wiki',
    value: current ?? '',
    ignoreFocusOut: true,
    validateInput: validateSiteUrl,
  });
  return input ? input.trim().replace(/\/+$/, '') : undefined;
}

const spaceItem = (s: Space, detail?: string): Pick<Space> => ({ label: s.name || s.key, description: s.key, detail, value: s });

/**
 * The space to publish to: the spaces the user can see (listed from the site while the pick is open; typing filters
 * by name and key), and a key typed in full is looked up on the site (a space beyond the listing, or one just made).
 */
export async function pickSpaceToPublish(api: ConfluenceApi, current: string | undefined): Promise<Space | undefined> {
  const listed = api.listSpaces().then((spaces) => {
    const sorted = spaces.slice().sort((a, b) => (a.name || a.key).localeCompare(b.name || b.key));
    const mine = sorted.findIndex((s) => s.key === current);
    if (mine > 0) sorted.unshift(...sorted.splice(mine, 1));
    return sorted.map((s) => spaceItem(s, s.key === current ? t('the configured space') : undefined));
  });
  return searchingPick<Space>({
    title: title(2),
    placeholder: t('Type to search the spaces you can see by name or key'),
    initial: listed,
    search: async (value, signal) => {
      if (!/^[A-Za-z0-9~_-]+$/.test(value)) return [];
      const key = value.startsWith('~') ? value : value.toUpperCase();
      const known = (await listed.catch(() => [])).find((i) => i.value.key === key);
      if (known) return [known];
      return [spaceItem(await api.getSpace(key, { signal }))];
    },
  });
}

/** The docs folder, workspace-relative (default docs); undefined when cancelled. */
export async function askDocsFolder(current: string | undefined): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: title(3),
    prompt: t('Folder of the Markdown docs to publish, relative to the workspace folder'),
    placeHolder: 'docs',
    value: current && current !== '.' ? current : 'docs',
    ignoreFocusOut: true,
    validateInput: (v) => (docsFolderProblem(v) ? t('Enter a folder inside the workspace folder, for example docs.') : undefined),
  });
  return value?.trim();
}

/** The title of the page the docs tree is published under; undefined when cancelled. */
export async function askRootPageTitle(current: string, space: Space): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: title(4),
    prompt: t('Title of the page in {0} that the docs are published under (created on the first publish)', space.name || space.key),
    value: current,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : t('Enter a page title.')),
  });
  return value?.trim();
}
