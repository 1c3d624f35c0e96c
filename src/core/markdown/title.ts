import { posix } from 'node:path';
import { anchorLookup } from './anchors';
import { storageMarkdownIt } from './engine';
import { parseFrontMatter } from './frontMatter';
import { inlineText } from './render';
import type { FrontMatter } from './types';

export interface DocumentOutline {
  title: string;
  titleSource: 'front-matter' | 'h1' | 'file-name';
  frontMatter: FrontMatter;
  /** What may follow "#" in a link to this document -> Confluence heading anchor. */
  anchors: Record<string, string>;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

const INLINE_SYNTAX = /[\\`*_[\]<>&!~]/;

function headingText(raw: string): string {
  if (!INLINE_SYNTAX.test(raw)) return raw.trim(); // no inline syntax: the text is the heading
  const md = storageMarkdownIt();
  return inlineText(md.parseInline(raw, {})[0]?.children ?? null).trim();
}

/** Title from the file name: "getting-started.md" -> "Getting started"; README/index take their folder's name. */
export function titleFromFileName(path: string): string {
  let base = posix.basename(path).replace(/\.[^.]+$/, '');
  if (/^(readme|index)$/i.test(base)) base = posix.basename(posix.dirname(path)) || base;
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : path;
}

/**
 * Cheap outline of a document for the planner (titles and heading anchors of every document before any is
 * converted): a line scan for ATX/setext headings outside fenced code, no full render. Title resolution: front
 * matter `title`, else the first heading when it is an H1, else the file name. Throws DocumentError on invalid
 * front matter, like `convertMarkdown`.
 */
export function scanDocument(source: string, path: string): DocumentOutline {
  const { frontMatter, body } = parseFrontMatter(source, path);
  const lines = body.split('\n');
  const texts: string[] = [];
  let h1: string | undefined;
  let firstHeading = true;
  let fence: string | undefined;
  let prevText: string | undefined; // previous line when it can be a setext heading's text
  for (const rawLine of lines) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    // cheap first-character checks before any regex: most lines are paragraph text
    const first = line.charCodeAt(line.search(/\S|$/));
    const f = first === 0x60 || first === 0x7e ? FENCE.exec(line) : null;
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      prevText = undefined;
      continue;
    }
    let text: string | undefined;
    let level = 0;
    const atx = first === 0x23 ? ATX.exec(line) : null;
    const setext = prevText !== undefined && (first === 0x3d || first === 0x2d) ? SETEXT.exec(line) : null;
    if (atx) {
      level = atx[1].length;
      text = headingText(atx[2] ?? '');
    } else if (setext) {
      level = setext[1][0] === '=' ? 1 : 2;
      text = headingText(prevText!);
    }
    if (text !== undefined) {
      if (firstHeading && level === 1 && text && frontMatter.title === undefined) h1 = text;
      else texts.push(text);
      firstHeading = false;
      prevText = undefined;
      continue;
    }
    const trimmed = line.trim();
    prevText = trimmed === '' || /^ {4}|^\t|^>|^[-*+] |^\d+[.)] |^</.test(line) || /^\|/.test(trimmed) ? undefined : prevText === undefined ? trimmed : `${prevText}\n${trimmed}`;
  }
  if (frontMatter.title !== undefined) {
    // with a front matter title the first H1 stays in the body as a heading
    return { title: frontMatter.title, titleSource: 'front-matter', frontMatter, anchors: anchorLookup(texts) };
  }
  if (h1) return { title: h1, titleSource: 'h1', frontMatter, anchors: anchorLookup(texts) };
  return { title: titleFromFileName(path), titleSource: 'file-name', frontMatter, anchors: anchorLookup(texts) };
}

/** The page title of a document without converting it. */
export function extractTitle(source: string, path: string): string {
  return scanDocument(source, path).title;
}
