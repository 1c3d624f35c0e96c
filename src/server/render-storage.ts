/**
 * Storage format → HTML for the web view, used until/unless the shared renderer in src/core/storage is available.
 * Covers what a publisher emits: XHTML, code/panel/expand/status/toc/anchor macros, task lists, page and attachment
 * links, images, emoticons, layouts.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

export interface RenderLinks {
  pageUrl(title: string, spaceKey?: string): string | undefined;
  attachmentUrl(fileName: string, pageTitle?: string, spaceKey?: string): string | undefined;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const EMOTICONS: Record<string, string> = {
  smile: '🙂',
  sad: '🙁',
  cheeky: '😛',
  laugh: '😀',
  wink: '😉',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  information: 'ℹ️',
  tick: '✅',
  cross: '❌',
  warning: '⚠️',
  plus: '➕',
  minus: '➖',
  question: '❓',
  'light-on': '💡',
  'light-off': '🌑',
  'yellow-star': '⭐',
  heart: '❤️',
};

const PANEL_ICONS: Record<string, string> = { info: 'ℹ', note: '✎', warning: '⚠', tip: '✔', panel: '' };

export function renderStorageFallback(storage: string, links: RenderLinks): string {
  const doc = parseDocument(storage, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
  const headings: Array<{ level: number; text: string; id: string }> = [];
  collectHeadings(doc.children, headings);
  return renderNodes(doc.children, { links, headings });
}

interface RenderCtx {
  links: RenderLinks;
  headings: Array<{ level: number; text: string; id: string }>;
}

function textOf(nodes: ChildNode[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text') return n.data;
      if ('children' in n) return textOf(n.children as ChildNode[]);
      return '';
    })
    .join('');
}

function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
}

function collectHeadings(nodes: ChildNode[], out: RenderCtx['headings']): void {
  for (const n of nodes) {
    if (n.type !== 'tag') continue;
    const m = /^h([1-6])$/.exec(n.name);
    if (m) {
      const text = textOf(n.children);
      out.push({ level: Number(m[1]), text, id: slug(text) });
    } else collectHeadings(n.children, out);
  }
}

function param(el: Element, name: string): string | undefined {
  const p = el.children.find((c): c is Element => c.type === 'tag' && c.name === 'ac:parameter' && c.attribs['ac:name'] === name);
  return p ? textOf(p.children) : undefined;
}

function child(el: Element, name: string): Element | undefined {
  return el.children.find((c): c is Element => c.type === 'tag' && c.name === name);
}

function renderNodes(nodes: ChildNode[], ctx: RenderCtx): string {
  return nodes.map((n) => renderNode(n, ctx)).join('');
}

function renderNode(n: ChildNode, ctx: RenderCtx): string {
  if (n.type === 'text') return esc(n.data);
  if (n.type === 'cdata') return esc(textOf(n.children));
  if (n.type !== 'tag') return '';
  const el = n;
  switch (el.name) {
    case 'ac:structured-macro':
    case 'ac:macro':
      return renderMacro(el, ctx);
    case 'ac:link':
      return renderLink(el, ctx);
    case 'ac:image':
      return renderImage(el, ctx);
    case 'ac:emoticon':
      return `<span class="emoticon" title="${esc(el.attribs['ac:name'] ?? '')}">${EMOTICONS[el.attribs['ac:name'] ?? ''] ?? '🙂'}</span>`;
    case 'ac:task-list':
      return `<ul class="task-list">${el.children
        .filter((c): c is Element => c.type === 'tag' && c.name === 'ac:task')
        .map((t) => {
          const done = textOf(child(t, 'ac:task-status')?.children ?? []).trim() === 'complete';
          const body = child(t, 'ac:task-body');
          return `<li class="task ${done ? 'complete' : ''}"><input type="checkbox" disabled ${done ? 'checked' : ''}/> <span>${renderNodes(body?.children ?? [], ctx)}</span></li>`;
        })
        .join('')}</ul>`;
    case 'ac:layout':
      return `<div class="layout">${renderNodes(el.children, ctx)}</div>`;
    case 'ac:layout-section':
      return `<div class="layout-section ${esc(el.attribs['ac:type'] ?? 'single')}">${renderNodes(el.children, ctx)}</div>`;
    case 'ac:layout-cell':
      return `<div class="layout-cell">${renderNodes(el.children, ctx)}</div>`;
    case 'ac:placeholder':
      return '';
    case 'ri:user':
      return `<span class="user-mention">@${esc(el.attribs['ri:account-id'] ?? el.attribs['ri:userkey'] ?? 'user')}</span>`;
    case 'time':
      return `<time>${esc(el.attribs.datetime ?? '')}</time>`;
  }
  if (el.name.includes(':')) return renderNodes(el.children, ctx);
  const m = /^h([1-6])$/.exec(el.name);
  const attrs = Object.entries(el.attribs)
    .filter(([k]) => ['href', 'colspan', 'rowspan', 'style', 'title', 'class', 'start', 'id'].includes(k))
    .map(([k, v]) => ` ${k}="${esc(k === 'href' && /^\s*javascript:/i.test(v) ? '#' : v)}"`)
    .join('');
  const id = m ? ` id="${esc(slug(textOf(el.children)))}"` : '';
  if (['br', 'hr', 'img', 'col'].includes(el.name)) return `<${el.name}${attrs}/>`;
  return `<${el.name}${attrs}${id}>${renderNodes(el.children, ctx)}</${el.name}>`;
}

function renderMacro(el: Element, ctx: RenderCtx): string {
  const name = el.attribs['ac:name'] ?? '';
  const rich = child(el, 'ac:rich-text-body');
  const plain = child(el, 'ac:plain-text-body');
  switch (name) {
    case 'code':
    case 'noformat': {
      const lang = param(el, 'language') ?? '';
      const title = param(el, 'title');
      return `<div class="code-block">${title ? `<div class="code-title">${esc(title)}</div>` : ''}<pre><code class="language-${esc(lang)}">${esc(textOf(plain?.children ?? []))}</code></pre></div>`;
    }
    case 'info':
    case 'note':
    case 'warning':
    case 'tip':
    case 'panel': {
      const title = param(el, 'title');
      return `<div class="panel panel-${name}"><span class="panel-icon">${PANEL_ICONS[name]}</span><div class="panel-content">${title ? `<p class="panel-title"><strong>${esc(title)}</strong></p>` : ''}${renderNodes(rich?.children ?? [], ctx)}</div></div>`;
    }
    case 'expand':
      return `<details class="expand"><summary>${esc(param(el, 'title') ?? 'Click here to expand...')}</summary>${renderNodes(rich?.children ?? [], ctx)}</details>`;
    case 'status': {
      const colour = (param(el, 'colour') ?? 'Grey').toLowerCase();
      return `<span class="status status-${esc(colour)}">${esc((param(el, 'title') ?? '').toUpperCase())}</span>`;
    }
    case 'toc':
      return `<nav class="toc"><ul>${ctx.headings
        .map((h) => `<li style="margin-left:${(h.level - 1) * 16}px"><a href="#${esc(h.id)}">${esc(h.text)}</a></li>`)
        .join('')}</ul></nav>`;
    case 'anchor':
      return `<a id="${esc(param(el, '') ?? '')}"></a>`;
    case 'jira':
      return `<span class="jira-issue">${esc(param(el, 'key') ?? 'JIRA')}</span>`;
    default:
      return `<div class="macro macro-unknown" title="${esc(name)} macro">${rich ? renderNodes(rich.children, ctx) : `<em>[${esc(name)} macro]</em>`}</div>`;
  }
}

function renderLink(el: Element, ctx: RenderCtx): string {
  const page = child(el, 'ri:page');
  const att = child(el, 'ri:attachment');
  const anchor = el.attribs['ac:anchor'];
  const body = child(el, 'ac:link-body') ?? child(el, 'ac:plain-text-link-body');
  let href: string | undefined;
  let fallback = '';
  if (page) {
    const title = page.attribs['ri:content-title'] ?? '';
    href = ctx.links.pageUrl(title, page.attribs['ri:space-key']);
    fallback = title;
  } else if (att) {
    const file = att.attribs['ri:filename'] ?? '';
    href = ctx.links.attachmentUrl(file);
    fallback = file;
  } else if (anchor) {
    href = '';
    fallback = anchor;
  }
  if (anchor) href = `${href ?? ''}#${encodeURIComponent(anchor)}`;
  const inner = body ? (body.name === 'ac:link-body' ? renderNodes(body.children, ctx) : esc(textOf(body.children))) : esc(fallback);
  return href === undefined ? `<span class="broken-link" title="Page not found">${inner}</span>` : `<a href="${esc(href)}">${inner}</a>`;
}

function renderImage(el: Element, ctx: RenderCtx): string {
  const att = child(el, 'ri:attachment');
  const url = child(el, 'ri:url');
  let src: string | undefined;
  if (att) {
    const p = child(att, 'ri:page');
    src = ctx.links.attachmentUrl(att.attribs['ri:filename'] ?? '', p?.attribs['ri:content-title'], p?.attribs['ri:space-key']);
  } else if (url) src = url.attribs['ri:value'];
  const alt = el.attribs['ac:alt'] ?? att?.attribs['ri:filename'] ?? '';
  const width = el.attribs['ac:width'] ? ` width="${esc(el.attribs['ac:width'])}"` : '';
  const caption = child(el, 'ac:caption');
  const img = src ? `<img src="${esc(src)}" alt="${esc(alt)}"${width}/>` : `<span class="broken-image">[missing image ${esc(alt)}]</span>`;
  return caption ? `<figure>${img}<figcaption>${renderNodes(caption.children, ctx)}</figcaption></figure>` : img;
}
