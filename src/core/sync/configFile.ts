/**
 * The text of a new `.confluence.yml` (Confluence: Create Configuration… in the extension): site, space, docs folder
 * and root page title, each value quoted for YAML. It has no place for a credential: tokens live in the editor's
 * secret storage or the environment, never in this committed file.
 */
import { CONFIG_FILE_NAME, parseConfigText } from './config';

export interface NewWorkspaceConfig {
  baseUrl: string;
  spaceKey: string;
  /** Workspace-relative folder of the Markdown docs (POSIX). */
  docsRoot: string;
  rootPageTitle: string;
}

/** A docs folder the config can hold: relative, inside the workspace; undefined when fine, else why not. */
export function docsFolderProblem(value: string): string | undefined {
  const s = value.trim().replace(/\\/g, '/');
  if (!s) return 'Enter a folder, for example docs';
  if (s.startsWith('/') || /^[A-Za-z]:/.test(s)) return 'Enter a folder relative to the workspace folder, for example docs';
  if (s.split('/').includes('..')) return 'The docs folder must be inside the workspace folder';
  return undefined;
}

/** The file's text; parsing it back gives exactly these values (checked before it is returned). */
export function workspaceConfigText(c: NewWorkspaceConfig): string {
  const docsRoot = c.docsRoot.trim().replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
  const lines = [
    '# Docs to Confluence: where the Markdown docs of this workspace are published.',
    '# Credentials never go here: sign in from VS Code (Confluence: Sign In) or set CONFLUENCE_API_TOKEN / CONFLUENCE_PAT.',
    `baseUrl: ${JSON.stringify(c.baseUrl.trim().replace(/\/+$/, ''))}`,
    `spaceKey: ${JSON.stringify(c.spaceKey.trim())}`,
    `docsRoot: ${JSON.stringify(docsRoot)}`,
    `rootPageTitle: ${JSON.stringify(c.rootPageTitle.trim())}`,
  ];
  const text = lines.join('\n') + '\n';
  parseConfigText(text, CONFIG_FILE_NAME); // throws a ConfigError naming the line if a value cannot be held
  return text;
}
