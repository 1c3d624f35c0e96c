import type MarkdownIt from 'markdown-it';
import { storageMarkdownIt } from '../markdown/engine';
import { diagramLanguage } from './keys';
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

/** The diagram and math blocks of a Markdown document (parsed the way the converter parses it). */
export function collectDiagramBlocks(markdown: string): DiagramBlock[] {
  if (!/```|~~~|\$/.test(markdown)) return [];
  const out: DiagramBlock[] = [];
  walk(storageMarkdownIt().parse(markdown, {}), out);
  return out;
}
