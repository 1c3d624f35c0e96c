import type MarkdownIt from 'markdown-it';

type StateCore = MarkdownIt.StateCore;

const TOC_PARAGRAPH = /^\s*\[\[_?TOC_?\]\]\s*$/i;
const TOC_COMMENT = /^\s*<!--\s*toc\s*-->\s*$/i;
const TOC_STOP = /<!--\s*tocstop\s*-->/i;

/**
 * `[[_TOC_]]` (GitLab/Azure DevOps) alone in a paragraph, or an `<!-- toc -->` comment, becomes a `toc` token
 * (the table-of-contents macro). A list generated between `<!-- toc -->` and `<!-- tocstop -->` (markdown-toc) is
 * dropped: Confluence builds its own.
 */
function tocMarkers(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let isToc = false;
    let end = i;
    if (t.type === 'paragraph_open' && tokens[i + 1]?.type === 'inline' && TOC_PARAGRAPH.test(tokens[i + 1].content)) {
      isToc = true;
      end = i + 2;
    } else if (t.type === 'html_block' && TOC_COMMENT.test(t.content)) {
      isToc = true;
      for (let j = i + 1; j < tokens.length; j++) {
        if (tokens[j].type === 'html_block' && TOC_STOP.test(tokens[j].content) && tokens[j].level === t.level) {
          end = j;
          break;
        }
      }
    }
    if (!isToc) continue;
    const toc = new state.Token('toc', '', 0);
    toc.block = true;
    toc.map = t.map;
    toc.level = t.level;
    tokens.splice(i, end - i + 1, toc);
  }
}

export function tocPlugin(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.after('text_join', 'toc_marker', tocMarkers);
}
