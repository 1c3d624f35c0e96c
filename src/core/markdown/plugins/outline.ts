import type MarkdownIt from 'markdown-it';
import { headingAnchor } from '../anchors';
import type { RenderEnv } from '../env';
import { inlineText } from '../render';

/**
 * Core rule: collects the headings (text, Confluence anchor, line) and, when the title is to come from the first
 * H1, takes that heading out of the body. "First H1" means the document's first heading when it is a top-level H1
 * (a later H1 after other headings is a section, not the title) — `scanDocument` applies the same rule cheaply.
 */
// `<a name="x">` / `<a id="x">` without href: an anchor macro on the page, a valid target for "#x"
const NAMED_ANCHOR = /<a\s(?:[^>]*\s)?(?:name|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi;

function outline(state: MarkdownIt.StateCore): void {
  const env = state.env as unknown as RenderEnv;
  if (!env || !Array.isArray(env.headings)) return;
  const tokens = state.tokens;
  let first = true;
  const texts: string[] = [];
  const namedAnchors: string[] = [];
  const collectNamed = (html: string): void => {
    if (!html.includes('<a')) return;
    NAMED_ANCHOR.lastIndex = 0;
    for (let m = NAMED_ANCHOR.exec(html); m; m = NAMED_ANCHOR.exec(html)) namedAnchors.push(m[1] ?? m[2] ?? m[3]);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'html_block') collectNamed(t.content);
    else if (t.type === 'inline' && t.content.includes('<a')) for (const c of t.children ?? []) if (c.type === 'html_inline') collectNamed(c.content);
    if (t.type !== 'heading_open') continue;
    const inline = tokens[i + 1];
    const text = inlineText(inline.children).trim();
    const level = Number(t.tag.slice(1));
    if (first && env.wantH1Title && level === 1 && t.level === 0 && text) {
      env.h1Title = text;
      t.hidden = true;
      tokens[i + 2].hidden = true;
      inline.children = [];
      first = false;
      continue;
    }
    first = false;
    texts.push(text);
    const anchor = headingAnchor(text);
    t.meta = { ...(t.meta ?? {}), anchor };
    env.headings.push({ text, anchor, level, line: (t.map?.[0] ?? 0) + 1 });
  }
  env.headingTexts = texts;
  env.namedAnchors = namedAnchors;
}

export function outlinePlugin(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.push('confluence_outline', outline);
}
