import type { ChildNode, Element } from 'domhandler';
import { isCDATA, isTag, isText } from 'domhandler';
import TurndownService from 'turndown';
import { headingAnchor } from '../markdown/anchors';
import { childElements, firstChild, headingText, macroBody, macroParams, PANEL_MACROS, parseStorage, plainBody, textOf } from './dom';

export interface StorageToMarkdownOptions {
  /** Link target for a page link; undefined (or no function) gives "<title>.md" with "#anchor". */
  pageHref?: (title: string, spaceKey: string | undefined, anchor: string | undefined) => string | undefined;
  /** Link/image target for an attachment of the page (default: its file name). */
  attachmentHref?: (fileName: string) => string | undefined;
}

// Storage -> Markdown runs in two steps: the storage DOM is rewritten into plain HTML where macros are marked
// with data-cf-* attributes, then turndown (with GFM and our rules) writes Markdown in the forms our converter
// reads back (fenced code with language/title, GitHub alerts or ::: panels, task lists, <details>, [[_TOC_]]),
// so Markdown -> storage -> Markdown -> storage is stable.

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const KEEP_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'code', 'blockquote', 'ul', 'ol', 'li', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'th', 'td', 'br', 'hr', 'sub', 'sup', 'u', 'del', 'pre', 'span',
]);
const RENAME: Record<string, string> = { b: 'strong', i: 'em', s: 'del', strike: 'del', tt: 'code', kbd: 'code' };
const EMOTICONS: Record<string, string> = {
  smile: '🙂', sad: '🙁', cheeky: '😛', laugh: '😀', wink: '😉', 'thumbs-up': '👍', 'thumbs-down': '👎',
  information: 'ℹ️', tick: '✅', cross: '❌', warning: '⚠️', plus: '➕', minus: '➖', question: '❓', 'light-on': '💡',
  'light-off': '💡', 'yellow-star': '⭐', 'red-star': '⭐', 'green-star': '⭐', 'blue-star': '⭐', heart: '❤️',
  'broken-heart': '💔',
};

class Rewriter {
  constructor(private readonly options: StorageToMarkdownOptions) {}

  nodes(nodes: ChildNode[]): string {
    let out = '';
    for (const n of nodes) out += this.node(n);
    return out;
  }

  node(n: ChildNode): string {
    if (isText(n)) return esc(n.data);
    if (isCDATA(n)) return esc(textOf(n.children as ChildNode[]));
    if (!isTag(n)) return '';
    return this.element(n);
  }

  private link(el: Element): string {
    const anchor = el.attribs['ac:anchor'];
    const page = firstChild(el, 'ri:page') ?? firstChild(el, 'ri:blog-post');
    const attachment = firstChild(el, 'ri:attachment');
    let href: string;
    let fallback = '';
    if (page) {
      const title = page.attribs['ri:content-title'] ?? '';
      const space = page.attribs['ri:space-key'];
      href = this.options.pageHref?.(title, space, anchor) ?? encodeURI(`${title}.md`) + (anchor ? `#${encodeURIComponent(anchor)}` : '');
      fallback = title;
    } else if (attachment) {
      const name = attachment.attribs['ri:filename'] ?? '';
      href = this.options.attachmentHref?.(name) ?? encodeURI(name);
      fallback = name;
    } else if (anchor) {
      if (/^fn-\d+$/.test(anchor) && el.parent && isTag(el.parent) && el.parent.name === 'sup') return '';
      href = `#${encodeURIComponent(anchor)}`;
      fallback = anchor;
    } else {
      const user = firstChild(el, 'ri:user');
      return user ? '@user' : this.nodes(el.children);
    }
    const plain = firstChild(el, 'ac:plain-text-link-body');
    const rich = firstChild(el, 'ac:link-body');
    const body = plain ? esc(textOf(plain.children)) : rich ? this.nodes(rich.children) : esc(fallback);
    return `<a href="${esc(href)}">${body}</a>`;
  }

  private image(el: Element): string {
    const attachment = firstChild(el, 'ri:attachment');
    const url = firstChild(el, 'ri:url');
    const src = attachment
      ? (this.options.attachmentHref?.(attachment.attribs['ri:filename'] ?? '') ?? encodeURI(attachment.attribs['ri:filename'] ?? ''))
      : (url?.attribs['ri:value'] ?? '');
    if (!src) return '';
    const attrs = [`src="${esc(src)}"`];
    if (el.attribs['ac:alt']) attrs.push(`alt="${esc(el.attribs['ac:alt'])}"`);
    if (el.attribs['ac:title']) attrs.push(`title="${esc(el.attribs['ac:title'])}"`);
    if (el.attribs['ac:width']) attrs.push(`data-cf-width="${esc(el.attribs['ac:width'])}"`);
    return `<img ${attrs.join(' ')}>`;
  }

  private macro(el: Element): string {
    const name = el.attribs['ac:name'] ?? '';
    const params = macroParams(el);
    const body = macroBody(el);
    const inner = body ? this.nodes(body.children) : '';
    if (name === 'code' || name === 'noformat') {
      const lang = params.language ?? 'none';
      const attrs = [`data-cf-lang="${esc(lang)}"`];
      if (params.title) attrs.push(`data-cf-title="${esc(params.title)}"`);
      if (params.linenumbers === 'true') attrs.push('data-cf-ln="true"');
      return `<pre ${attrs.join(' ')}><code>${esc(plainBody(el))}</code></pre>`;
    }
    if (PANEL_MACROS.has(name)) {
      const title = params.title ? ` data-cf-title="${esc(params.title)}"` : '';
      return `<div data-cf-panel="${name}"${title}>${inner}</div>`;
    }
    if (name === 'expand') return `<div data-cf-expand="${esc(params.title ?? '')}">${inner}</div>`;
    if (name === 'toc') return '<div data-cf-toc="1">toc</div>'; // text keeps turndown from treating it as blank
    if (name === 'anchor') {
      const anchor = params[''] ?? params.name ?? '';
      if (/^fn-\d+$/.test(anchor)) return '';
      // the anchor a heading gets anyway (headingAnchorMacros): not something the author wrote
      const parent = el.parent;
      if (parent && isTag(parent) && /^h[1-6]$/.test(parent.name) && headingAnchor(headingText(parent)) === anchor) return '';
      return `<a data-cf-anchor="${esc(anchor)}"></a>`;
    }
    if (name === 'status') return `<strong>${esc(`[${params.title ?? ''}]`)}</strong>`;
    if (name === 'jira') return esc(params.key ?? '');
    // other macros have no Markdown form: keep their rich body
    return inner ? `<div>${inner}</div>` : '';
  }

  private element(el: Element): string {
    const name = el.name;
    switch (name) {
      case 'ac:structured-macro':
      case 'ac:macro':
        return this.macro(el);
      case 'ac:link':
        return this.link(el);
      case 'ac:image':
        return this.image(el);
      case 'ac:emoticon':
        return esc(EMOTICONS[el.attribs['ac:name'] ?? ''] ?? el.attribs['ac:emoji-fallback'] ?? '');
      case 'ac:task-list':
        return `<ul data-cf-tasks="1">${childElements(el, 'ac:task').map((t) => this.task(t)).join('')}</ul>`;
      case 'ac:placeholder':
      case 'ac:parameter':
        return '';
      case 'ol':
        // our footnote list: every item starts with an anchor macro "fn-N" (the class may be stripped by Confluence)
        if (el.attribs.class === 'footnotes' || isFootnoteList(el)) return this.footnotes(el);
        break;
      case 'sup': {
        const link = firstChild(el, 'ac:link');
        const anchor = link?.attribs['ac:anchor'];
        if (link && anchor && /^fn-\d+$/.test(anchor)) return `<span data-cf-fnref="${anchor.slice(3)}">fn</span>`;
        break;
      }
      case 'a': {
        const href = el.attribs.href;
        return href ? `<a href="${esc(href)}">${this.nodes(el.children)}</a>` : this.nodes(el.children);
      }
      case 'img':
        return el.attribs.src ? `<img src="${esc(el.attribs.src)}" alt="${esc(el.attribs.alt ?? '')}">` : '';
      case 'time':
        return esc(el.attribs.datetime ?? textOf(el.children));
      case 'span':
        // the Confluence editor writes strikethrough as a styled span
        if (/line-through/.test(el.attribs.style ?? '')) return `<del>${this.nodes(el.children)}</del>`;
        return this.nodes(el.children);
    }
    const tag = RENAME[name] ?? (KEEP_TAGS.has(name) ? name : undefined);
    if (!tag) return this.nodes(el.children);
    let attrs = '';
    if (tag === 'ol' && el.attribs.start) attrs += ` start="${esc(el.attribs.start)}"`;
    if ((tag === 'p' || tag === 'th' || tag === 'td') && /text-align:\s*(left|center|right)/.test(el.attribs.style ?? '')) {
      attrs += ` data-cf-align="${/text-align:\s*(left|center|right)/.exec(el.attribs.style!)![1]}"`;
    }
    if (tag === 'br' || tag === 'hr') return `<${tag}>`;
    return `<${tag}${attrs}>${this.nodes(el.children)}</${tag}>`;
  }

  private task(el: Element): string {
    const status = textOf(firstChild(el, 'ac:task-status')?.children ?? []).trim();
    const body = firstChild(el, 'ac:task-body');
    return `<li data-cf-status="${status === 'complete' ? 'complete' : 'incomplete'}">${body ? this.nodes(body.children) : ''}</li>`;
  }

  private footnotes(el: Element): string {
    let out = '<div data-cf-footnotes="1">';
    childElements(el, 'li').forEach((li, i) => {
      const anchorMacro = li.children.find((c) => isTag(c) && c.name === 'ac:structured-macro') as Element | undefined;
      const anchor = anchorMacro ? (macroParams(anchorMacro)[''] ?? '') : '';
      const n = /^fn-(\d+)$/.exec(anchor)?.[1] ?? String(i + 1);
      out += `<div data-cf-fn="${n}">${this.nodes(li.children)}</div>`;
    });
    return out + '</div>';
  }
}

function isFootnoteList(ol: Element): boolean {
  const items = childElements(ol, 'li');
  return (
    items.length > 0 &&
    items.every((li) => {
      const first = li.children.find((c) => isTag(c) || (isText(c) && c.data.trim() !== ''));
      return !!first && isTag(first) && first.name === 'ac:structured-macro' && first.attribs['ac:name'] === 'anchor' && /^fn-\d+$/.test(macroParams(first)[''] ?? '');
    })
  );
}

const GITHUB_ALERT: Record<string, string> = { info: 'NOTE', tip: 'TIP', note: 'IMPORTANT', warning: 'WARNING' };

function fenceFor(code: string, char = '`'): string {
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

const EXTRA_ESCAPES: [RegExp, string][] = [
  [/</g, '\\<'],
  [/&/g, '\\&'],
  [/~/g, '\\~'],
  [/\|/g, '\\|'],
  [/^(\d+)\) /g, '$1\\) '],
  [/^:::/g, '\\:::'],
  [/^\+$/g, '\\+'],
  [/^-$/g, '\\-'],
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

/** A table cell on one line; a "|" (e.g. in inline code, which turndown does not escape) would end the cell. */
function cellText(content: string): string {
  return content.trim().replace(/\n+/g, '<br>').replace(/(?<!\\)\|/g, '\\|');
}

function createTurndown(): TurndownService {
  const td = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '_',
    strongDelimiter: '**',
    preformattedCode: true,
  });
  const baseEscape = td.escape.bind(td);
  td.escape = (text: string): string => EXTRA_ESCAPES.reduce((s, [re, r]) => s.replace(re, r), baseEscape(text));

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
  td.addRule('cfPanel', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-panel'),
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const kind = el.getAttribute('data-cf-panel')!;
      const title = el.getAttribute('data-cf-title');
      const body = content.trim();
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
  td.addRule('cfToc', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-toc'),
    replacement: () => '\n\n[[_TOC_]]\n\n',
  });
  td.addRule('cfAnchor', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('data-cf-anchor'),
    replacement: (_c, node) => `<a name="${esc((node as HTMLElement).getAttribute('data-cf-anchor') ?? '')}"></a>`,
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
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '').replace(/\n/g, '\n  ');
      return `${marker} [${done ? 'x' : ' '}] ${body}\n`;
    },
  });
  td.addRule('cfFootnoteRef', {
    filter: (node) => node.nodeName === 'SPAN' && node.hasAttribute('data-cf-fnref'),
    replacement: (_c, node) => `[^${(node as HTMLElement).getAttribute('data-cf-fnref')}]`,
  });
  td.addRule('cfFootnote', {
    filter: (node) => node.nodeName === 'DIV' && node.hasAttribute('data-cf-fn'),
    replacement: (content, node) => {
      const n = (node as HTMLElement).getAttribute('data-cf-fn');
      return `\n\n[^${n}]: ${content.trim().replace(/\n/g, '\n    ')}\n\n`;
    },
  });
  td.addRule('cfImage', {
    filter: 'img',
    replacement: (_c, node) => {
      const el = node as HTMLElement;
      const alt = (el.getAttribute('alt') ?? '').replace(/([\\[\]])/g, '\\$1');
      let src = el.getAttribute('src') ?? '';
      src = /[\s()<>]/.test(src) ? `<${src.replace(/[<>]/g, encodeURIComponent)}>` : src;
      const title = el.getAttribute('title');
      const width = el.getAttribute('data-cf-width');
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
  td.addRule('cfTable', {
    filter: 'table',
    replacement: (_c, node) => tableMarkdown(td, node as HTMLElement),
  });
  td.addRule('cfAlignedParagraph', {
    filter: (node) => node.nodeName === 'P' && node.hasAttribute('data-cf-align'),
    replacement: (content) => `\n\n${content}\n\n`,
  });
  return td;
}

function tableMarkdown(td: TurndownService, table: HTMLElement): string {
  const rows = Array.from(table.querySelectorAll('tr')).filter((r) => r.closest('table') === table);
  if (rows.length === 0) return '';
  const matrix = rows.map((r) => Array.from(r.children).filter((c) => c.nodeName === 'TH' || c.nodeName === 'TD') as HTMLElement[]);
  const width = Math.max(...matrix.map((r) => r.length));
  if (width === 0) return '';
  const render = (cell: HTMLElement | undefined): string => (cell ? cellText(td.turndown(cell.innerHTML)) : '');
  const alignOf = (cell: HTMLElement | undefined): string | null =>
    cell?.querySelector('[data-cf-align]')?.getAttribute('data-cf-align') ?? cell?.getAttribute('data-cf-align') ?? null;
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const header = matrix[0];
  const out: string[] = [];
  out.push(line(Array.from({ length: width }, (_, i) => render(header[i]))));
  out.push(
    line(
      Array.from({ length: width }, (_, i) => {
        const a = alignOf(header[i]);
        return a === 'center' ? ':-:' : a === 'right' ? '--:' : a === 'left' ? ':--' : '---';
      }),
    ),
  );
  for (const row of matrix.slice(1)) out.push(line(Array.from({ length: width }, (_, i) => render(row[i]))));
  return `\n\n${out.join('\n')}\n\n`;
}

let turndown: TurndownService | undefined;

/** Converts Confluence storage format to Markdown (for reading and importing pages). */
export function storageToMarkdown(storage: string, options: StorageToMarkdownOptions = {}): string {
  turndown ??= createTurndown();
  const html = new Rewriter(options).nodes(parseStorage(storage));
  return turndown.turndown(html).trim() + '\n';
}
