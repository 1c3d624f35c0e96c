import type { SecretFinding } from '../../secrets/types';
import type { Scan } from '../../sync/screen';

/** What a likely secret is replaced with: a template the scanner reads as a placeholder, plain text in Markdown. */
export const SECRET_PLACEHOLDER = '${REDACTED_SECRET}';

/**
 * Scans `text`; unless `keep`, replaces every finding's value with {@link SECRET_PLACEHOLDER} and scans again until
 * nothing is found (a finding without an end column takes the rest of its word; one that survives its replacement
 * takes its whole line). Returns the text to write, the findings of the original text and those of the text written.
 */
export async function redactSecrets(text: string, file: string, scan: Scan, keep: boolean): Promise<{ text: string; findings: SecretFinding[]; remaining: SecretFinding[] }> {
  const findings = await scan(text, file);
  if (keep || findings.length === 0) return { text, findings, remaining: findings };
  let current = text;
  let pending = findings;
  for (let round = 0; round < 4 && pending.length; round++) {
    current = replaceFindings(current, pending, round >= 2);
    pending = await scan(current, file);
  }
  if (pending.length) {
    // whatever still looks like a secret leaves with its line
    const lines = current.split('\n');
    for (const f of pending) lines[f.line - 1] = SECRET_PLACEHOLDER;
    current = lines.join('\n');
    pending = await scan(current, file);
  }
  return { text: current, findings, remaining: pending };
}

function replaceFindings(text: string, findings: SecretFinding[], wholeLines: boolean): string {
  const lines = text.split('\n');
  const byLine = new Map<number, SecretFinding[]>();
  for (const f of findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  for (const [line, list] of byLine) {
    let s = lines[line - 1];
    if (s === undefined) continue;
    if (wholeLines) {
      lines[line - 1] = s.replace(/\S.*$/, SECRET_PLACEHOLDER);
      continue;
    }
    // right to left, so earlier columns stay valid
    for (const f of [...list].sort((a, b) => b.column - a.column)) {
      const start = Math.max(0, f.column - 1);
      let end = f.endColumn !== undefined && f.endColumn > f.column ? f.endColumn - 1 : start;
      if (end === start) while (end < s.length && !/[\s`'"<>)\]|]/.test(s[end])) end++;
      if (end === start) end = s.length;
      s = s.slice(0, start) + SECRET_PLACEHOLDER + s.slice(end);
    }
    lines[line - 1] = s;
  }
  return lines.join('\n');
}
