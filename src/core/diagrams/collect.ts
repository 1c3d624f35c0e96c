import type MarkdownIt from 'markdown-it';
import { storageMarkdownIt } from '../markdown/engine';
import { DIAGRAM_LANGUAGES, diagramLanguage } from './keys';
import type { DiagramBlock } from './types';

function walk(tokens: MarkdownIt.Token[], out: DiagramBlock[]): void {
  for (const t of tokens) {
    if (t.type === 'fence') {
      const language = diagramLanguage(t.info);
      if (language) out.push({ language, source: t.content });
    } else if (t.type === 'math_block' || t.type === 'math_inline') {
      out.push({ language: 'math', source: t.content, display: t.type === 'math_block' || undefined });
    }
    if (t.children) walk(t.children, out);
  }
}

/** A fence whose info string starts with a diagram language (any case, any fence length; also in lists and quotes). */
const DIAGRAM_FENCE = new RegExp(`(?:\`{3,}|~{3,})[ \\t]*(?:${Object.keys(DIAGRAM_LANGUAGES).join('|')})(?![\\w-])`, 'i');

/**
 * Math needs `$$`, or a `$` followed by something other than a space or a dollar (plugins/math.ts: Pandoc's rule), so
 * shell prompts (`$ npm test`) and prices (`$ 5`) in code and text do not make every document a math candidate.
 */
const INLINE_MATH_OPEN = /\$[^\s$]/;

/**
 * Whether a document may hold a block of `languages` (the renderer languages wanted; default all): a text check that
 * lets the 99 % of documents without diagrams skip the Markdown parse. It may say yes wrongly, never no wrongly.
 */
export function mayHoldDiagrams(markdown: string, languages?: ReadonlySet<string>): boolean {
  const math = !languages || languages.has('math');
  const fences = !languages || [...languages].some((l) => l !== 'math');
  return (fences && DIAGRAM_FENCE.test(markdown)) || (math && (markdown.includes('$$') || INLINE_MATH_OPEN.test(markdown)));
}

/** The diagram and math blocks of a Markdown document (parsed the way the converter parses it). */
export function collectDiagramBlocks(markdown: string, languages?: ReadonlySet<string>): DiagramBlock[] {
  if (!mayHoldDiagrams(markdown, languages)) return [];
  const out: DiagramBlock[] = [];
  walk(storageMarkdownIt().parse(markdown, {}), out);
  return languages ? out.filter((b) => languages.has(b.language)) : out;
}
