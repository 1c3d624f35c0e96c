// Storage-format building blocks shared by the Markdown renderer rules and the raw HTML converter.
import type { ImageResolution, LinkResolution } from './links';
import { cdata, escapeXml } from './xml';

export function anchorMacro(name: string): string {
  return `<ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">${escapeXml(name)}</ac:parameter></ac:structured-macro>`;
}

export function codeMacro(language: string, title: string | undefined, lineNumbers: boolean, code: string): string {
  return (
    '<ac:structured-macro ac:name="code" ac:schema-version="1">' +
    `<ac:parameter ac:name="language">${escapeXml(language)}</ac:parameter>` +
    (title ? `<ac:parameter ac:name="title">${escapeXml(title)}</ac:parameter>` : '') +
    (lineNumbers ? '<ac:parameter ac:name="linenumbers">true</ac:parameter>' : '') +
    `<ac:plain-text-body>${cdata(code)}</ac:plain-text-body></ac:structured-macro>\n`
  );
}

export function macroOpen(name: string, title?: string): string {
  return (
    `<ac:structured-macro ac:name="${name}" ac:schema-version="1">` +
    (title ? `<ac:parameter ac:name="title">${escapeXml(title)}</ac:parameter>` : '') +
    '<ac:rich-text-body>\n'
  );
}

export const MACRO_CLOSE = '</ac:rich-text-body></ac:structured-macro>\n';

export const TOC_MACRO = '<ac:structured-macro ac:name="toc" ac:schema-version="1"></ac:structured-macro>\n';

function resourceFor(link: LinkResolution): string {
  if (link.kind === 'page') {
    const space = link.spaceKey ? ` ri:space-key="${escapeXml(link.spaceKey)}"` : '';
    return `<ri:page ri:content-title="${escapeXml(link.title)}"${space} />`;
  }
  if (link.kind === 'attachment') return `<ri:attachment ri:filename="${escapeXml(link.name)}" />`;
  return '';
}

function acLinkStart(link: LinkResolution): string {
  const anchor = (link.kind === 'anchor' || link.kind === 'page') && link.anchor ? ` ac:anchor="${escapeXml(link.anchor)}"` : '';
  return `<ac:link${anchor}>${resourceFor(link)}`;
}

/** The whole link when its text is plain (the way the Confluence editor writes links). */
export function plainLink(link: LinkResolution, text: string): string {
  switch (link.kind) {
    case 'external':
      return `<a href="${escapeXml(link.href)}">${escapeXml(text)}</a>`;
    case 'unresolved':
      return `${escapeXml(text)} (${escapeXml(link.target)})`;
    default:
      return `${acLinkStart(link)}<ac:plain-text-link-body>${cdata(text)}</ac:plain-text-link-body></ac:link>`;
  }
}

/** Opening of a link with rich content (closed by `linkClose`). */
export function linkOpen(link: LinkResolution): string {
  switch (link.kind) {
    case 'external':
      return `<a href="${escapeXml(link.href)}">`;
    case 'unresolved':
      return '';
    default:
      return `${acLinkStart(link)}<ac:link-body>`;
  }
}

export function linkClose(link: LinkResolution): string {
  switch (link.kind) {
    case 'external':
      return '</a>';
    case 'unresolved':
      return ` (${escapeXml(link.target)})`;
    default:
      return '</ac:link-body></ac:link>';
  }
}

export function imageStorage(image: ImageResolution, alt?: string, title?: string, width?: string, height?: string): string {
  if (image.kind === 'missing') return escapeXml(alt ? `${alt} (${image.target})` : image.target);
  let attrs = '';
  if (alt) attrs += ` ac:alt="${escapeXml(alt)}"`;
  if (title) attrs += ` ac:title="${escapeXml(title)}"`;
  if (width) attrs += ` ac:width="${width}"`;
  if (height) attrs += ` ac:height="${height}"`;
  const resource =
    image.kind === 'attachment'
      ? `<ri:attachment ri:filename="${escapeXml(image.name)}" />`
      : `<ri:url ri:value="${escapeXml(image.url)}" />`;
  return `<ac:image${attrs}>${resource}</ac:image>`;
}
