import type { LineIndex } from '../text';

/** A candidate secret at [start, end) of the scanned text. `secret` is what gets masked and fingerprinted. */
export interface RawFinding {
  rule: string;
  message: string;
  start: number;
  end: number;
  secret: string;
}

export interface DetectContext {
  text: string;
  lines: LineIndex;
  /** Lower-cased text, computed once, for cheap keyword checks. */
  lower: string;
  file: string;
  /** Whether a decoded blob (a base64 config file in a Kubernetes Secret) contains a secret by our rules. */
  hasSecret?: (text: string) => boolean;
}

/** One of our rules (the secretlint preset is run separately). */
export interface Detector {
  id: string;
  /** One-line description for the README and `--help`. */
  description: string;
  /**
   * Lower-case literals of which at least one must occur in the text for the rule to run at all:
   * the pre-filter that keeps clean documents cheap.
   */
  triggers: string[];
  detect(ctx: DetectContext): RawFinding[];
}

export interface RegexRuleSpec {
  id: string;
  description: string;
  message: string;
  triggers: string[];
  /** Must be global; must have a `secret` named group (with the `d` flag, for its position). */
  pattern: RegExp;
  /** Extra checks on the secret and its surroundings; return false to drop the match. */
  accept?: (secret: string, match: RegExpExecArray, ctx: DetectContext) => boolean;
}

/** The common case: a regex with a `secret` group, plus an acceptance check. */
export function regexRule(spec: RegexRuleSpec): Detector {
  if (!spec.pattern.global || !spec.pattern.hasIndices) throw new Error(`${spec.id}: pattern needs the g and d flags`);
  return {
    id: spec.id,
    description: spec.description,
    triggers: spec.triggers,
    detect(ctx) {
      const out: RawFinding[] = [];
      const re = new RegExp(spec.pattern.source, spec.pattern.flags);
      for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) {
        if (m[0].length === 0) re.lastIndex++;
        const secret = m.groups?.secret;
        const span = m.indices?.groups?.secret;
        if (!secret || !span) continue;
        if (spec.accept && !spec.accept(secret, m, ctx)) continue;
        out.push({ rule: spec.id, message: spec.message, start: span[0], end: span[1], secret });
      }
      return out;
    },
  };
}

/** Text of the lines around an offset (`before` lines above, `after` below), lower-cased, for context keywords. */
export function nearbyText(ctx: DetectContext, offset: number, before: number, after: number): string {
  const line = ctx.lines.lineOf(offset);
  const from = ctx.lines.lineStart(Math.max(0, line - before));
  const to = ctx.lines.lineEnd(Math.min(ctx.lines.lineCount - 1, line + after));
  return ctx.text.slice(from, Math.min(to, from + 4000)).toLowerCase();
}
