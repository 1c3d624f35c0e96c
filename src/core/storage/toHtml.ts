import type { ChildNode, Element } from 'domhandler';
import { isCDATA, isTag, isText } from 'domhandler';
import { headingAnchor } from '../markdown/anchors';
import { childElements, firstChild, headingText, macroBody, macroParams, PANEL_MACROS, parseStorage, plainBody, textOf } from './dom';

export interface StorageToHtmlOptions {
  /** URL of a page by title (and space); undefined shows the link as a page reference without a target. */
  pageUrl?: (title: string, spaceKey?: string) => string | undefined;
  /**
   * Accept `command:` URLs from pageUrl (a host such as VS Code opening the linked document). Only URLs the caller
   * builds are affected: links written in the document itself stay limited to http(s), mailto and relative ones.
   */
  commandPageLinks?: boolean;
  /**
   * URL of an attachment; undefined shows a placeholder. `owner` is given when an image names the page the file is
   * attached to (`<ri:attachment><ri:page …/></ri:attachment>`); without it the attachment is on this page.
   */
  attachmentUrl?: (fileName: string, owner?: { title: string; spaceKey?: string }) => string | undefined;
}

// Storage -> safe HTML for previews: an allow-list walk of the storage DOM. Nothing is copied through unchecked:
// only known tags, only harmless attributes, URLs limited to http(s)/mailto/relative, no scripts or handlers.

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SAFE_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'u', 'del', 's', 'sub', 'sup', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'colgroup', 'col', 'br', 'hr', 'span', 'div',
  'small', 'big', 'kbd', 'dl', 'dt', 'dd', 'caption',
]);
const RENAME: Record<string, string> = { b: 'strong', i: 'em', strike: 'del', tt: 'code' };
const VOID = new Set(['br', 'hr', 'col']);
const PANEL_ICONS: Record<string, string> = { info: 'ℹ', tip: '✔', note: '!', warning: '✖' };
const STATUS_COLOURS = new Set(['grey', 'red', 'yellow', 'green', 'blue', 'purple']);
const EMOTICONS: Record<string, string> = {
  smile: '🙂', sad: '🙁', cheeky: '😛', laugh: '😀', wink: '😉', 'thumbs-up': '👍', 'thumbs-down': '👎',
  information: 'ℹ️', tick: '✅', cross: '❌', warning: '⚠️', plus: '➕', minus: '➖', question: '❓', 'light-on': '💡',
};

export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u) || u.startsWith('#') || u.startsWith('/') || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u)) {
    return /^\s*javascript:/i.test(u) ? undefined : u;
  }
  if (/^data:image\/(png|jpeg|gif|webp);base64,/i.test(u)) return u;
  return undefined;
}

interface Heading {
  level: number;
  text: string;
  anchor: string;
}

class HtmlRenderer {
  private headings: Heading[] = [];
  constructor(private readonly options: StorageToHtmlOptions) {}

  render(nodes: ChildNode[]): string {
    this.headings = [];
    this.collectHeadings(nodes);
    return this.nodes(nodes);
  }

  private collectHeadings(nodes: ChildNode[]): void {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (/^h[1-6]$/.test(n.name)) {
        const text = headingText(n);
        this.headings.push({ level: Number(n.name[1]), text, anchor: headingAnchor(text) });
      } else this.collectHeadings(n.children);
    }
  }

  nodes(nodes: ChildNode[]): string {
    let out = '';
    for (const n of nodes) {
      if (isText(n)) out += esc(n.data);
      else if (isCDATA(n)) out += esc(textOf(n.children as ChildNode[]));
      else if (isTag(n)) out += this.element(n);
    }
    return out;
  }

  private element(el: Element): string {
    switch (el.name) {
      case 'ac:structured-macro':
      case 'ac:macro':
        return this.macro(el);
      case 'ac:link':
        return this.link(el);
      case 'ac:image':
        return this.image(el);
      case 'ac:task-list':
        return `<ul class="cf-task-list">${childElements(el, 'ac:task').map((t) => this.task(t)).join('')}</ul>\n`;
      case 'ac:emoticon':
        return esc(EMOTICONS[el.attribs['ac:name'] ?? ''] ?? el.attribs['ac:emoji-fallback'] ?? '');
      case 'ac:layout':
        return `<div class="cf-layout">${this.nodes(el.children)}</div>`;
      case 'ac:layout-section':
        return `<div class="cf-layout-section cf-layout-${esc(el.attribs['ac:type'] ?? 'single')}">${this.nodes(el.children)}</div>`;
      case 'ac:layout-cell':
        return `<div class="cf-layout-cell">${this.nodes(el.children)}</div>`;
      case 'ac:parameter':
      case 'ac:placeholder':
        return '';
      case 'time':
        return `<time>${esc(el.attribs.datetime ?? textOf(el.children))}</time>`;
      case 'a': {
        const href = safeUrl(el.attribs.href);
        return href ? `<a href="${esc(href)}">${this.nodes(el.children)}</a>` : `<span>${this.nodes(el.children)}</span>`;
      }
      case 'img': {
        const src = safeUrl(el.attribs.src);
        return src ? `<img src="${esc(src)}" alt="${esc(el.attribs.alt ?? '')}" />` : '';
      }
    }
    const tag = RENAME[el.name] ?? (SAFE_TAGS.has(el.name) ? el.name : undefined);
    if (!tag) return this.nodes(el.children);
    let attrs = '';
    if (/^h[1-6]$/.test(tag)) attrs += ` id="${esc(headingAnchor(headingText(el)))}"`;
    for (const a of ['colspan', 'rowspan', 'start']) if (/^\d+$/.test(el.attribs[a] ?? '')) attrs += ` ${a}="${el.attribs[a]}"`;
    const align = /text-align:\s*(left|center|right)/.exec(el.attribs.style ?? '')?.[1];
    if (align) attrs += ` style="text-align: ${align}"`;
    if (VOID.has(tag)) return `<${tag}${attrs} />`;
    return `<${tag}${attrs}>${this.nodes(el.children)}</${tag}>`;
  }

  private task(el: Element): string {
    const done = textOf(firstChild(el, 'ac:task-status')?.children ?? []).trim() === 'complete';
    const body = firstChild(el, 'ac:task-body');
    return (
      `<li class="cf-task${done ? ' cf-task-complete' : ''}"><span class="cf-checkbox" role="checkbox" aria-checked="${done}"></span>` +
      `<span class="cf-task-body">${body ? this.nodes(body.children) : ''}</span></li>`
    );
  }

  private link(el: Element): string {
    const anchor = el.attribs['ac:anchor'];
    const page = firstChild(el, 'ri:page') ?? firstChild(el, 'ri:blog-post');
    const attachment = firstChild(el, 'ri:attachment');
    const plain = firstChild(el, 'ac:plain-text-link-body');
    const rich = firstChild(el, 'ac:link-body');
    const bodyOr = (fallback: string): string =>
      plain ? esc(textOf(plain.children)) : rich ? this.nodes(rich.children) : esc(fallback);
    if (page) {
      const title = page.attribs['ri:content-title'] ?? '';
      const space = page.attribs['ri:space-key'];
      const url = this.options.pageUrl?.(title, space);
      const command = this.options.commandPageLinks && url?.startsWith('command:') ? url : undefined;
      const base = command ?? safeUrl(url);
      const label = `Confluence page: ${space ? `${space}: ` : ''}${title}${anchor ? ` › ${anchor}` : ''}`;
      if (!base) return `<span class="cf-page-link" title="${esc(label)}">${bodyOr(title)}</span>`;
      const href = anchor && !command ? `${base}#${encodeURIComponent(anchor)}` : base;
      return `<a class="cf-page-link" href="${esc(href)}" title="${esc(label)}">${bodyOr(title)}</a>`;
    }
    if (attachment) {
      const name = attachment.attribs['ri:filename'] ?? '';
      const href = safeUrl(this.options.attachmentUrl?.(name));
      return href
        ? `<a class="cf-attachment-link" href="${esc(href)}">${bodyOr(name)}</a>`
        : `<span class="cf-attachment-link">${bodyOr(name)}</span>`;
    }
    if (anchor) return `<a href="#${esc(encodeURIComponent(anchor))}">${bodyOr(anchor)}</a>`;
    if (firstChild(el, 'ri:user')) return `<span class="cf-mention">@${bodyOr('user')}</span>`;
    return bodyOr('');
  }

  private image(el: Element): string {
    const attachment = firstChild(el, 'ri:attachment');
    const url = firstChild(el, 'ri:url');
    const name = attachment?.attribs['ri:filename'];
    const ownerEl = attachment ? firstChild(attachment, 'ri:page') : undefined;
    const owner = ownerEl ? { title: ownerEl.attribs['ri:content-title'] ?? '', spaceKey: ownerEl.attribs['ri:space-key'] } : undefined;
    const src = safeUrl(name !== undefined ? this.options.attachmentUrl?.(name, owner) : url?.attribs['ri:value']);
    const alt = el.attribs['ac:alt'] ?? '';
    if (!src) return `<span class="cf-image-missing" title="attachment not available">🖼 ${esc(alt || name || 'image')}</span>`;
    let attrs = ` src="${esc(src)}" alt="${esc(alt)}"`;
    for (const a of ['width', 'height']) if (/^\d+$/.test(el.attribs[`ac:${a}`] ?? '')) attrs += ` ${a}="${el.attribs[`ac:${a}`]}"`;
    if (el.attribs['ac:title']) attrs += ` title="${esc(el.attribs['ac:title'])}"`;
    return `<img class="cf-image"${attrs} />`;
  }

  private toc(params: Record<string, string>): string {
    const min = Number(params.minLevel ?? 1) || 1;
    const max = Number(params.maxLevel ?? 7) || 7;
    const items = this.headings.filter((h) => h.level >= min && h.level <= max);
    if (items.length === 0) return '<div class="cf-toc cf-toc-empty"></div>\n';
    let out = '<nav class="cf-toc">';
    const open: number[] = []; // levels of the open <ul>s
    for (const h of items) {
      while (open.length && open[open.length - 1] > h.level) {
        out += '</li></ul>';
        open.pop();
      }
      if (open.length && open[open.length - 1] === h.level) out += '</li>';
      else {
        out += '<ul>';
        open.push(h.level);
      }
      out += `<li><a href="#${esc(encodeURIComponent(h.anchor))}">${esc(h.text)}</a>`;
    }
    out += '</li></ul>'.repeat(open.length) + '</nav>\n';
    return out;
  }

  private macro(el: Element): string {
    const name = el.attribs['ac:name'] ?? '';
    const params = macroParams(el);
    const body = macroBody(el);
    const inner = body ? this.nodes(body.children) : '';
    if (name === 'code' || name === 'noformat') {
      const code = plainBody(el);
      const lang = params.language ?? 'none';
      const title = params.title ? `<div class="cf-code-title">${esc(params.title)}</div>` : '';
      const lines = code.split('\n');
      const numbered = params.linenumbers === 'true';
      const bodyHtml = numbered
        ? lines.map((l, i) => `<span class="cf-code-line"><span class="cf-ln">${i + 1}</span>${esc(l)}</span>`).join('\n')
        : esc(code);
      return `<div class="cf-code${numbered ? ' cf-code-numbered' : ''}" data-language="${esc(lang)}">${title}<pre class="cf-code-body"><code>${bodyHtml}</code></pre></div>\n`;
    }
    if (PANEL_MACROS.has(name)) {
      const title = params.title ? `<p class="cf-panel-title">${esc(params.title)}</p>` : '';
      return `<div class="cf-panel cf-panel-${name}"><span class="cf-panel-icon" aria-hidden="true">${PANEL_ICONS[name]}</span><div class="cf-panel-content">${title}${inner}</div></div>\n`;
    }
    if (name === 'panel') return `<div class="cf-panel cf-panel-plain"><div class="cf-panel-content">${params.title ? `<p class="cf-panel-title">${esc(params.title)}</p>` : ''}${inner}</div></div>\n`;
    if (name === 'expand') {
      return `<details class="cf-expand"><summary>${esc(params.title || 'Click here to expand...')}</summary><div class="cf-expand-body">${inner}</div></details>\n`;
    }
    if (name === 'toc') return this.toc(params);
    if (name === 'anchor') {
      const anchor = params[''] ?? params.name ?? '';
      const parent = el.parent;
      // a heading's own anchor macro: the heading already carries that id
      if (parent && isTag(parent) && /^h[1-6]$/.test(parent.name) && headingAnchor(headingText(parent)) === anchor) return '';
      return `<span class="cf-anchor" id="${esc(anchor)}"></span>`;
    }
    if (name === 'status') {
      const colour = (params.colour ?? params.color ?? 'grey').toLowerCase();
      return `<span class="cf-status cf-status-${STATUS_COLOURS.has(colour) ? colour : 'grey'}">${esc(params.title ?? '')}</span>`;
    }
    if (name === 'jira') return `<span class="cf-jira">${esc(params.key ?? '')}</span>`;
    return `<div class="cf-macro-unknown"><span class="cf-macro-name">${esc(name)}</span>${inner}</div>\n`;
  }
}

/** Renders storage format as an HTML fragment that looks like the Confluence page (use with `previewCss`). */
export function storageToHtml(storage: string, options: StorageToHtmlOptions = {}): string {
  return new HtmlRenderer(options).render(parseStorage(storage));
}
