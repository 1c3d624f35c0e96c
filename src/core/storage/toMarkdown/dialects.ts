import type TurndownService from 'turndown';
import emojiNames from 'markdown-it-emoji/lib/data/full.mjs';
import { EMOTICON_NAMES } from '../../markdown/dialects';

// Storage -> Markdown for the dialects the converter reads (src/core/markdown/dialects.ts): definition lists,
// highlight (`==…==`), emoticons we published from a shortcode (`:warning:`). Sub/superscript stay `<sub>`/`<sup>`.

/** `:warning:` for an emoticon written from that shortcode (no `ac:emoji-id`: not the editor's), else undefined. */
export function emoticonShortcode(attribs: Record<string, string>): string | undefined {
  if (attribs['ac:emoji-id']) return undefined;
  const m = /^:([\w+-]+):$/.exec(attribs['ac:emoji-shortname'] ?? '');
  return m && EMOTICON_NAMES[m[1]] === attribs['ac:name'] ? m[0] : undefined;
}

/** Text that the dialects would read as markup: `:name:`, `==`, `^`, a line starting with `: ` (a definition). */
export type Escape = [RegExp, string] | [RegExp, (match: string, ...groups: string[]) => string];

export const DIALECT_ESCAPES: Escape[] = [
  [/:([\w+-]+):/g, (m, name) => (Object.hasOwn(emojiNames, name) ? `\\${m}` : m)],
  [/==/g, '\\=\\='],
  [/\^/g, '\\^'],
  [/^: /g, '\\: '],
];

export function addDialectRules(td: TurndownService): void {
  td.addRule('cfDefinitionList', {
    filter: 'dl',
    replacement: (content) => `\n\n${content.replace(/^\n+/, '').replace(/\n+$/, '')}\n\n`,
  });
  td.addRule('cfTerm', {
    filter: 'dt',
    replacement: (content, node) => {
      // a term after a definition starts a new group (a blank line between)
      let sib = node.previousSibling;
      while (sib && sib.nodeType !== 1) sib = sib.previousSibling;
      const prev = sib?.nodeName === 'DD' ? '\n\n' : '';
      return `${prev}${content.trim().replace(/\n+/g, ' ')}\n`;
    },
  });
  td.addRule('cfDefinition', {
    filter: 'dd',
    replacement: (content, node) => {
      let sib = node.nextSibling;
      while (sib && sib.nodeType !== 1) sib = sib.nextSibling;
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '').replace(/\n/g, '\n    ').replace(/^ +$/gm, '');
      return `:   ${body}${sib?.nodeName === 'DT' ? '\n\n' : '\n'}`;
    },
  });
  td.addRule('cfEmoji', {
    filter: (node) => node.nodeName === 'SPAN' && node.hasAttribute('data-cf-emoji'),
    replacement: (_c, node) => (node as HTMLElement).getAttribute('data-cf-emoji') ?? '',
  });
  td.addRule('cfHighlight', { filter: 'mark', replacement: (c) => (c.trim() ? `==${c}==` : c) });
}
