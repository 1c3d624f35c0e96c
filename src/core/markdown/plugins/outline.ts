import type MarkdownIt from 'markdown-it';
import { headingAnchor } from '../anchors';
import type { RenderEnv } from '../env';
import { inlineText } from '../render';

/**
 * Core rule: collects the headings (text, Confluence anchor, line) and, when the title is to come from the first
 * H1, takes that heading out of the body. "First H1" means the document's first heading when it is a top-level H1
 * (a later H1 after other headings is a section, not the title) — `scanDocument` applies the same rule cheaply.
 */
function outline(state: MarkdownIt.StateCore): void {
  const env = state.env as unknown as RenderEnv;
  if (!env || !Array.isArray(env.headings)) return;
  const tokens = state.tokens;
  let first = true;
  const texts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
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
    env.headings.push({ text, anchor: headingAnchor(text), level, line: (t.map?.[0] ?? 0) + 1 });
  }
  env.headingTexts = texts;
}

export function outlinePlugin(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.push('confluence_outline', outline);
}
