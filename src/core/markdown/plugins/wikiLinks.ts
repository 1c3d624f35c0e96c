import type MarkdownIt from 'markdown-it';

type StateInline = MarkdownIt.StateInline;

/** `[[Other Page]]`, `[[Other Page|label]]`, `[[Other Page#Heading|label]]` (Obsidian / wiki syntax). */
const WIKI = /^\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]/;

export type WikiLinkMeta = {
  /** Page title or file name as written (without the `#fragment`). */
  target: string;
  fragment?: string;
  label: string;
};

/** Inline rule: a `wikilink` token (resolved by the renderer, see links.ts `resolveWikiLink`). `[[_TOC_]]` is not one. */
function wikiLink(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b || state.src.charCodeAt(state.pos + 1) !== 0x5b) return false;
  // `![[x]]` (an embed) and `[[[x]]]` are not wiki links
  const before = state.pos > 0 ? state.src.charCodeAt(state.pos - 1) : 0;
  if (before === 0x21 || before === 0x5b) return false;
  const m = WIKI.exec(state.src.slice(state.pos, state.posMax));
  if (m && state.src.charCodeAt(state.pos + m[0].length) === 0x5d) return false;
  if (!m || /^\s*_?TOC_?\s*$/i.test(m[1])) return false;
  // `[[foo]]` with a reference definition `[foo]: url` is CommonMark's bracketed link, not a wiki link
  const refs = (state.env as { references?: Record<string, unknown> }).references;
  if (refs && refs[state.md.utils.normalizeReference(m[1])] !== undefined) return false;
  const raw = m[1].trim();
  const hash = raw.indexOf('#');
  const target = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
  const fragment = hash >= 0 ? raw.slice(hash + 1).trim() || undefined : undefined;
  if (!target && !fragment) return false;
  if (!silent) {
    const token = state.push('wikilink', '', 0);
    token.markup = m[0];
    token.meta = { target, fragment, label: (m[2] ?? raw).trim() } satisfies WikiLinkMeta;
  }
  state.pos += m[0].length;
  return true;
}

export function wikiLinksPlugin(md: MarkdownIt.MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikiLink);
}
