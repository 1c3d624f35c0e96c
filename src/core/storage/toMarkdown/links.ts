import type { Element } from 'domhandler';
import { firstChild, textOf } from '../dom';
import { esc } from './context';
import { emoticonShortcode } from './dialects';
import type { Rewriter } from './rewriter';

const EMOTICONS: Record<string, string> = {
  smile: '🙂', sad: '🙁', cheeky: '😛', laugh: '😀', wink: '😉', 'thumbs-up': '👍', 'thumbs-down': '👎',
  information: 'ℹ️', tick: '✅', cross: '❌', warning: '⚠️', plus: '➕', minus: '➖', question: '❓', 'light-on': '💡',
  'light-off': '💡', 'yellow-star': '⭐', 'red-star': '⭐', 'green-star': '⭐', 'blue-star': '⭐', heart: '❤️',
  'broken-heart': '💔',
};

/** Image attributes the Confluence editor writes that a reader does not see (or that are the default look). */
const IMAGE_BOOKKEEPING = new Set(['ac:original-height', 'ac:original-width', 'ac:custom-width', 'ac:local-id', 'ac:src']);
const IMAGE_MAPPED = new Set(['ac:alt', 'ac:title', 'ac:width', 'ac:height']);

/** An emoticon as its Unicode emoji; a custom emoji (no Unicode form) is kept verbatim with its short name. */
export function emoticon(rw: Rewriter, el: Element): string {
  const shortcode = emoticonShortcode(el.attribs);
  if (shortcode) return `<span data-cf-emoji="${esc(shortcode)}">${esc(el.attribs['ac:emoji-fallback'] || shortcode)}</span>`;
  const fallback = el.attribs['ac:emoji-fallback'] ?? '';
  const id = el.attribs['ac:emoji-id'] ?? '';
  if (fallback && /[^\x00-\x7f]/.test(fallback)) return esc(fallback);
  if (/^[0-9a-f]{4,6}(?:-[0-9a-f]{4,6})*$/i.test(id)) return esc(String.fromCodePoint(...id.split('-').map((h) => parseInt(h, 16))));
  const known = EMOTICONS[el.attribs['ac:name'] ?? ''];
  if (known && !el.attribs['ac:emoji-shortname']) return esc(known);
  const shortName = el.attribs['ac:emoji-shortname'] ?? fallback;
  return rw.raw(el, 'ac:emoticon', `emoji ${shortName || el.attribs['ac:name'] || ''} has no Unicode form`, esc(shortName || known || ''));
}

function encodeHref(path: string): string {
  return encodeURI(path).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `<ac:link>`: a page, attachment, same-page anchor or user; the rest (spaces, blog posts, ...) kept verbatim. */
export function acLink(rw: Rewriter, el: Element): string {
  const { options, anchors } = rw.ctx;
  const anchor = el.attribs['ac:anchor'];
  const page = firstChild(el, 'ri:page') ?? firstChild(el, 'ri:content-entity');
  const attachment = firstChild(el, 'ri:attachment');
  const user = firstChild(el, 'ri:user');
  const plain = firstChild(el, 'ac:plain-text-link-body');
  const rich = firstChild(el, 'ac:link-body');
  const bodyHtml = plain ? esc(textOf(plain.children)) : rich ? rw.nodes(rich.children) : undefined;
  let href: string | undefined;
  let fallback = '';
  if (user) {
    const id = user.attribs['ri:account-id'] ?? user.attribs['ri:userkey'] ?? user.attribs['ri:username'] ?? '';
    const name = options.userName?.(id);
    return rw.raw(el, 'ri:user', `mention of ${name ?? id}`, bodyHtml ?? esc(`@${name ?? id}`));
  }
  if (page) {
    const title = page.attribs['ri:content-title'];
    const space = page.attribs['ri:space-key'];
    const id = page.attribs['ri:content-id'];
    href = options.pageHref?.(title ?? '', space, anchor, id);
    if (href === undefined && title !== undefined) href = encodeHref(`${title}.md`) + (anchor ? `#${encodeURIComponent(anchor)}` : '');
    fallback = title ?? id ?? '';
  } else if (attachment && attachment.children.length === 0) {
    const name = attachment.attribs['ri:filename'] ?? '';
    href = options.attachmentHref?.(name) ?? encodeHref(name);
    fallback = name;
  } else if (anchor && el.children.every((c) => c === plain || c === rich || c.type === 'text')) {
    if (/^fn-\d+$/.test(anchor) && el.parent && el.parent.type === 'tag' && (el.parent as Element).name === 'sup') return '';
    href = `#${encodeURIComponent(anchors[anchor] ?? anchor)}`;
    fallback = anchor;
  }
  if (href === undefined) {
    const target = firstChild(el, 'ri:blog-post') ? 'blog post' : firstChild(el, 'ri:space') ? 'space' : attachment ? "another page's attachment" : 'target';
    return rw.raw(el, 'ac:link', `link to a ${target} Markdown cannot address`, bodyHtml ?? esc(fallback || textOf(el.children)));
  }
  return `<a href="${esc(href)}">${bodyHtml ?? esc(fallback)}</a>`;
}

/** `<a href>`: an external link (the importer may point Confluence URLs at imported files). */
export function externalLink(rw: Rewriter, el: Element): string {
  const href = el.attribs.href;
  const inner = rw.nodes(el.children);
  if (!href) return inner;
  const card = el.attribs['data-card-appearance'];
  if (card && card !== 'inline') rw.ctx.report('a', `link shown as a ${card} card becomes a plain link`, false);
  const target = rw.ctx.options.externalHref?.(href) ?? href;
  return `<a href="${esc(target)}">${inner}</a>`;
}

/** `<ac:image>`: a Markdown image; attributes and captions Markdown cannot express keep it verbatim (the image stands in). */
export function acImage(rw: Rewriter, el: Element): string {
  const { options } = rw.ctx;
  const attachment = firstChild(el, 'ri:attachment');
  const url = firstChild(el, 'ri:url');
  const name = attachment?.attribs['ri:filename'] ?? '';
  const src = attachment ? (options.attachmentHref?.(name) ?? encodeHref(name)) : (url?.attribs['ri:value'] ?? '');
  const attrs = [`src="${esc(src)}"`];
  if (el.attribs['ac:alt']) attrs.push(`alt="${esc(el.attribs['ac:alt'])}"`);
  if (el.attribs['ac:title']) attrs.push(`title="${esc(el.attribs['ac:title'])}"`);
  if (el.attribs['ac:width']) attrs.push(`data-cf-width="${esc(el.attribs['ac:width'])}"`);
  if (el.attribs['ac:height']) attrs.push(`data-cf-height="${esc(el.attribs['ac:height'])}"`);
  const img = `<img ${attrs.join(' ')}>`;
  const centred = el.attribs['ac:align'] === 'center' && (el.attribs['ac:layout'] ?? 'center') === 'center';
  const extra = Object.keys(el.attribs).filter(
    (a) => !IMAGE_MAPPED.has(a) && !IMAGE_BOOKKEEPING.has(a) && !(centred && (a === 'ac:align' || a === 'ac:layout')),
  );
  const nested = attachment ? attachment.children.some((c) => c.type === 'tag') : false;
  const other = el.children.some((c) => c.type === 'tag' && c !== attachment && c !== url);
  const bad = (!attachment && !url) || (attachment && !name) || (url && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src));
  if (extra.length || nested || other || bad || (!src && !bad)) {
    const what = nested ? "another page's attachment" : other ? 'a caption or other content' : bad ? 'no usable source' : extra.join(', ');
    return rw.raw(el, 'ac:image', `image with ${what}`, src ? img : '');
  }
  return img;
}
