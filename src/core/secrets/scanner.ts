import { encryptedSpans } from './encrypted';
import { isIgnored } from './ignoreFile';
import { maskSecret, secretFingerprint } from './mask';
import { runPreset, runPresetSync } from './preset';
import type { DetectContext, Detector, RawFinding } from './rules/detector';
import { keywordDetectors } from './rules/keyword';
import { structuredDetectors } from './rules/structured';
import { vendorDetectors } from './rules/vendor';
import { suppressedLines } from './suppression';
import { LineIndex } from './text';
import type { ScanOptions, SecretFinding } from './types';
import { isPlaceholder, looksLikeIdentifier } from './values';

/** Our rules, most specific first: on overlapping findings the more specific rule wins. */
export const DETECTORS: readonly Detector[] = [...vendorDetectors, ...structuredDetectors, ...keywordDetectors];

const PRESET_PREFIX = '@secretlint/';

function priority(rule: string): number {
  if (rule === 'generic-secret-assignment') return 1;
  if (structuredDetectors.some((d) => d.id === rule)) return 2;
  return rule.startsWith(PRESET_PREFIX) ? 4 : 3;
}

function context(text: string, file: string, nested = false): DetectContext {
  const ctx: DetectContext = { text, lines: new LineIndex(text), lower: text.toLowerCase(), file };
  // One level only: a decoded blob's own base64 values are not decoded again.
  if (!nested) ctx.hasSecret = (decoded) => runDetectors(context(decoded, file, true)).some((f) => f.end > f.start);
  return ctx;
}

function runDetectors(ctx: DetectContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const d of DETECTORS) if (d.triggers.some((t) => ctx.lower.includes(t))) out.push(...d.detect(ctx));
  return out;
}

/**
 * Scans one Markdown document (prose, inline code, code blocks, tables alike) for secrets:
 * secretlint's recommended preset plus our rules, minus placeholders, suppressed lines and ignored fingerprints.
 * Sorted by line, then column. `file` is only used for reporting and the ignore list.
 */
export async function scanText(text: string, file: string, options: ScanOptions = {}): Promise<SecretFinding[]> {
  const ctx = context(stripBom(text), file);
  const raw = runDetectors(ctx);
  raw.push(...(await runPreset(ctx.text, ctx.lower, file)));
  return finish(ctx, raw, options);
}

/** The same scan, synchronously (the preset's rules are called directly rather than through secretlint's core). */
export function scanTextSync(text: string, file: string, options: ScanOptions = {}): SecretFinding[] {
  const ctx = context(stripBom(text), file);
  const raw = runDetectors(ctx);
  raw.push(...runPresetSync(ctx.text, ctx.lower));
  return finish(ctx, raw, options);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function finish(ctx: DetectContext, raw: RawFinding[], options: ScanOptions): SecretFinding[] {
  // Encoded content (data: URLs) and ciphertext (sealed secrets, SOPS, ansible-vault, PGP/age messages) are not secrets.
  const skipped = [...dataUrlSpans(ctx.text), ...encryptedSpans(ctx.text, ctx.lower)];
  const candidates = raw.filter(
    (f) => f.end > f.start && !(f.rule.startsWith(PRESET_PREFIX) && presetValueIsPlaceholder(f.secret)) && !inside(skipped, f.start),
  );
  const kept = dropOverlaps(candidates);
  const suppressed = suppressedLines(ctx.text, ctx.lines, ctx.file);
  const findings: SecretFinding[] = [];
  for (const f of kept) {
    const start = ctx.lines.position(f.start);
    if (suppressed.has(start.line - 1)) continue;
    const endLine = ctx.lines.lineOf(Math.max(f.start, f.end - 1));
    const finding: SecretFinding = {
      file: ctx.file,
      line: start.line,
      column: start.column,
      rule: f.rule,
      message: f.message,
      preview: maskSecret(f.secret),
      fingerprint: secretFingerprint(f.rule, f.secret),
      endColumn: endLine === start.line - 1 ? start.column + (f.end - f.start) : ctx.lines.lineEnd(start.line - 1) - ctx.lines.lineStart(start.line - 1) + 1,
    };
    if (!isIgnored(finding, options.ignore)) findings.push(finding);
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/** The preset has no placeholder filter of ours: judge the password of URLs, else the value itself. */
function presetValueIsPlaceholder(secret: string): boolean {
  if (/-----BEGIN/.test(secret)) return false;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^:@/\s]*):([^@/\s]*)@/i.exec(secret);
  if (url) return isPlaceholder(url[2]) || /^[$<[{%]/.test(url[1]) || url[1].toLowerCase() === url[2].toLowerCase(); // user == password: a default
  if (looksLikeIdentifier(secret.replace(/^[A-Za-z0-9]+[-_]/, ''))) return true; // xoxb-not-a-real-token
  const assigned = /^[\w.-]*[=:]\s*["']?(.*?)["']?$/.exec(secret);
  return isPlaceholder(assigned && !/^[a-z]+-/.test(secret) ? assigned[1] : secret);
}

/** One finding per overlapping span: the most specific rule, then the longest span. */
function dropOverlaps(findings: RawFinding[]): RawFinding[] {
  const ordered = [...findings].sort(
    (a, b) => priority(b.rule) - priority(a.rule) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: RawFinding[] = [];
  for (const f of ordered) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept;
}

/** `data:` URLs (inline images, fonts) hold encoded content, not credentials. */
function dataUrlSpans(text: string): [number, number][] {
  if (!text.includes('data:')) return [];
  return [...text.matchAll(/data:[\w/+.-]{1,100}(?:;[\w=.-]{1,100}){0,5},[A-Za-z0-9+/=%._~-]*/g)].map((m) => [m.index!, m.index! + m[0].length]);
}

function inside(spans: [number, number][], offset: number): boolean {
  return spans.some(([s, e]) => offset >= s && offset < e);
}
