// Inline suppression comments, one syntax for every rule:
//   <!-- confluence-secrets-ignore-next-line -->   the next non-blank line
//   <!-- confluence-secrets-ignore-line -->        the line the comment is on
//   <!-- confluence-secrets-ignore-start --> … <!-- confluence-secrets-ignore-end -->   every line between
//
// A marker counts only where it is a real comment, never where it is shown (documentation that explains the
// marker must not switch scanning off):
// - in Markdown, an HTML comment in the document structure (an HTML block or inline HTML, as markdown-it parses
//   it); the same text inside a fenced or indented code block, an inline code span, or plain prose is not one;
// - inside a code block (and YAML front matter), a `#` or `//` line comment (`# confluence-secrets-ignore-next-line`),
//   which acts only within that code block: a `start` there ends with the block at the latest;
// - in a file that is not Markdown (a text attachment), `#`, `//` and `<!-- -->` comments, for the whole file.
import MarkdownIt from 'markdown-it';
import type { LineIndex } from './text';

type Directive = 'next-line' | 'line' | 'start' | 'end';
/** A marker found at a 0-based line, and the line range (inclusive) its effect is confined to. */
interface Marker {
  line: number;
  directive: Directive;
  scope: [number, number];
}

const WORD = 'confluence-secrets-ignore-(next-line|line|start|end)\\b';
const HTML_COMMENT = new RegExp(`<!--(?:(?!-->)[\\s\\S])*?${WORD}`, 'g');
const LINE_COMMENT = new RegExp(`(?:^|\\s)(?:#|//)[ \\t]*${WORD}`, 'g');
const ANY_COMMENT = new RegExp(`${LINE_COMMENT.source}|<!--(?:(?!-->)[\\s\\S])*?${WORD}`, 'g');
const MARKDOWN_FILE = /\.(?:md|markdown|mdown|mkdn|mkd|mdx)$/i;

/** 0-based line numbers whose findings are suppressed. `file` decides whether the text is Markdown. */
export function suppressedLines(text: string, lines: LineIndex, file = 'document.md'): Set<number> {
  if (!text.includes('confluence-secrets-ignore-')) return new Set();
  const whole: [number, number] = [0, lines.lineCount - 1];
  const markers = isMarkdownFile(file)
    ? markdownMarkers(text, lines)
    : commentMarkers(ANY_COMMENT, text, 0, whole, lines);
  return apply(markers, lines);
}

/** Markdown unless the name ends in another extension (`notes.txt`, `.env.yaml`): attachments are scanned too. */
function isMarkdownFile(file: string): boolean {
  const ext = /\.[A-Za-z0-9]+$/.exec(file);
  return !ext || MARKDOWN_FILE.test(ext[0]);
}

function apply(markers: Marker[], lines: LineIndex): Set<number> {
  const out = new Set<number>();
  const open = new Map<string, number>(); // one open start per scope
  for (const m of markers.sort((a, b) => a.line - b.line)) {
    const key = m.scope.join(':');
    switch (m.directive) {
      case 'line':
        out.add(m.line);
        break;
      case 'next-line': {
        out.add(m.line);
        let next = m.line + 1;
        while (next <= m.scope[1] && lines.lineText(next).trim() === '') next++;
        if (next <= m.scope[1]) out.add(next);
        break;
      }
      case 'start':
        if (!open.has(key)) open.set(key, m.line);
        break;
      case 'end': {
        const from = open.get(key);
        if (from !== undefined) for (let l = from; l <= m.line; l++) out.add(l);
        open.delete(key);
        break;
      }
    }
  }
  // An unterminated block runs to the end of its scope (the document, or the code block it is in).
  for (const [key, from] of open) {
    const to = Number(key.split(':')[1]);
    for (let l = from; l <= to; l++) out.add(l);
  }
  return out;
}

let parser: MarkdownIt.MarkdownIt | undefined;

/**
 * A private markdown-it instance (parse only, raw HTML on, as the publisher has it) whose inline HTML tokens
 * record their offset in the inline content, so a comment inside a paragraph is placed on its own line.
 */
function markdownParser(): MarkdownIt.MarkdownIt {
  if (parser) return parser;
  const md = new MarkdownIt('default', { html: true });
  const rules = (md.inline.ruler as unknown as { __rules__?: { name: string; fn: InlineRule }[] }).__rules__;
  const original = rules?.find((r) => r.name === 'html_inline')?.fn;
  if (!original) throw new Error('markdown-it: html_inline rule not found (suppression markers need it)');
  md.inline.ruler.at('html_inline', (state, silent) => {
    const pos = state.pos;
    const ok = original(state, silent);
    if (ok && !silent) state.tokens[state.tokens.length - 1].meta = { offset: pos };
    return ok;
  });
  parser = md;
  return md;
}

type InlineRule = (state: { pos: number; tokens: MarkdownIt.Token[] }, silent: boolean) => boolean;

function markdownMarkers(text: string, lines: LineIndex): Marker[] {
  const whole: [number, number] = [0, lines.lineCount - 1];
  const markers: Marker[] = [];
  // YAML front matter is not Markdown: blank it (same length, same lines) and treat it as a code block.
  const fm = /^---[ \t]*\r?\n(?:[^\n]*\n)*?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  let source = text;
  if (fm) {
    source = fm[0].replace(/[^\n]/g, ' ') + text.slice(fm[0].length);
    const last = lines.lineOf(fm[0].length - 1);
    markers.push(...commentMarkers(LINE_COMMENT, text.slice(0, fm[0].length), 0, [0, last], lines));
  }
  // markdown-it reads a lone CR as a line break; the line index does not.
  source = source.replace(/\r(?!\n)/g, ' ');
  for (const token of markdownParser().parse(source, {})) {
    if (!token.map) continue;
    const [first, end] = token.map;
    if (token.type === 'fence' || token.type === 'code_block') {
      const last = Math.max(first, end - 1);
      const from = lines.lineStart(first);
      markers.push(...commentMarkers(LINE_COMMENT, text.slice(from, lines.lineEnd(last)), from, [first, last], lines));
    } else if (token.type === 'html_block') {
      markers.push(...inContent(HTML_COMMENT, token.content, first, whole));
    } else if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type !== 'html_inline' || !child.content.startsWith('<!--')) continue;
        const offset = (child.meta as { offset?: number } | null)?.offset;
        if (offset === undefined) continue;
        const line = first + countNewlines(token.content, offset);
        for (const m of inContent(HTML_COMMENT, child.content, line, whole)) markers.push(m);
      }
    }
  }
  return markers;
}

/** Markers in a block's text whose first line is `firstLine` (token contents keep the source's line breaks). */
function inContent(re: RegExp, content: string, firstLine: number, scope: [number, number]): Marker[] {
  return [...content.matchAll(new RegExp(re.source, 'g'))].map((m) => ({
    line: firstLine + countNewlines(content, m.index! + m[0].length),
    directive: directiveOf(m),
    scope,
  }));
}

function commentMarkers(re: RegExp, slice: string, from: number, scope: [number, number], lines: LineIndex): Marker[] {
  return [...slice.matchAll(new RegExp(re.source, 'g'))].map((m) => ({
    line: lines.lineOf(from + m.index! + m[0].length - 1),
    directive: directiveOf(m),
    scope,
  }));
}

function directiveOf(m: RegExpMatchArray): Directive {
  return (m.slice(1).find((g) => g !== undefined) ?? 'line') as Directive;
}

function countNewlines(s: string, upTo: number): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < upTo; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
