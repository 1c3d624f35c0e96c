import type MarkdownIt from 'markdown-it';
import type { RenderEnv } from './env';
import { diagramStorage } from './diagramBlocks';
import { resolveWikiLink } from './links';
import type { AdmonitionMeta } from './plugins/admonitions';
import type { WikiLinkMeta } from './plugins/wikiLinks';
import { codeMacro, MACRO_CLOSE, macroOpen, plainLink } from './storage';
import { escapeXml } from './xml';

type Rule = MarkdownIt.RendererRule;

/**
 * Emoji shortcodes that have a Confluence emoticon (the classic set every site has) -> its `ac:name`. Other
 * shortcodes become their Unicode emoji (markdown-it-emoji's table).
 */
export const EMOTICON_NAMES: Record<string, string> = {
  warning: 'warning', information_source: 'information', white_check_mark: 'tick', heavy_check_mark: 'tick',
  x: 'cross', question: 'question', bulb: 'light-on', star: 'yellow-star', heart: 'heart', broken_heart: 'broken-heart',
  '+1': 'thumbs-up', thumbsup: 'thumbs-up', '-1': 'thumbs-down', thumbsdown: 'thumbs-down', wink: 'wink',
  stuck_out_tongue: 'cheeky', laughing: 'laugh', smile: 'smile', slightly_smiling_face: 'smile',
  slightly_frowning_face: 'sad', heavy_plus_sign: 'plus', heavy_minus_sign: 'minus',
};

/** `==highlight==`: the yellow text background of the Confluence editor (read back as `==…==`). */
export const HIGHLIGHT_STYLE = 'background-color: rgb(255,240,179);';

/** Storage for an emoji shortcode: the emoticon (short name kept, so it reads back as the same shortcode) or the emoji. */
export function emojiStorage(shortcode: string, unicode: string): string {
  const name = EMOTICON_NAMES[shortcode];
  if (!name) return escapeXml(unicode);
  return `<ac:emoticon ac:name="${name}" ac:emoji-shortname=":${escapeXml(shortcode)}:" ac:emoji-fallback="${escapeXml(unicode)}" />`;
}

/** Renderer rules of the dialects: MkDocs admonitions, wiki links, emoji, highlight (sub/sup/deflists render as HTML). */
export const dialectRules: Record<string, Rule> = {
  admonition_open: (tokens, idx) => {
    const meta = tokens[idx].meta as unknown as AdmonitionMeta;
    return meta.expand ? macroOpen('expand', meta.title) : macroOpen(meta.panel ?? 'info', meta.title);
  },
  admonition_close: () => MACRO_CLOSE,
  wikilink: (tokens, idx, _o, e) => {
    const meta = tokens[idx].meta as unknown as WikiLinkMeta;
    const link = resolveWikiLink(e as RenderEnv, meta.target, meta.fragment);
    if (link.kind === 'unresolved') return escapeXml(meta.label === meta.target ? meta.label : `${meta.label} (${meta.target})`);
    return plainLink(link, meta.label);
  },
  emoji: (tokens, idx) => emojiStorage(tokens[idx].markup, tokens[idx].content),
  // math: the rendered formula, else the TeX as code (with its delimiters, so it reads back as math)
  math_inline: (tokens, idx, _o, e) => {
    const source = tokens[idx].content;
    return diagramStorage(e as RenderEnv, { language: 'math', source }, true) ?? `<code>${escapeXml(`$${source}$`)}</code>`;
  },
  math_block: (tokens, idx, _o, e) => {
    const t = tokens[idx];
    const source = t.content;
    const image = diagramStorage(e as RenderEnv, { language: 'math', source, display: true }, !t.block);
    if (image) return image;
    return t.block ? codeMacro('none', undefined, false, `$$\n${source}\n$$`) : `<code>${escapeXml(`$$${source}$$`)}</code>`;
  },
  mark_open: () => `<span style="${HIGHLIGHT_STYLE}">`,
  mark_close: () => '</span>',
};
