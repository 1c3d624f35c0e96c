/**
 * Three-way merge of a document, line by line (node-diff3, split on lines, not on whitespace as its default):
 * base (what we last published or pulled), ours (the working file), theirs (the page now, as Markdown).
 * Edits on different lines merge; edits on the same (or touching) lines leave git-style conflict markers:
 *
 *     <<<<<<< local
 *     (the working file's lines)
 *     ||||||| base
 *     (the lines as last published or pulled)
 *     =======
 *     (the page's lines)
 *     >>>>>>> confluence v7
 */
import { diff3Merge } from 'node-diff3';

export const MARKER_LOCAL = '<<<<<<< local';
export const MARKER_BASE = '||||||| base';
export const MARKER_SPLIT = '=======';
export const markerTheirs = (version: number): string => `>>>>>>> confluence v${version}`;

export interface MergeConflict {
  /** 1-based line of the `<<<<<<<` marker in the merged text. */
  line: number;
  /** How many lines the local side and the Confluence side hold. */
  localLines: number;
  theirLines: number;
}

export interface MergeResult {
  text: string;
  conflicts: MergeConflict[];
}

/** Splits text into lines; `\r\n` counts as one line break (the result keeps the working file's line ends). */
function lines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n');
}

/** The working file's line end: CRLF when it uses CRLF, else LF. */
function lineEnd(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/**
 * Merges `ours` and `theirs`, both derived from `base`. Clean when `conflicts` is empty; otherwise `text` carries
 * a marker block per conflict. Identical edits on both sides are not a conflict.
 */
export function mergeDocument(base: string, ours: string, theirs: string, theirVersion: number): MergeResult {
  if (ours === theirs) return { text: ours, conflicts: [] };
  if (lines(ours).join('\n') === lines(base).join('\n')) return { text: withLineEnd(theirs, lineEnd(ours)), conflicts: [] };
  if (theirs === base) return { text: ours, conflicts: [] };
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const region of diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const c = region.conflict!;
    conflicts.push({ line: out.length + 1, localLines: c.a.length, theirLines: c.b.length });
    out.push(MARKER_LOCAL, ...c.a, MARKER_BASE, ...c.o, MARKER_SPLIT, ...c.b, markerTheirs(theirVersion));
  }
  return { text: out.join(lineEnd(ours)), conflicts };
}

/**
 * The page's text in the working file's own formatting: `exactBase` is the file as we last published it,
 * `convertedBase` the same version as the converter renders it from Confluence, `convertedTheirs` the page now as
 * the converter renders it. The differences between the two converted texts are exactly the edits made in
 * Confluence; they are applied to the exact base, so lines nobody edited keep the author's wrapping and list marks.
 * Where an edit touches a line whose formatting differed, the page's lines win (there is no local edit to keep at
 * this step: ours is merged afterwards, against the exact base).
 */
export function theirsInOurFormatting(exactBase: string, convertedBase: string, convertedTheirs: string): string {
  if (convertedBase === convertedTheirs) return exactBase;
  if (exactBase === convertedBase) return convertedTheirs;
  const out: string[] = [];
  for (const region of diff3Merge(lines(exactBase), lines(convertedBase), lines(convertedTheirs), { excludeFalseConflicts: true })) {
    if (region.ok) out.push(...region.ok);
    else out.push(...region.conflict!.b);
  }
  return out.join(lineEnd(exactBase));
}

function withLineEnd(text: string, eol: string): string {
  return eol === '\n' ? text : lines(text).join(eol);
}
