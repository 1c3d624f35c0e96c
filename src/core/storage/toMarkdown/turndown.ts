import type TurndownService from 'turndown';
import { STORAGE_FENCE_INFO, STORAGE_STAND_IN_END, storageComment } from '../../markdown/rawStorage';
import { type ConvertContext, esc } from './context';
import { addDialectRules, DIALECT_ESCAPES, type Escape } from './dialects';
import { tableMarkdown } from './tables';

// Step two of storage -> Markdown: turndown (with our rules) writes the marked-up HTML of ./rewriter.ts as Markdown in
// the forms the forward converter (src/core/markdown) reads back: fenced code with language/title, GitHub alerts or
// ::: panels, task lists, <details>, [[_TOC_]], and confluence-storage blocks and comments for what is kept verbatim.

const GITHUB_ALERT: Record<string, string> = { info: 'NOTE', tip: 'TIP', note: 'IMPORTANT', warning: 'WARNING' };

export function fenceFor(code: string, char = '`'): string {
  let longest = 0;
  for (const m of code.matchAll(new RegExp(`${char === '`' ? '`' : '~'}+`, 'g'))) longest = Math.max(longest, m[0].length);
  return char.repeat(Math.max(3, longest + 1));
}

function quote(markdown: string): string {
  return markdown
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

const EXTRA_ESCAPES: Escape[] = [
  [/</g, '\\<'],
  [/&/g, '\\&'],
  [/~/g, '\\~'],
  [/\|/g, '\\|'],
  [/^(\d+)\) /g, '$1\\) '],
  [/^:::/g, '\\:::'],
  [/^\+$/g, '\\+'],
  [/^-$/g, '\\-'],
  ...DIALECT_ESCAPES,
];

/** How many lists of the same kind directly precede this one (only whitespace between them). */
function precedingLists(list: HTMLElement): number {
  let n = 0;
  for (let sib = list.previousSibling; sib; sib = sib.previousSibling) {
    if (sib.nodeType === 3 && !(sib.textContent ?? '').trim()) continue;
    if (sib.nodeName !== list.nodeName) break;
    n++;
  }
  return n;
}

const STORAGE_LINE = /^<!--confluence-storage ((?:(?!-->)[^\n])*)-->\n\n<!--confluence-storage ((?:(?!-->)[^\n])*)-->$/m;

/** Adjacent storage comment lines (a layout's section and cell tags) become one. */
function mergeStorageLines(markdown: string): string {
  let out = markdown;
  for (let m = STORAGE_LINE.exec(out); m; m = STORAGE_LINE.exec(out)) out = out.replace(m[0], storageComment(m[1] + m[2]));
  return out;
}

/** Kept storage (see markdown/rawStorage.ts): fenced block, comment with stand-in, comments around content. */
function storageReplacement(ctx: ConvertContext, node: HTMLElement, content: string): string | undefined {
  const rawIndex = node.getAttribute('data-cf-raw');
  const wrapIndex = node.getAttribute('data-cf-wrap');
  const inline = node.nodeName === 'SPAN';
  if (rawIndex !== null) {
    const entry = ctx.raws[Number(rawIndex)];
    const xml = entry.kind === 'element' ? entry.xml : '';
    if (inline) return `${storageComment(xml)}${content.replace(/\uE000/g, '')}${STORAGE_STAND_IN_END}`;
    const fence = fenceFor(xml);
    return `\n\n${fence}${STORAGE_FENCE_INFO}\n${xml}\n${fence}\n\n`;
  }
  if (wrapIndex !== null) {
    const entry = ctx.raws[Number(wrapIndex)];
    if (entry.kind !== 'wrapper') return '';
    if (inline) return `${storageComment(entry.open)}${content}${storageComment(entry.close)}`;
    const body = content.replace(/\uE000/g, '').trim();
    const parts = body ? [storageComment(entry.open), body, storageComment(entry.close)] : [storageComment(entry.open + entry.close)];
    return `\n\n${mergeStorageLines(parts.join('\n\n'))}\n\n`;
  }
  return undefined;
}

function addBlockRules(td: TurndownService, ctx: ConvertContext): void {
  // List items as turndown writes them, except that a list right after another list of the same kind gets the other
  // marker ("*" / ")"): with the same marker, Markdown would merge the two lists into one.
  td.addRule('cfListItem', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as HTMLElement;
      const alternate = precedingLists(parent) % 2 === 1;
      let prefix = `${alternate ? '*' : '-'}   `;
      if (parent.nodeName === 'OL') {
        const start = parent.getAttribute('start');
        const index = Array.prototype.indexOf.call(parent.children, node);
        prefix = `${(start ? Number(start) : 1) + index}${alternate ? ')' : '.'}  `;
      }
      const isParagraph = /\n$/.test(content);
      content = content.replace(/^\n+/, '').replace(/\n+$/, '') + (isParagraph ? '\n' : '');
      content = content.replace(/\n/gm, `\n${' '.repeat(prefix.length)}`).replace(/^ +$/gm, '');
      return prefix + content + (node.nextSibling ? '\n' : '');
    },
  });
  td.addRule('cfCode', {
    filter: (node) => node.nodeName === 'PRE' && node.hasAttribute('data-cf-lang'),
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const code = el.textContent ?? '';
      const lang = el.getAttribute('data-cf-lang') ?? 'none';
      let info = lang === 'none' ? '' : lang;
      const title = el.getAttribute('data-cf-title');
      if (title) info += `${info ? ' ' : ''}title="${title.replace(/"/g, "'")}"`;
      if (el.getAttribute('data-cf-ln') === 'true') info += `${info ? ' ' : ''}linenumbers`;
      const fence = fenceFor(code);
      return `\n\n${fence}${info}\n${code}\n${fence}\n\n`;
    },
  });
  td.addRule('cfPre', {
    filter: (node) => node.nodeName === 'PRE' && node.hasAttribute('data-cf-pre'),
    replacement: (_content, node) => `\n\n<pre>${esc(node.textContent ?? '')}</pre>\n\n`,
  });
  td.addRule('cfPanel', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-panel'),
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const kind = el.getAttribute('data-cf-panel')!;
      const title = el.getAttribute('data-cf-title');
      const body = content.replace(/\uE000/g, '').trim();
      if (title) return `\n\n:::${kind} ${title}\n${body}\n:::\n\n`;
      return `\n\n${quote(`[!${GITHUB_ALERT[kind]}]\n${body}`)}\n\n`;
    },
  });
  td.addRule('cfExpand', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-expand'),
    replacement: (content, node) => {
      const title = (node as HTMLElement).getAttribute('data-cf-expand') ?? '';
      return `\n\n<details>\n<summary>${esc(title)}</summary>\n\n${content.trim()}\n\n</details>\n\n`;
    },
  });
  td.addRule('cfTasks', {
    filter: (node) => node.nodeName === 'UL' && node.hasAttribute('data-cf-tasks'),
    replacement: (content) => `\n\n${content.replace(/\n+$/, '')}\n\n`,
  });
  td.addRule('cfTask', {
    filter: (node) => node.nodeName === 'LI' && node.hasAttribute('data-cf-status'),
    replacement: (content, node) => {
      const done = (node as HTMLElement).getAttribute('data-cf-status') === 'complete';
      const marker = precedingLists(node.parentNode as HTMLElement) % 2 === 1 ? '*' : '-';
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '').replace(/\n/g, '\n  ').replace(/^ +$/gm, '');
      return `${marker} [${done ? 'x' : ' '}] ${body}\n`;
    },
  });
  td.addRule('cfFootnote', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-fn'),
    replacement: (content, node) => {
      const n = (node as HTMLElement).getAttribute('data-cf-fn');
      return `\n\n[^${n}]: ${content.trim().replace(/\n/g, '\n    ')}\n\n`;
    },
  });
  td.addRule('cfToc', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-toc'),
    replacement: () => '\n\n[[_TOC_]]\n\n',
  });
  td.addRule('cfStorage', {
    filter: (node) => node.hasAttribute('data-cf-raw') || node.hasAttribute('data-cf-wrap'),
    replacement: (content, node) => storageReplacement(ctx, node as HTMLElement, content) ?? content,
  });
  td.addRule('cfTable', {
    filter: 'table',
    replacement: (_c, node) => tableMarkdown(td, node as HTMLElement, ctx),
  });
  td.addRule('cfAlignedParagraph', {
    filter: (node) => node.nodeName === 'P' && node.hasAttribute('data-cf-align'),
    replacement: (content) => `\n\n${content}\n\n`,
  });
}

function addInlineRules(td: TurndownService): void {
  td.addRule('cfAnchor', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('data-cf-anchor'),
    replacement: (_c, node) => `<a name="${esc((node as HTMLElement).getAttribute('data-cf-anchor') ?? '')}"></a>`,
  });
  td.addRule('cfFootnoteRef', {
    filter: (node) => node.nodeName === 'SPAN' && node.hasAttribute('data-cf-fnref'),
    replacement: (_c, node) => `[^${(node as HTMLElement).getAttribute('data-cf-fnref')}]`,
  });
  td.addRule('cfImage', {
    filter: 'img',
    replacement: (_c, node) => {
      const el = node as HTMLElement;
      const title = el.getAttribute('title');
      const width = el.getAttribute('data-cf-width');
      const height = el.getAttribute('data-cf-height');
      let src = el.getAttribute('src') ?? '';
      if (height) {
        // Markdown has no image height: the HTML form the converter reads back
        const attrs = [`src="${esc(src)}"`, `alt="${esc(el.getAttribute('alt') ?? '')}"`];
        if (title) attrs.push(`title="${esc(title)}"`);
        if (width) attrs.push(`width="${esc(width)}"`);
        return `<img ${attrs.join(' ')} height="${esc(height)}">`;
      }
      const alt = (el.getAttribute('alt') ?? '').replace(/([\\[\]])/g, '\\$1');
      src = /[\s()<>]/.test(src) ? `<${src.replace(/[<>]/g, encodeURIComponent)}>` : src;
      return `![${alt}](${src}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})${width ? `{width=${width}}` : ''}`;
    },
  });
  td.addRule('cfLink', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('href'),
    replacement: (content, node) => {
      let href = (node as HTMLElement).getAttribute('href') ?? '';
      href = /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;
      return `[${content}](${href})`;
    },
  });
  td.addRule('strikethrough', { filter: ['del'], replacement: (c) => `~~${c}~~` });
  td.addRule('rawInline', {
    filter: ['u', 'sub', 'sup'],
    replacement: (c, node) => `<${node.nodeName.toLowerCase()}>${c}</${node.nodeName.toLowerCase()}>`,
  });
}

/** A turndown instance for one conversion (its rules read the conversion's kept storage). */
/**
 * turndown (and the DOM it brings) is required on first use: only import and pull convert storage to Markdown, and
 * its load was ~20 ms of every CLI command and of the engine's load in the editor.
 */
function turndownClass(): typeof TurndownService {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require (esbuild bundles it in place)
  return require('turndown') as typeof TurndownService;
}

export function createTurndown(ctx: ConvertContext): TurndownService {
  const Turndown = turndownClass();
  const td = new Turndown({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '_',
    strongDelimiter: '**',
    preformattedCode: true,
    // elements with no text: our markers still say something (kept storage, the TOC macro)
    blankReplacement: (content, node) => {
      const el = node as HTMLElement;
      if (el.nodeType === 1 && el.hasAttribute('data-cf-toc')) return '\n\n[[_TOC_]]\n\n';
      const kept = el.nodeType === 1 ? storageReplacement(ctx, el, '') : undefined;
      if (kept !== undefined) return kept;
      return (node as unknown as { isBlock?: boolean }).isBlock ? '\n\n' : '';
    },
  });
  const baseEscape = td.escape.bind(td);
  td.escape = (text: string): string =>
    EXTRA_ESCAPES.reduce((s, [re, r]) => (typeof r === 'string' ? s.replace(re, r) : s.replace(re, r)), baseEscape(text));
  addBlockRules(td, ctx);
  addInlineRules(td);
  addDialectRules(td);
  return td;
}
