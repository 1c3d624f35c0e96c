import type MarkdownIt from 'markdown-it';

/**
 * Character references in Markdown text (`&copy;`, `&#169;`, `&mdash;`) keep their own token, so the renderer writes
 * them as numeric references (XML has no named ones) instead of merging the character into the surrounding text.
 * Everything that reads text (titles, anchors, link and alt text) treats the `entity` token as text.
 */
export function entitiesPlugin(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.before('text_join', 'character_references', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children || !block.content.includes('&')) continue;
      for (const t of block.children) if (t.type === 'text_special' && t.info === 'entity') t.type = 'entity';
    }
  });
}
