/**
 * `confluence create` / `update` publish one file, so they keep the promise `sync` keeps: nothing secret leaves.
 * Before anything is sent, the body file is checked against `secretExclude` (`*.secrets.md` is never published), and
 * its body, title, front matter values and text attachments, and the `--title`/`--labels` given on the command line,
 * are scanned with the sync's own screen (`core/sync/screen.ts`, `attachmentScan.ts`). A finding refuses the command
 * (exit 1) with the same finding lines as `sync` (path:line:column rule-id, masked preview, never the secret), unless
 * `--allow-secrets` is given.
 */
import {
  type AttachmentGuard, type AttachmentRef, attachmentSecretScanner, defaultSecretScanner, screenDocument, type SecretFinding,
  type WorkspaceConfig,
} from '../core';
import { CliExit, type CliIO } from './context';
import { publishRules } from './publish-rules';
import { formatFinding } from './report';

/** Where findings in command-line values are reported. */
export const COMMAND_LINE = 'command line';

/** Refuses a body file that matches `secretExclude` (exit 2: the command can never publish it). */
export function refuseSecretFile(config: WorkspaceConfig, rel: string, arg: string): void {
  const reason = publishRules(config).secretExcluded(rel);
  if (reason) throw new CliExit(2, `error: --body-file ${arg}: not published: ${reason}`, 'SECRET_FILE');
}

export interface PageContent {
  /** Workspace-relative path of the body file. */
  file?: string;
  source?: string;
  /** The document's own title (front matter, H1) and front matter; Markdown bodies only. */
  title?: string;
  frontMatter?: Record<string, unknown>;
  attachments?: readonly AttachmentRef[];
  guard?: AttachmentGuard;
  /** What the command line adds: `--title`, `--labels`. */
  cliTitle?: string;
  cliLabels?: string[];
}

export async function pageFindings(root: string, c: PageContent): Promise<SecretFinding[]> {
  const scan = defaultSecretScanner(root);
  const found: SecretFinding[] = [];
  if (c.file !== undefined && c.source !== undefined) {
    found.push(...(await screenDocument({ file: c.file, source: c.source, title: c.title ?? '', frontMatter: c.frontMatter }, scan)));
  }
  if (c.guard && c.attachments?.length) found.push(...(await attachmentSecretScanner(c.guard, scan)(c.attachments)));
  if (c.cliTitle || c.cliLabels?.length) {
    const labels = c.cliLabels?.length ? { labels: c.cliLabels } : undefined;
    found.push(...(await screenDocument({ file: COMMAND_LINE, source: '', title: c.cliTitle ?? '', frontMatter: labels }, scan)));
  }
  return found;
}

/**
 * Exit 1 naming every finding when the page holds likely secrets (nothing has been sent yet); with
 * `--allow-secrets` the findings are warnings and the command goes on.
 */
export async function screenPage(io: CliIO, root: string, c: PageContent, allowSecrets: boolean): Promise<void> {
  const findings = await pageFindings(root, c);
  if (findings.length === 0) return;
  const lines = findings.map((f) => `  ${formatFinding(f, c.file)}\n`).join('');
  const what = `${findings.length} likely secret${findings.length > 1 ? 's' : ''}`;
  if (allowSecrets) {
    io.stderr(`warning: ${what} found; publishing anyway (--allow-secrets):\n${lines}`);
    return;
  }
  throw new CliExit(
    1,
    `error: ${what} found in ${c.file ?? COMMAND_LINE}${c.attachments?.length ? ' or its attachments' : ''}; nothing was sent:\n${lines}` +
      `Remove ${findings.length > 1 ? 'them' : 'it'}, add the fingerprint to .confluence-secrets-ignore if it is not a secret, or pass --allow-secrets.`,
    'SECRETS',
  );
}
