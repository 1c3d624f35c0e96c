import type MarkdownIt from 'markdown-it';
import type { PanelKind } from './panels';

type StateBlock = MarkdownIt.StateBlock;

/**
 * MkDocs / Material admonition types -> the panel GitHub alerts of the same meaning become (see ALERT_PANELS):
 * notes and summaries blue, tips and successes green, "important" yellow, warnings and failures red. Any other type
 * (MkDocs accepts custom ones) is an info panel.
 */
const ADMONITION_PANELS: Record<string, PanelKind> = {
  note: 'info', info: 'info', abstract: 'info', summary: 'info', tldr: 'info', todo: 'info', question: 'info',
  help: 'info', faq: 'info', example: 'info', quote: 'info', cite: 'info',
  tip: 'tip', hint: 'tip', success: 'tip', check: 'tip', done: 'tip',
  important: 'note',
  warning: 'warning', caution: 'warning', attention: 'warning', danger: 'warning', error: 'warning', failure: 'warning',
  fail: 'warning', missing: 'warning', bug: 'warning',
};

/** `!!! type "Title"`, `??? type`, `???+ type "Title"` (the title optional; `""` means no title). */
const OPENER = /^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)((?:[ \t]+[\w-]+)*)(?:[ \t]+"([^"]*)")?[ \t]*$/;

export type AdmonitionMeta = {
  panel?: PanelKind;
  /** `???`: a collapsible admonition (an expand macro). */
  expand?: boolean;
  title?: string;
};

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/**
 * Block rule for MkDocs admonitions: the opener line, then a body indented by four spaces (blank lines inside are
 * part of it while indented lines follow). `!!!` becomes a panel (as `:::` containers and GitHub alerts do); `???`
 * (collapsible) an expand macro titled with the title or the capitalised type.
 */
function admonition(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const first = state.src.charCodeAt(start);
  if (first !== 0x21 && first !== 0x3f) return false;
  const m = OPENER.exec(state.src.slice(start, state.eMarks[startLine]));
  if (!m) return false;
  if (silent) return true;
  const type = m[2].toLowerCase();
  const explicitTitle = m[4];
  const collapsible = m[1] !== '!!!';

  const bodyIndent = state.blkIndent + 4;
  let last = startLine; // last line of the body
  for (let line = startLine + 1; line < endLine; line++) {
    if (state.isEmpty(line)) continue;
    if (state.sCount[line] < bodyIndent) break;
    last = line;
  }

  const meta: AdmonitionMeta = collapsible
    ? { expand: true, title: explicitTitle === undefined ? capitalised(type) : explicitTitle }
    : { panel: ADMONITION_PANELS[type] ?? 'info', title: explicitTitle || undefined };
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  const oldIndent = state.blkIndent;
  state.parentType = 'blockquote';
  state.lineMax = last + 1;
  const open = state.push('admonition_open', 'div', 1);
  open.block = true;
  open.markup = m[1];
  open.info = type;
  open.map = [startLine, last + 1];
  open.meta = meta;
  state.blkIndent = bodyIndent;
  if (last > startLine) state.md.block.tokenize(state, startLine + 1, last + 1);
  state.blkIndent = oldIndent;
  const close = state.push('admonition_close', 'div', -1);
  close.block = true;
  close.markup = m[1];
  close.meta = meta;
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  state.line = last + 1;
  return true;
}

export function admonitionsPlugin(md: MarkdownIt.MarkdownIt): void {
  md.block.ruler.before('fence', 'admonition', admonition, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
