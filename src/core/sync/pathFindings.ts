/**
 * A path can hold a secret too (`docs/ghp_….md`, an attachment named like a token): the publish never sends such a
 * file, and every report names it with that part masked. For `confluence scan`, which lists findings by file:
 * adds the findings in each file's path and masks the path in every finding of that file (`mask` does the same for
 * any other mention of a file).
 */
import type { SecretFinding } from '../secrets/types';
import { redactPath, screenPath, type Scan } from './screen';

export async function withPathFindings(findings: SecretFinding[], files: Iterable<string>, scan: Scan): Promise<{ findings: SecretFinding[]; mask: (file: string) => string }> {
  const masked = new Map<string, string>();
  const inPaths: SecretFinding[] = [];
  for (const file of new Set(files)) {
    const found = await screenPath(file, scan);
    if (found.length === 0) continue;
    const shown = redactPath(file, found);
    masked.set(file, shown);
    inPaths.push(...found.map((f) => ({ ...f, file: shown, line: 1, column: 1, endColumn: undefined, message: `${f.message} (in the file name; it is never published)` })));
  }
  const mask = (file: string) => masked.get(file) ?? file;
  return { findings: [...inPaths, ...findings.map((f) => ({ ...f, file: mask(f.file) }))], mask };
}
