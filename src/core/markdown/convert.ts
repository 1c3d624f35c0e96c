import { posix } from 'node:path';
import { storageMarkdownIt } from './engine';
import type { RenderEnv } from './env';
import { normaliseLabels, parseFrontMatter } from './frontMatter';
import { checkRawStorage } from './rawStorage';
import { titleFromFileName } from './title';
import type { ConvertOptions, ConvertResult } from './types';

/**
 * Converts one Markdown document to Confluence storage format (synchronous; the markdown-it instance is shared,
 * all per-document state is in `env`). Throws DocumentError `front-matter-invalid` for a bad front matter block.
 */
export function convertMarkdown(source: string, options: ConvertOptions): ConvertResult {
  const file = options.path;
  const { frontMatter, body, bodyStartLine } = parseFrontMatter(source, file);
  const dir = posix.dirname(file);
  const env: RenderEnv = {
    file,
    dir: dir === '.' ? '' : dir,
    options,
    codeLanguages: options.codeLanguages ?? 'cloud',
    wantH1Title: frontMatter.title === undefined && !options.afterHeadings,
    headings: [],
    headingTexts: [],
    namedAnchors: [],
    warnings: [],
    links: [],
    attachments: new Map(),
    attachmentNames: new Set(),
    htmlStack: [],
    htmlMarks: [],
    inlineStack: [],
    inlineBase: 0,
    line: 1,
  };
  // Blank lines in place of the front matter keep token line numbers equal to file lines. Characters XML forbids are
  // removed where text is written out (escapeXml, cdata), so the source is not scanned for them here.
  const text = '\n'.repeat(bodyStartLine - 1) + body;
  const storage = storageMarkdownIt().render(text, env).trim() + '\n';
  checkRawStorage(env, storage);

  let title: string;
  let titleSource: ConvertResult['titleSource'];
  if (frontMatter.title !== undefined) {
    title = frontMatter.title;
    titleSource = 'front-matter';
  } else if (env.h1Title) {
    title = env.h1Title;
    titleSource = 'h1';
  } else {
    title = titleFromFileName(file);
    titleSource = 'file-name';
  }
  return {
    title,
    titleSource,
    storage,
    frontMatter,
    labels: normaliseLabels(frontMatter.labels ?? []),
    publish: frontMatter.publish !== false,
    attachments: [...env.attachments.values()],
    links: env.links,
    headings: env.headings,
    warnings: env.warnings,
  };
}
