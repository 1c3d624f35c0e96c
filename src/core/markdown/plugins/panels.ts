import type MarkdownIt from 'markdown-it';

type StateBlock = MarkdownIt.StateBlock;
type StateCore = MarkdownIt.StateCore;

/** The Confluence panel macros: info (blue), tip (green), note (yellow), warning (red). */
export type PanelKind = 'info' | 'tip' | 'note' | 'warning';

/**
 * GitHub alert -> Confluence panel, by meaning and colour. Confluence has no purple panel, so IMPORTANT becomes the
 * yellow "note"; CAUTION (red on GitHub) and WARNING both become the red "warning" panel.
 */
export const ALERT_PANELS: Record<string, PanelKind> = {
  NOTE: 'info',
  TIP: 'tip',
  IMPORTANT: 'note',
  WARNING: 'warning',
  CAUTION: 'warning',
};

/** `:::name` container names (Docusaurus / VuePress / markdown-it-container usage) -> panel. */
const CONTAINER_PANELS: Record<string, PanelKind> = {
  info: 'info',
  note: 'note',
  warning: 'warning',
  tip: 'tip',
  important: 'note',
  caution: 'warning',
  danger: 'warning',
  success: 'tip',
  hint: 'tip',
};

export interface PanelMeta {
  panel: PanelKind;
  title?: string;
}

const COLON = 0x3a;

function colonRun(src: string, pos: number, max: number): number {
  let n = 0;
  while (pos + n < max && src.charCodeAt(pos + n) === COLON) n++;
  return n;
}

/** Block rule for `:::info Optional title` ... `:::` (nesting with longer fences, as markdown-it-container does). */
function panelContainer(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (state.src.charCodeAt(start) !== COLON) return false;
  const markerLength = colonRun(state.src, start, max);
  if (markerLength < 3) return false;
  const params = state.src.slice(start + markerLength, max).trim();
  const m = /^([A-Za-z]+)(?:\s+(.*))?$/.exec(params);
  if (!m) return false;
  const panel = CONTAINER_PANELS[m[1].toLowerCase()];
  if (!panel) return false;
  if (silent) return true;

  let nextLine = startLine;
  let closed = false;
  for (;;) {
    nextLine++;
    if (nextLine >= endLine) break;
    const pos = state.bMarks[nextLine] + state.tShift[nextLine];
    const lineMax = state.eMarks[nextLine];
    if (pos < lineMax && state.sCount[nextLine] < state.blkIndent) break;
    if (state.src.charCodeAt(pos) !== COLON || state.sCount[nextLine] - state.blkIndent >= 4) continue;
    const run = colonRun(state.src, pos, lineMax);
    if (run < markerLength || state.src.slice(pos + run, lineMax).trim() !== '') continue;
    closed = true;
    break;
  }

  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'blockquote';
  state.lineMax = nextLine;
  const open = state.push('panel_open', 'div', 1);
  open.block = true;
  open.markup = ':'.repeat(markerLength);
  open.info = params;
  open.map = [startLine, nextLine];
  open.meta = { panel, title: m[2]?.trim() || undefined } satisfies PanelMeta;
  state.md.block.tokenize(state, startLine + 1, nextLine);
  const close = state.push('panel_close', 'div', -1);
  close.block = true;
  close.markup = open.markup;
  close.meta = open.meta;
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  state.line = nextLine + (closed ? 1 : 0);
  return true;
}

const ALERT_MARKER = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$/i;

/** Core rule: a blockquote starting with `[!NOTE]` etc. on its own line is a GitHub alert -> panel. */
function githubAlerts(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length - 2; i++) {
    const open = tokens[i];
    if (open.type !== 'blockquote_open' || tokens[i + 1].type !== 'paragraph_open') continue;
    const inline = tokens[i + 2];
    const children = inline.children ?? [];
    const first = children[0];
    if (!first || first.type !== 'text') continue;
    const m = ALERT_MARKER.exec(first.content);
    if (!m || (children.length > 1 && children[1].type !== 'softbreak' && children[1].type !== 'hardbreak')) continue;
    const panel = ALERT_PANELS[m[1].toUpperCase()];
    // drop the marker and the line break after it
    children.splice(0, Math.min(2, children.length));
    const nl = inline.content.indexOf('\n');
    inline.content = nl < 0 ? '' : inline.content.slice(nl + 1);
    // a marker alone on its paragraph leaves nothing behind (hiding it would still leave a line break)
    if (children.length === 0) tokens.splice(i + 1, 3);
    open.meta = { panel, alert: m[1].toUpperCase() };
    for (let j = i + 1, depth = 1; j < tokens.length; j++) {
      if (tokens[j].type === 'blockquote_open') depth++;
      else if (tokens[j].type === 'blockquote_close' && --depth === 0) {
        tokens[j].meta = open.meta;
        break;
      }
    }
  }
}

export function panelsPlugin(md: MarkdownIt.MarkdownIt): void {
  md.block.ruler.before('fence', 'panel_container', panelContainer, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.core.ruler.after('text_join', 'github_alerts', githubAlerts);
}
