// Host-free: the preview's fast path for a keystroke in a large document (issue 13: the preview shows typing within
// 500 ms, also in a 1 MB page). The page's last render is kept with the text it was made of; an edit that stays inside
// one run of sections (a section starts at a column-0 ATX heading after a blank line, outside fences) and leaves
// everything that reaches beyond a section alone (headings, fences, raw HTML, link targets, footnotes, reference
// definitions, front matter) is rendered by converting that run alone, before and after the edit. The "before" render
// must equal the blocks the whole page gave for it — that proves the run renders alone as it does in the page — and
// then the "after" render replaces them. Anything else renders the whole page, so the fast path never shows what a
// whole render would not.
import type { DocumentDiagnostic } from '../../core';
import { blockPatch } from '../model/previewHtml';

/** A page (or a run of its sections) rendered: its title, top-level HTML blocks and warnings (file lines). */
export interface PageRender {
  title: string;
  blocks: string[];
  warnings: DocumentDiagnostic[];
}

/** Renders Markdown text; `afterHeadings`: the text continues a page that has headings before it (no H1 title). */
export type RenderText = (text: string, afterHeadings: boolean) => PageRender;

/** What one document's last preview was made of. */
export interface PreviewState {
  text: string;
  /** What else the render depended on (site, path, unsaved linked documents): another context renders the page. */
  context: string;
  page: PageRender;
  /** Where the front matter ends (0 without), and the offsets where sections start (the first is `fmEnd`). */
  fmEnd: number;
  starts: number[];
  /** The page has reference definitions (`[x]: url`): any `[...]` may link through them. */
  definitions: boolean;
  /** The last fast path's "after" render: the next keystroke in the same run reuses it as its "before". */
  run?: { start: number; text: string; render: PageRender };
}

/** Runs larger than this are not worth two conversions: render the page. */
const MAX_RUN = 64 * 1024;

export function previewState(text: string, context: string, page: PageRender): PreviewState {
  const fmEnd = frontMatterEnd(text);
  return { text, context, page, fmEnd, starts: [fmEnd, ...sectionBoundaries(text, fmEnd, text.length)], definitions: REFERENCE_DEFINITION.test(text) };
}

/**
 * The page after an edit from `state.text` to `text`, converting only the run of sections the edit is in, or undefined
 * when that is not sure to give what a whole render would (the caller renders the page).
 */
export function fastUpdate(state: PreviewState, text: string, render: RenderText): { state: PreviewState; patch: { start: number; deleteCount: number; blocks: string[] } } | undefined {
  const old = state.text;
  if (text === old) return { state, patch: { start: 0, deleteCount: 0, blocks: [] } };
  // A document that starts like front matter without being one could become one with any edit.
  if (state.fmEnd === 0 && /^(?:---|\+\+\+)/.test(old)) return undefined;
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  const oldEnd = old.length - suffix;
  // an edit of the front matter (or of a closing line without a line break) changes the page's title and labels
  if (prefix < state.fmEnd || (state.fmEnd > 0 && old.charCodeAt(state.fmEnd - 1) !== 10)) return undefined;
  const { starts } = state;
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] < prefix) i++;
  let j = i + 1;
  // The blank line before a section start, and the line break before it, must be outside the edit.
  while (j < starts.length && blankLineStart(old, starts[j]) - 1 < oldEnd) j++;
  const from = starts[i];
  const to = j < starts.length ? starts[j] : old.length;
  const delta = text.length - old.length;
  if (to - from > MAX_RUN) return undefined;
  const before = old.slice(from, to);
  const after = text.slice(from, to + delta);
  const sig = signature(before, state.definitions);
  if (sig === undefined || sig !== signature(after, state.definitions)) return undefined;

  const fm = old.slice(0, state.fmEnd);
  const afterHeadings = i >= 2 || (i === 1 && ATX_HEADING_LINE.test(old.slice(starts[0], starts[1])));
  const fmLines = countLines(fm, 0, fm.length);
  const firstLine = countLines(old, 0, from) + 1;
  const shift = firstLine - (fmLines + 1);
  const alone = (run: string): PageRender => {
    const r = render(fm + run, afterHeadings);
    // the front matter's own warnings are the page's, kept from its render
    return { ...r, warnings: r.warnings.filter((w) => w.line > fmLines).map((w) => ({ ...w, line: w.line + shift })) };
  };
  const was = state.run && state.run.start === from && state.run.text === before ? state.run.render : alone(before);
  const at = uniqueRun(state.page.blocks, was.blocks);
  // the lines of the run: [firstLine, lastLine); the last run of a page without a final line break has one more
  const lastLine = to === old.length ? Infinity : firstLine + countLines(before, 0, before.length);
  const inRun = (w: DocumentDiagnostic): boolean => w.line >= firstLine && w.line < lastLine;
  if (at === undefined || !sameWarnings(state.page.warnings.filter(inRun), was.warnings)) return undefined;

  const now = alone(after);
  const lineDelta = countLines(after, 0, after.length) - countLines(before, 0, before.length);
  const warnings = [
    ...state.page.warnings.filter((w) => w.line < firstLine),
    ...now.warnings,
    ...state.page.warnings.filter((w) => w.line >= lastLine).map((w) => ({ ...w, line: w.line + lineDelta })),
  ];
  // The page's blocks keep no two whitespace blocks side by side (canonicalBlocks): join the run's to its neighbours'.
  const page = state.page.blocks;
  const put = [...now.blocks];
  let removed = was.blocks.length;
  const spaceAt = (k: number): boolean => k >= 0 && k < page.length && isSpace(page[k]);
  if (put.length && isSpace(put[0]) && spaceAt(at - 1)) put.shift();
  if (put.length && isSpace(put[put.length - 1]) && spaceAt(at + removed)) put.pop();
  if (!put.length && spaceAt(at - 1) && spaceAt(at + removed)) removed++;
  const blocks = [...page];
  blocks.splice(at, removed, ...put);
  const inner = blockPatch(page.slice(at, at + removed), put);
  const next: PreviewState = {
    ...state,
    text,
    page: { title: state.page.title, blocks, warnings },
    starts: [...starts.slice(0, i + 1), ...sectionBoundaries(text, from, to + delta), ...starts.slice(j).map((s) => s + delta)],
    run: { start: from, text: after, render: now },
  };
  return { state: next, patch: { start: at + inner.start, deleteCount: inner.deleteCount, blocks: inner.blocks } };
}

/**
 * Top-level blocks with each stretch of whitespace between elements as one "\n" (it renders the same), so a run
 * converted alone and the page agree on the whitespace where they meet.
 */
export function canonicalBlocks(blocks: readonly string[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (!isSpace(b)) out.push(b);
    else if (!out.length || out[out.length - 1] !== '\n') out.push('\n');
  }
  return out;
}

const isSpace = (block: string): boolean => !block.trim();

const ATX_HEADING_LINE = /^ {0,3}#{1,6}(?:[ \t]|$)/m;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;
/** Lines whose reach may go beyond their section: headings, fences, containers, math blocks, admonitions, definitions, lines of one bracket. */
const REACHING_LINE = /^ {0,3}(?:#{1,6}(?:[ \t].*)?|`{3,}.*|~{3,}.*|:{3,}.*|\$\$.*|!!!.*|\?\?\?.*|\[[^\]\n]*\]:.*|\[[^\n]*\][ \t]*)$/gm;
/** Inline text that reaches beyond its section: raw HTML and autolinks, link and image targets, wiki links, footnotes. */
const REACHING_INLINE = /<[A-Za-z!?/][^\s>]*|\]\([^)\n]*\)?|\[\[[^\]\n]*\]\]?|\[\^[^\]\n]*\]?|\$\$/g;
const BRACKETS = /\[[^\]\n]*\]/g;
/** A setext underline after a line of text: the heading's text is the paragraph above it. */
const SETEXT = /\n[ \t]*\S[^\n]*\n {0,3}(?:=+|-+)[ \t]*(?:\r?\n|$)/;

/** What in a run of sections reaches beyond it, or undefined when the run holds a setext heading (render the page). */
function signature(run: string, definitions: boolean): string | undefined {
  if (SETEXT.test(`\n${run}`)) return undefined;
  const parts = [...run.matchAll(REACHING_LINE)].map((m) => m[0]);
  parts.push('\0', ...[...run.matchAll(REACHING_INLINE)].map((m) => m[0]));
  if (definitions) parts.push('\0', ...[...run.matchAll(BRACKETS)].map((m) => m[0]));
  return parts.join('\n');
}

/** The index where `run` stands in `blocks`, when it stands there once. */
function uniqueRun(blocks: readonly string[], run: readonly string[]): number | undefined {
  if (!run.length) return undefined;
  let found: number | undefined;
  for (let k = blocks.indexOf(run[0]); k >= 0 && k + run.length <= blocks.length; k = blocks.indexOf(run[0], k + 1)) {
    let n = 1;
    while (n < run.length && blocks[k + n] === run[n]) n++;
    if (n < run.length) continue;
    if (found !== undefined) return undefined;
    found = k;
  }
  return found;
}

function sameWarnings(a: readonly DocumentDiagnostic[], b: readonly DocumentDiagnostic[]): boolean {
  const key = (w: DocumentDiagnostic): string => `${w.line}\0${w.column ?? ''}\0${w.severity}\0${w.code}\0${w.message}`;
  return a.length === b.length && a.every((w, n) => key(w) === key(b[n]));
}

/**
 * Offsets in (from, to) where a section starts: a line opening with an ATX heading at column 0 after a blank line,
 * outside code fences, `:::` containers and `$$` math blocks. `from` is a line start outside all of them.
 */
export function sectionBoundaries(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  let fence: { ch: string; len: number } | undefined;
  let containers = 0;
  let math = false;
  let blankBefore = false;
  for (let pos = from; pos < to;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    const c = text.charCodeAt(pos);
    const blank = nl === pos || (c <= 32 && /^[ \t\r]*$/.test(text.slice(pos, nl)));
    if (!blank) {
      const line = c === 32 || c === 35 || c === 96 || c === 126 || c === 58 || c === 36 ? text.slice(pos, nl) : '';
      if (fence) {
        const m = FENCE.exec(line);
        if (m && m[1][0] === fence.ch && m[1].length >= fence.len && !m[2].trim()) fence = undefined;
      } else if (math) {
        if (MATH.test(line)) math = false;
      } else if (line) {
        const m = FENCE.exec(line);
        if (m) fence = { ch: m[1][0], len: m[1].length };
        else if (MATH.test(line)) math = true;
        else if (CONTAINER.test(line)) containers = /^ {0,3}:{3,}[ \t]*$/.test(line) ? Math.max(0, containers - 1) : containers + 1;
        else if (c === 35 && blankBefore && containers === 0 && pos > from && HEADING_START.test(line)) out.push(pos);
      }
    }
    blankBefore = blank;
    pos = nl + 1;
  }
  return out;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const MATH = /^ {0,3}\$\$[ \t\r]*$/;
const CONTAINER = /^ {0,3}:{3,}/;
const HEADING_START = /^#{1,6}(?:[ \t\r]|$)/;

/** Where a leading `---` / `+++` front matter block ends (after its closing line), or 0. */
function frontMatterEnd(text: string): number {
  const open = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (!open) return 0;
  const close = new RegExp(`\\n(?:${open[1] === '---' ? '---|\\.\\.\\.' : '\\+\\+\\+'})[ \\t]*(?:\\r?\\n|$)`, 'g');
  close.lastIndex = open[0].length - 1;
  const m = close.exec(text);
  return m ? m.index + m[0].length : 0;
}

/** Start of the (blank) line before the line at `start`. */
function blankLineStart(text: string, start: number): number {
  return start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

/** Length of the common start of two strings (compared in chunks: a keystroke in a 1 MB page costs well under a ms). */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  for (const step of [65536, 4096, 256, 16]) while (n + step <= max && a.slice(n, n + step) === b.slice(n, n + step)) n += step;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Length of the common end of two strings, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  for (const step of [65536, 4096, 256, 16]) while (n + step <= max && a.slice(a.length - n - step, a.length - n) === b.slice(b.length - n - step, b.length - n)) n += step;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}
