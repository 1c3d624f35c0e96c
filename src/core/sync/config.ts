import { join } from 'node:path';
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { parseDiagramConfig } from '../diagrams/types';
import { normaliseLabels } from '../markdown/frontMatter';
import type { WorkspaceConfig } from './types';

export const CONFIG_FILE_NAME = '.confluence.yml';
export const DEFAULT_ROOT_PAGE_TITLE = '📚 Documentation';
export const DEFAULT_MAPPING_FILE_NAME = '.confluence-mapping.json';
export const DEFAULT_INCLUDE = ['**/*.md'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.*/**', '**/*.secrets.md'];
/** Files meant to hold secrets; never published whatever the include globs say. */
// Same list as DEFAULT_SECRET_EXCLUDE_GLOBS in ../secrets (a test keeps them equal); not imported, so loading the
// config does not load the scanner.
export const DEFAULT_SECRET_EXCLUDE = ['**/*.secrets.md'];
export const DEFAULT_CONCURRENCY = 64;

/** A bad `.confluence.yml`: names the file and line and says what to write instead. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(line ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Kind = 'string' | 'strings' | 'boolean' | 'number' | 'diagrams';
/** Canonical key -> type; snake_case and a few aliases are accepted and mapped here. */
const KEYS: Record<keyof WorkspaceConfig, Kind> = {
  baseUrl: 'string',
  spaceKey: 'string',
  docsRoot: 'string',
  rootPageTitle: 'string',
  rootParent: 'string',
  include: 'strings',
  exclude: 'strings',
  secretExclude: 'strings',
  labels: 'strings',
  readOnly: 'boolean',
  concurrency: 'number',
  mappingFile: 'string',
  jiraTicket: 'string',
  codeLineNumbers: 'boolean',
  comments: 'string',
  diagrams: 'diagrams',
};
const ALIASES: Record<string, keyof WorkspaceConfig> = {
  url: 'baseUrl',
  space: 'spaceKey',
  root: 'docsRoot',
  docs: 'docsRoot',
  rootTitle: 'rootPageTitle',
  rootPage: 'rootPageTitle',
  parent: 'rootParent',
  mapping: 'mappingFile',
  jira: 'jiraTicket',
  lineNumbers: 'codeLineNumbers',
};
const CREDENTIAL_KEYS = /^(api_?token|token|password|pat|personal_?access_?token|secret|email)$/i;

function camel(key: string): string {
  return key.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Reads `.confluence.yml` in `root` (optional) and applies defaults, then `overrides` (per-user settings, CLI flags).
 * Throws ConfigError naming the file and line on bad YAML, unknown keys, wrong types or credentials in the file.
 * `fs`: where the workspace is read (default: the disk).
 */
export function loadWorkspaceConfig(root: string, overrides: Partial<WorkspaceConfig> = {}, fs: FileSystem = nodeFileSystem): WorkspaceConfig {
  const path = join(root, CONFIG_FILE_NAME);
  const fromFile = fs.exists(path) ? parseConfigText(fs.readText(path), CONFIG_FILE_NAME) : {};
  const merged: Partial<WorkspaceConfig> = { ...fromFile };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;

  const docsRoot = normaliseFolder(merged.docsRoot ?? (isDir(fs, join(root, 'docs')) ? 'docs' : '.'));
  const mappingFile =
    merged.mappingFile ?? (docsRoot === '.' ? DEFAULT_MAPPING_FILE_NAME : `${docsRoot}/${DEFAULT_MAPPING_FILE_NAME}`);
  const concurrency = merged.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new ConfigError(CONFIG_FILE_NAME, undefined, `concurrency must be a whole number from 1 to 256 (got ${concurrency})`);
  }
  const rootPageTitle = (merged.rootPageTitle ?? DEFAULT_ROOT_PAGE_TITLE).trim();
  if (!rootPageTitle) throw new ConfigError(CONFIG_FILE_NAME, undefined, 'rootPageTitle must not be empty');
  const comments = merged.comments ?? 'keep';
  if (comments !== 'keep' && comments !== 'drop') {
    throw new ConfigError(CONFIG_FILE_NAME, undefined, `comments must be keep (carry inline comments over to the new body) or drop (got ${String(comments)})`);
  }
  return {
    baseUrl: merged.baseUrl?.trim() || undefined,
    spaceKey: merged.spaceKey?.trim() || undefined,
    docsRoot,
    rootPageTitle,
    rootParent: merged.rootParent?.trim() || undefined,
    include: merged.include?.length ? merged.include : [...DEFAULT_INCLUDE],
    exclude: merged.exclude ?? [...DEFAULT_EXCLUDE],
    secretExclude: merged.secretExclude ?? [...DEFAULT_SECRET_EXCLUDE],
    labels: normaliseLabels(merged.labels ?? []),
    readOnly: merged.readOnly ?? false,
    concurrency,
    mappingFile: normaliseFolder(mappingFile),
    jiraTicket: merged.jiraTicket?.trim() || undefined,
    codeLineNumbers: merged.codeLineNumbers,
    comments,
    diagrams: merged.diagrams,
  };
}

/** Parses the YAML text of a config file into (partial) config values. Exported for tests and the extension. */
export function parseConfigText(text: string, file = CONFIG_FILE_NAME): Partial<WorkspaceConfig> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const lineAt = (offset: number | undefined): number => {
    let line = 1;
    for (let i = 0; i < (offset ?? 0) && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new ConfigError(file, err.linePos ? err.linePos[0].line : undefined, `${err.message.split('\n')[0]} (fix the YAML syntax)`);
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) throw new ConfigError(file, 1, 'expected `key: value` settings, e.g. `space: DOCS`');
  const out: Record<string, unknown> = {};
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as YamlNode;
    const line = lineAt(keyNode?.range?.[0]);
    const rawKey = isScalar(keyNode) ? String(keyNode.value) : '';
    if (CREDENTIAL_KEYS.test(rawKey)) {
      throw new ConfigError(
        file,
        line,
        `\`${rawKey}\` does not belong in ${CONFIG_FILE_NAME}, which is committed: credentials come from CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN or CONFLUENCE_PAT (or a git-ignored .env), or the extension's Sign In command`,
      );
    }
    const c = camel(rawKey);
    const key = (c in KEYS ? c : ALIASES[c]) as keyof WorkspaceConfig | undefined;
    if (!key) {
      throw new ConfigError(file, line, `unknown setting \`${rawKey}\`; known settings: ${Object.keys(KEYS).join(', ')}`);
    }
    const valueNode = pair.value as YamlNode | null;
    const value = valueNode && 'toJSON' in valueNode ? (valueNode as { toJSON(): unknown }).toJSON() : null;
    const vline = lineAt(valueNode?.range?.[0] ?? keyNode?.range?.[0]);
    if (value === null || value === undefined) continue;
    out[key] = coerce(key, KEYS[key], value, file, vline);
  }
  return out as Partial<WorkspaceConfig>;
}

function coerce(key: string, kind: Kind, value: unknown, file: string, line: number): unknown {
  switch (kind) {
    case 'string':
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      throw new ConfigError(file, line, `\`${key}\` must be a text value`);
    case 'strings': {
      const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
      if (Array.isArray(list) && list.every((v) => typeof v === 'string' || typeof v === 'number')) return list.map(String);
      throw new ConfigError(file, line, `\`${key}\` must be a list, e.g. \`${key}: ["a", "b"]\``);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw new ConfigError(file, line, `\`${key}\` must be true or false`);
    case 'number':
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
      throw new ConfigError(file, line, `\`${key}\` must be a positive whole number`);
    case 'diagrams': {
      const parsed = parseDiagramConfig(value);
      if (typeof parsed === 'string') throw new ConfigError(file, line, parsed);
      return parsed;
    }
  }
}

function normaliseFolder(p: string): string {
  const s = p.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return s === '' ? '.' : s;
}

function isDir(fs: FileSystem, p: string): boolean {
  try {
    return fs.stat(p)?.isDirectory ?? false;
  } catch {
    return false;
  }
}
