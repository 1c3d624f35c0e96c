import * as markdown from '../markdown';
import { titleFromFileName, titleFromName, type DocumentOutline } from '../markdown/title';
import type { ConvertOptions, ConvertResult } from '../markdown/types';

/** What the engine needs from the Markdown converter; tests may pass their own. */
export interface MarkdownPort {
  convert(source: string, options: ConvertOptions): ConvertResult;
  /** The page title of a document without converting it (front matter title, first H1, file name). */
  title(source: string, file: string): string;
  /** Title, where it came from, front matter and heading anchors in one cheap pass (the links of other pages need them). */
  outline?(source: string, file: string): DocumentOutline;
}

type MarkdownModule = {
  convertMarkdown(source: string, options: ConvertOptions): ConvertResult;
  extractTitle?: (source: string, file: string) => string | { title: string };
  parseFrontMatter(source: string, file: string): { frontMatter: { title?: string }; body: string };
};

const md = markdown as unknown as MarkdownModule;

export const defaultMarkdownPort: MarkdownPort = {
  convert: (source, options) => md.convertMarkdown(source, options),
  outline: (source, file) => markdown.scanDocument(source, file),
  title: (source, file) => {
    if (typeof md.extractTitle === 'function') {
      const t = md.extractTitle(source, file);
      return typeof t === 'string' ? t : t.title;
    }
    return quickTitle(source, file, md.parseFrontMatter);
  },
};

/** Fallback title rule: front matter `title`, else the first level-1 ATX heading outside code fences, else the file name. */
export function quickTitle(
  source: string,
  file: string,
  parse: MarkdownModule['parseFrontMatter'],
): string {
  const { frontMatter, body } = parse(source, file);
  if (frontMatter.title) return String(frontMatter.title).trim();
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = /^\s{0,3}#\s+(.*?)(?:\s+#+\s*)?$/.exec(line);
    if (h && h[1].trim()) return plainInline(h[1]).trim();
  }
  return titleFromFileName(file);
}

function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__|\*|_|~~)(\S(?:.*?\S)?)\1/g, '$2');
}

// One rule for made-up titles, the converter's (markdown/title.ts): files and folders are titled alike.
export { titleFromFileName, titleFromName as humanize };
