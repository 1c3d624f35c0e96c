/**
 * The workspace's publish rules (include / exclude / secretExclude of `.confluence.yml`, with their defaults) for the
 * commands that read documents without publishing them (`render`): a file sync would never publish — above all a
 * `*.secrets.md` — is not rendered either, and links to it do not resolve.
 */
import { Minimatch } from 'minimatch';
import { ConfigError, globMatcher, loadWorkspaceConfig, type WorkspaceConfig } from '../core';
import { CliExit } from './context';

export type RuleVerdict = { ok: true } | { ok: false; reason: string };

export interface PublishRules {
  /** For a workspace-relative POSIX path. */
  check(path: string): RuleVerdict;
  /** Why the path is a file meant to hold secrets (secretExclude), never published by any command; else undefined. */
  secretExcluded(path: string): string | undefined;
  /** `diagrams:` of .confluence.yml (render draws diagrams as sync would). */
  diagrams?: WorkspaceConfig['diagrams'];
}

export function loadPublishRules(root: string): PublishRules {
  let config: WorkspaceConfig;
  try {
    config = loadWorkspaceConfig(root);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliExit(2, `error: ${err.message}`, 'CONFIG');
    throw err;
  }
  return publishRules(config);
}

export function publishRules(config: WorkspaceConfig): PublishRules {
  const matcher = globMatcher(config);
  const base = config.docsRoot === '.' ? '' : config.docsRoot;
  const compile = (globs: string[]) => globs.map((g) => new Minimatch(g, { dot: true }));
  const secret = compile(config.secretExclude);
  const exclude = compile(config.exclude);
  const relOf = (path: string) => (base && path.startsWith(base + '/') ? path.slice(base.length + 1) : path);
  const hit = (globs: Minimatch[], path: string) => globs.find((m) => m.match(path) || m.match(relOf(path)));
  const secretExcluded = (path: string): string | undefined => {
    // A file outside the workspace (`../x.secrets.md`) is judged by its name.
    const s = hit(secret, path) ?? (path.startsWith('../') ? hit(secret, path.slice(path.lastIndexOf('/') + 1)) : undefined);
    return s && `it matches the secretExclude glob ${s.pattern} (files meant to hold secrets are never published or rendered)`;
  };
  return {
    diagrams: config.diagrams,
    secretExcluded,
    check(path: string): RuleVerdict {
      const s = secretExcluded(path);
      if (s) return { ok: false, reason: s };
      const e = hit(exclude, path);
      if (e) return { ok: false, reason: `it matches the exclude glob ${e.pattern}, so sync never publishes it` };
      // Sync publishes `.md` files only; other Markdown extensions are rendered as before.
      if (/\.md$/i.test(path) && matcher(path) !== 'included') return { ok: false, reason: 'no include glob of .confluence.yml matches it, so sync never publishes it' };
      return { ok: true };
    },
  };
}
