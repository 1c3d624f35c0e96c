import type { ChildNode, Element } from 'domhandler';
import { isCDATA, isTag, isText } from 'domhandler';
import { childElements, firstChild, macroParams, textOf } from '../dom';
import { type ConvertContext, esc, MARK } from './context';
import { diagramParagraph } from './diagrams';
import { acImage, acLink, emoticon, externalLink } from './links';
import { macro } from './macros';

// Step one of storage -> Markdown: the storage DOM is rewritten into plain HTML where macros and kept storage are
// marked with data-cf-* attributes; turndown (./turndown.ts) then writes the Markdown.

const KEEP_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'code', 'blockquote', 'ul', 'ol', 'li', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'th', 'td', 'br', 'hr', 'sub', 'sup', 'u', 'del', 'dl', 'dt', 'dd',
]);
const RENAME: Record<string, string> = { b: 'strong', i: 'em', s: 'del', strike: 'del', tt: 'code', kbd: 'code', ins: 'u' };
/** Wrappers the editor writes that carry nothing a reader sees. */
const UNWRAP = new Set(['div', 'span', 'colgroup', 'col', 'section', 'article', 'font', 'small', 'big', 'center', 'cite', 'var', 'abbr']);
const STYLE_KEPT = /^(?:text-align|text-decoration)$/;

export class Rewriter {
  /** Elements already written by an earlier sibling (the expand holding a diagram's source). */
  private readonly consumed = new Set<Element>();

  constructor(readonly ctx: ConvertContext) {}

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

  /** The element kept verbatim: a `confluence-storage` block, or inline a comment with `standIn` for readers. */
  raw(el: Element, element: string, detail: string, standIn = ''): string {
    return this.ctx.inlineContext(el) ? this.inlineRaw(el, element, detail, standIn) : this.blockRaw(el, element, detail);
  }

  blockRaw(el: Element, element: string, detail: string): string {
    const xml = this.ctx.xmlOf(el);
    this.ctx.report(element, `${detail}; kept as a confluence-storage block`, true, xml);
    return `<div data-cf-raw="${this.ctx.addRaw({ kind: 'element', xml })}">${MARK}</div>`;
  }

  inlineRaw(el: Element, element: string, detail: string, standIn: string): string {
    const xml = this.ctx.xmlOf(el);
    if (xml.includes('-->') || /\n[ \t]*\n/.test(xml)) {
      this.ctx.report(element, `${detail}; it contains "-->" or a blank line, which an inline Markdown comment cannot hold, so only its text is kept`, false);
      return standIn;
    }
    this.ctx.report(element, `${detail}; kept as a confluence-storage comment`, true, xml);
    return `<span data-cf-raw="${this.ctx.addRaw({ kind: 'element', xml })}">${MARK}${standIn}</span>`;
  }

  /**
   * The element's own tags kept verbatim around its content, which is converted (a layout, an unknown macro with a
   * rich body): comments before and after the Markdown. Falls back to the whole element kept verbatim.
   */
  wrap(el: Element, content: Element, element: string, detail: string, report = true): string {
    const tags = this.ctx.wrapperOf(el, content);
    const inline = this.ctx.inlineContext(el);
    if (!tags || tags.open.includes('-->') || tags.close.includes('-->')) {
      return inline ? this.inlineRaw(el, element, detail, '') : this.blockRaw(el, element, detail);
    }
    if (report) this.ctx.report(element, `${detail}; its tags are kept as confluence-storage comments around the converted content`, true, `${tags.open}…${tags.close}`);
    const tag = inline ? 'span' : 'div';
    return `<${tag} data-cf-wrap="${this.ctx.addRaw({ kind: 'wrapper', ...tags })}">${MARK}${this.nodes(content.children)}</${tag}>`;
  }

  private element(el: Element): string {
    const name = el.name;
    if (this.consumed.has(el)) return '';
    switch (name) {
      case 'p': {
        const diagram = diagramParagraph(el, this.consumed);
        if (diagram !== undefined) return diagram;
        break;
      }
      case 'ac:structured-macro':
      case 'ac:macro':
        return macro(this, el);
      case 'ac:link':
        return acLink(this, el);
      case 'ac:image':
        return acImage(this, el);
      case 'ac:emoticon':
        return emoticon(this, el);
      case 'ac:task-list':
        return `<ul data-cf-tasks="1">${childElements(el, 'ac:task').map((t) => this.task(t)).join('')}</ul>`;
      case 'ac:parameter':
        return '';
      case 'ac:layout':
        return this.wrap(el, el, name, 'page layout (sections and columns)');
      case 'ac:layout-section':
      case 'ac:layout-cell':
        return this.wrap(el, el, name, 'part of a page layout', false);
      case 'ac:inline-comment-marker':
        return this.wrap(el, el, name, 'inline comment marker');
      case 'time':
        return this.raw(el, name, 'date', esc(el.attribs.datetime ?? textOf(el.children)));
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
      case 'a':
        return externalLink(this, el);
      case 'img':
        return el.attribs.src ? `<img src="${esc(el.attribs.src)}" alt="${esc(el.attribs.alt ?? '')}">` : '';
      case 'span':
        return this.span(el);
      case 'mark':
        return `<mark>${this.nodes(el.children)}</mark>`;
      case 'pre':
        return this.pre(el);
      case 'table':
        this.tableAttributes(el);
        break;
    }
    if (name.startsWith('ac:') || name.startsWith('ri:')) {
      return this.raw(el, name, `<${name}> has no Markdown form`);
    }
    const tag = RENAME[name] ?? (KEEP_TAGS.has(name) ? name : undefined);
    if (!tag) {
      if (!UNWRAP.has(name)) this.ctx.report(name, `<${name}> has no Markdown form; its content is kept, the tag is dropped`, false);
      return this.nodes(el.children);
    }
    return this.plain(el, tag);
  }

  private plain(el: Element, tag: string): string {
    let attrs = '';
    if (tag === 'ol' && el.attribs.start) attrs += ` start="${esc(el.attribs.start)}"`;
    if ((tag === 'th' || tag === 'td') && /^\d+$/.test(el.attribs.colspan ?? '') && el.attribs.colspan !== '1') attrs += ` colspan="${el.attribs.colspan}"`;
    if ((tag === 'th' || tag === 'td') && /^\d+$/.test(el.attribs.rowspan ?? '') && el.attribs.rowspan !== '1') attrs += ` rowspan="${el.attribs.rowspan}"`;
    const style = el.attribs.style ?? '';
    const align = /text-align:\s*(left|center|right)/.exec(style)?.[1];
    if (align && (tag === 'p' || tag === 'th' || tag === 'td')) attrs += ` data-cf-align="${align}"`;
    const dropped = styleProperties(style).filter((p) => !STYLE_KEPT.test(p));
    if (dropped.length) this.ctx.report(el.name, `style (${dropped.join(', ')}) dropped`, false);
    if (align && tag === 'p' && !isCellParagraph(el)) this.ctx.report('p', `text-align: ${align} dropped`, false);
    if ((tag === 'th' || tag === 'td') && (el.attribs['data-highlight-colour'] || el.attribs.class?.includes('highlight'))) {
      this.ctx.report(el.name, 'cell background colour dropped', false);
    }
    if (tag === 'br' || tag === 'hr') return `<${tag}>`;
    return `<${tag}${attrs}>${this.nodes(el.children)}</${tag}>`;
  }

  private span(el: Element): string {
    const style = el.attribs.style ?? '';
    let inner = this.nodes(el.children);
    const props = styleProperties(style);
    // the Confluence editor writes strikethrough and underline as styled spans
    if (/text-decoration[^;]*line-through/.test(style)) inner = `<del>${inner}</del>`;
    if (/text-decoration[^;]*underline/.test(style)) inner = `<u>${inner}</u>`;
    // a text background is a highlight (`==…==`); its colour is not kept
    const background = /background-color:\s*([^;]+)/.exec(style)?.[1]?.trim();
    if (background) inner = `<mark>${inner}</mark>`;
    if (background && background.replace(/\s/g, '') !== 'rgb(255,240,179)') this.ctx.report('span', `highlight colour ${background} becomes the default highlight`, false);
    const dropped = props.filter((p) => p !== 'text-decoration' && p !== 'background-color');
    if (dropped.length) this.ctx.report('span', `style (${dropped.join(', ')}) dropped, the text is kept`, false);
    return inner;
  }

  /** `<pre>` stays a raw HTML `<pre>` block (a fenced block would become a code macro). */
  private pre(el: Element): string {
    if (el.children.some((c) => isTag(c))) this.ctx.report('pre', 'formatting inside preformatted text dropped', false);
    return `<pre data-cf-pre="1">${esc(textOf(el.children))}</pre>`;
  }

  private tableAttributes(el: Element): void {
    const lost: string[] = [];
    if (firstChild(el, 'colgroup')?.children.some((c) => isTag(c) && c.attribs.style)) lost.push('column widths');
    const layout = el.attribs['data-layout'];
    if (layout && layout !== 'default') lost.push(`layout "${layout}"`);
    if (el.attribs['data-table-width'] || /width/.test(el.attribs.style ?? '')) lost.push('table width');
    if (lost.length) this.ctx.report('table', `${lost.join(', ')} dropped`, false);
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

function styleProperties(style: string): string[] {
  return style
    .split(';')
    .map((d) => d.split(':')[0].trim().toLowerCase())
    .filter((p) => p !== '');
}

function isCellParagraph(p: Element): boolean {
  const parent = p.parent;
  return !!parent && isTag(parent) && (parent.name === 'td' || parent.name === 'th');
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
