/**
 * The workspace configuration lends values to every page: `rootPageTitle` is the root page's title (and shown above
 * every document in plans), `labels` go on every page. A likely secret there would leave with every publish, so it
 * stops the plan before anything is written (like a secret in a file name, not even `--allow-secrets` publishes it);
 * the error names the setting and the rule, never the value. A false positive is silenced with its fingerprint in
 * `.confluence-secrets-ignore`.
 */
import { CONFIG_FILE_NAME, ConfigError } from './config';
import type { Scan } from './screen';
import type { WorkspaceConfig } from './types';

export async function assertConfigHoldsNoSecret(config: Pick<WorkspaceConfig, 'rootPageTitle' | 'labels'>, scan: Scan): Promise<void> {
  const fields: Array<[string, string]> = [['rootPageTitle', config.rootPageTitle], ...config.labels.map((l): [string, string] => ['labels', l])];
  const text = fields.map(([k, v]) => `${k}: ${v.replace(/\s+/g, ' ')}`).join('\n');
  if (!text.trim()) return;
  const findings = await scan(text, CONFIG_FILE_NAME);
  if (findings.length === 0) return;
  const where = [...new Set(findings.map((f) => `${fields[f.line - 1]?.[0] ?? 'a setting'} (${f.rule}, fingerprint ${f.fingerprint})`))].join(', ');
  throw new ConfigError(
    CONFIG_FILE_NAME,
    undefined,
    `a likely secret in ${where}: it would be sent with every page (the root page title, the labels of every page). Remove it; if it is not a secret, add the fingerprint to .confluence-secrets-ignore. Nothing was published.`,
  );
}
