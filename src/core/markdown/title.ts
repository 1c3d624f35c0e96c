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

/**
 * The one rule for titles made from names (files without a title, folders without an index file): separators become
 * spaces and every word starts with a capital, "getting-started" -> "Getting Started". Title case was the folders'
 * rule, and folders without an index file are where most made-up titles come from, so it renames the fewest pages.
 */
export function titleFromName(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim().split(/\s+/);
  return words.map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w)).join(' ') || name;
}

/** Title from the file name: "getting-started.md" -> "Getting Started"; README/index take their folder's name. */
export function titleFromFileName(path: string): string {
  let base = posix.basename(path).replace(/\.[^.]+$/, '');
  if (/^(readme|index)$/i.test(base)) base = posix.basename(posix.dirname(path)) || base;
  return titleFromName(base) || path;
}

/**
 * Cheap outline of a document for the planner (titles and heading anchors of every document before any is
 * converted): a line scan for ATX/setext headings outside fenced code, no full render. Title resolution: front
 * matter `title`, else the first heading when it is an H1, else the file name. Throws DocumentError on invalid
 * front matter, like `convertMarkdown`.
 */
export function scanDocument(source: string, path: string): DocumentOutline {
  const { frontMatter, body } = parseFrontMatter(source, path);
  const texts: string[] = [];
  let h1: string | undefined;
  let firstHeading = true;
  let fence: string | undefined;
  // the paragraph a setext underline would turn into a heading: offsets in body (kept as offsets, no copies)
  let paraStart = -1;
  let paraEnd = -1;
  for (let pos = 0; pos <= body.length; ) {
    let nl = body.indexOf('\n', pos);
    if (nl < 0) nl = body.length;
    const end = nl > pos && body.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const lineStart = pos;
    pos = nl + 1;
    // cheap first-character checks before any regex: most lines are paragraph text
    let i = lineStart;
    while (i < end && i - lineStart < 4 && body.charCodeAt(i) === 32) i++;
    const indent = i - lineStart;
    const first = i < end ? body.charCodeAt(i) : -1;
    if (first === -1) {
      paraStart = -1;
      continue;
    }
    if (fence || first === 0x60 || first === 0x7e) {
      const line = body.slice(lineStart, end);
      const f = first === 0x60 || first === 0x7e ? FENCE.exec(line) : null;
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
        continue;
      }
      if (f) {
        fence = f[1];
        paraStart = -1;
        continue;
      }
    }
    let text: string | undefined;
    let level = 0;
    if (first === 0x23 && indent < 4) {
      const atx = ATX.exec(body.slice(lineStart, end));
      if (atx) {
        level = atx[1].length;
        text = headingText(atx[2] ?? '');
      }
    } else if (paraStart >= 0 && (first === 0x3d || first === 0x2d) && indent < 4) {
      const setext = SETEXT.exec(body.slice(lineStart, end));
      if (setext) {
        level = setext[1][0] === '=' ? 1 : 2;
        const para = body.slice(paraStart, paraEnd).split('\n').map((l) => l.trim()).join('\n');
        text = headingText(para);
      }
    }
    if (text !== undefined) {
      if (firstHeading && level === 1 && text && frontMatter.title === undefined) h1 = text;
      else texts.push(text);
      firstHeading = false;
      paraStart = -1;
      continue;
    }
    // lines that cannot be (part of) a setext heading's text: indented code, quotes, list items, HTML, tables
    const blocksSetext =
      indent >= 4 || first === 9 || first === 0x3e || first === 0x3c || first === 0x7c ||
      ((first === 0x2d || first === 0x2a || first === 0x2b) && body.charCodeAt(i + 1) === 32) ||
      (first >= 0x30 && first <= 0x39 && /^\d+[.)] /.test(body.slice(i, Math.min(end, i + 12))));
    if (blocksSetext) paraStart = -1;
    else {
      if (paraStart < 0) paraStart = lineStart;
      paraEnd = end;
    }
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
