import { join } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import type { SecretFinding, SecretIgnoreList } from './types';

export const SECRET_IGNORE_FILE = '.confluence-secrets-ignore';

const FINGERPRINT = /^[0-9a-f]{16}$/;

/**
 * Parses `.confluence-secrets-ignore`: one fingerprint per line (as printed by `confluence scan`), or
 * `path:fingerprint` to ignore it in one file only; `#` starts a comment; blank lines are skipped.
 * Throws an error naming the file and line for anything else.
 */
export function parseSecretIgnoreFile(content: string, fileName = SECRET_IGNORE_FILE): SecretIgnoreList {
  const global = new Set<string>();
  const byPath = new Map<string, Set<string>>();
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const colon = line.lastIndexOf(':');
    const fp = (colon === -1 ? line : line.slice(colon + 1)).trim().toLowerCase();
    const path = colon === -1 ? '' : line.slice(0, colon).trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (!FINGERPRINT.test(fp) || (colon !== -1 && !path)) {
      throw new Error(
        `${fileName}:${i + 1}: expected a 16-hex-digit fingerprint or path:fingerprint (as printed by \`confluence scan\`), got "${raw.trim()}"`,
      );
    }
    if (!path) global.add(fp);
    else {
      if (!byPath.has(path)) byPath.set(path, new Set());
      byPath.get(path)!.add(fp);
    }
  });
  return { global, byPath };
}

/** Reads `<root>/.confluence-secrets-ignore`; an empty list when there is none. */
export function loadSecretIgnoreFile(root: string, fs: FileSystem = nodeFileSystem): SecretIgnoreList {
  const file = join(root, SECRET_IGNORE_FILE);
  if (!fs.exists(file)) return { global: new Set(), byPath: new Map() };
  return parseSecretIgnoreFile(fs.readText(file), file);
}

export function isIgnored(finding: Pick<SecretFinding, 'file' | 'fingerprint'>, list: SecretIgnoreList | undefined): boolean {
  if (!list) return false;
  if (list.global.has(finding.fingerprint)) return true;
  const path = finding.file.replace(/\\/g, '/').replace(/^\.\//, '');
  return list.byPath.get(path)?.has(finding.fingerprint) ?? false;
}
