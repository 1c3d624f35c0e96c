import type MarkdownIt from 'markdown-it';

type StateInline = MarkdownIt.StateInline;
type StateBlock = MarkdownIt.StateBlock;

const DOLLAR = 0x24;

/**
 * `$…$` (inline) and `$$…$$` (display) math, Pandoc's rules so prices and shell variables stay text: the opening `$`
 * is not followed by a space, the closing one not preceded by a space nor followed by a digit; `\$` is a dollar.
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const display = src.charCodeAt(start + 1) === DOLLAR;
  const open = display ? 2 : 1;
  const first = src.charCodeAt(start + open);
  if (Number.isNaN(first) || first === 0x20 || first === 0x09 || first === 0x0a || first === DOLLAR) return false;
  for (let pos = start + open; pos < state.posMax; pos++) {
    const c = src.charCodeAt(pos);
    if (c === 0x5c) {
      pos++;
      continue;
    }
    if (c !== DOLLAR) continue;
    if (display && src.charCodeAt(pos + 1) !== DOLLAR) continue;
    const before = src.charCodeAt(pos - 1);
    if (before === 0x20 || before === 0x09 || before === 0x0a) return false;
    const after = src.charCodeAt(pos + open);
    if (!display && after >= 0x30 && after <= 0x39) return false;
    if (!silent) {
      const token = state.push(display ? 'math_block' : 'math_inline', 'math', 0);
      token.markup = display ? '$$' : '$';
      token.content = src.slice(start + open, pos);
    }
    state.pos = pos + open;
    return true;
  }
  return false;
}

/** A `$$` line opens display math up to the line ending in `$$` (or `$$ … $$` on one line). */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (!state.src.startsWith('$$', start)) return false;
  const firstLine = state.src.slice(start + 2, max);
  let content: string;
  let last = startLine;
  if (firstLine.trim().endsWith('$$') && firstLine.trim().length >= 2) {
    content = firstLine.trim().slice(0, -2);
  } else {
    if (firstLine.trim()) return false; // "$$x" followed by text: inline math of a paragraph
    let found = false;
    for (last = startLine + 1; last < endLine; last++) {
      const line = state.src.slice(state.bMarks[last] + state.tShift[last], state.eMarks[last]);
      if (line.trimEnd().endsWith('$$')) {
        found = true;
        break;
      }
    }
    if (!found) return false;
    const lines: string[] = [];
    for (let l = startLine + 1; l <= last; l++) lines.push(state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]));
    lines[lines.length - 1] = lines[lines.length - 1].trimEnd().slice(0, -2);
    content = lines.join('\n');
  }
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.markup = '$$';
  token.content = content.trim();
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt.MarkdownIt): void {
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
