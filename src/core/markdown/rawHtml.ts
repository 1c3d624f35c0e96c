import { decodeHTML } from 'entities';
import { warn, type OpenHtml, type RenderEnv } from './env';
import { resolveImage, resolveLink } from './links';
import { rawStorage, standInEndInHtml, STORAGE_COMMENT_START, storageCommentXml } from './rawStorage';
import { anchorMacro, imageStorage, linkClose, linkOpen } from './storage';
import { escapeXml, numericReferences } from './xml';

// Raw HTML in Markdown is turned into well-formed storage XHTML: known tags are mapped and re-serialised (closed,
// attributes quoted, only the ones Confluence uses), layout wrappers are dropped keeping their content, active
// content is removed, and every element is closed before its Markdown container ends.

// One tag, comment, declaration, processing instruction or CDATA section (CommonMark's raw HTML forms).
const HTML_TOKEN =
  /<!---?>|<!--[\s\S]*?-->|<\/([A-Za-z][A-Za-z0-9-]*)\s*>|<([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*)\s*(\/?)>|<![A-Za-z][^>]*>|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
const ATTRIBUTE = /([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:([^\s"'=<>`]+)|'([^']*)'|"([^"]*)"))?/g;

/** Tags kept (possibly renamed); the value is the storage tag. */
const INLINE_TAGS: Record<string, string> = {
  b: 'strong', strong: 'strong', i: 'em', em: 'em', cite: 'em', var: 'em', dfn: 'em', u: 'u', ins: 'u',
  s: 'del', del: 'del', strike: 'del', sub: 'sub', sup: 'sup', code: 'code', kbd: 'code', tt: 'code', samp: 'code',
};
const BLOCK_TAGS: Record<string, string> = {
  p: 'p', h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6', blockquote: 'blockquote', pre: 'pre',
  ul: 'ul', ol: 'ol', li: 'li', table: 'table', thead: 'tbody', tbody: 'tbody', tfoot: 'tbody', tr: 'tr', th: 'th',
  td: 'td', figcaption: 'p', caption: 'p',
};
/** Attributes kept per storage tag. */
const KEPT_ATTRIBUTES: Record<string, string[]> = { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], ol: ['start'] };
/** Removed together with their content: active or invisible content Confluence would reject or strip. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title', 'frameset']);
const VOID = new Set(['br', 'hr', 'img', 'input', 'wbr', 'col', 'area', 'source', 'track', 'meta', 'link', 'param', 'base', 'embed', 'keygen']);
/** Layout and semantic wrappers: the tag goes, the content stays (no warning; this is what a person would do). */
const UNWRAP_QUIETLY = new Set([
  'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'figure', 'center', 'font', 'small', 'big',
  'mark', 'abbr', 'q', 'time', 'label', 'picture', 'video', 'audio', 'colgroup', 'dl', 'dt', 'dd', 'address', 'html',
  'body', 'hgroup', 'bdi', 'bdo', 'data', 'output', 'meter', 'progress', 'form', 'fieldset', 'legend', 'button',
  'select', 'option', 'optgroup', 'textarea', 'details', 'summary', 'menu', 'search', 'a', 'ruby', 'rt', 'rp', 'span',
]);
const BLOCK_LEVEL = new Set([...Object.keys(BLOCK_TAGS), 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'figure', 'hr', 'details', 'dl', 'form', 'fieldset', 'address', 'center', 'menu']);

/** Elements whose content is elements only: whitespace text inside them is layout, not content. */
const NO_TEXT_INSIDE = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'ul', 'ol']);
const CLOSES_WITH_BLOCK = new Set([...Object.keys(INLINE_TAGS), 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figcaption', 'caption', 'a']);

function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    attrs[m[1].toLowerCase()] = decodeHTML(value);
  }
  return attrs;
}

export interface HtmlContext {
  /** Inside a paragraph (html_inline): block tags are dropped. */
  inline: boolean;
  stack: OpenHtml[];
  /** Entries below this index belong to an enclosing container: an end tag here cannot close them. */
  base: number;
}

export function flushExpand(env: RenderEnv): string {
  const pending = env.pendingExpand;
  if (!pending) return '';
  env.pendingExpand = undefined;
  const title = pending.title.trim();
  return (
    '<ac:structured-macro ac:name="expand" ac:schema-version="1">' +
    (title ? `<ac:parameter ac:name="title">${escapeXml(title)}</ac:parameter>` : '') +
    '<ac:rich-text-body>\n'
  );
}

/** Closes raw HTML elements opened since the stack had `length` entries. */
export function closeTo(stack: OpenHtml[], length: number): string {
  let out = '';
  while (stack.length > length) out += stack.pop()!.close;
  return out;
}

/** Converts one raw HTML fragment (an html_block or html_inline token) to storage XHTML. */
const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)/g;

/** Text of raw HTML as storage: character references stay references (numeric: XML has no named ones). */
function htmlText(raw: string, collapse: boolean): string {
  let out = '';
  let at = 0;
  const plain = (s: string) => escapeXml(collapse ? s.replace(/\s+/g, ' ') : s);
  for (const m of raw.matchAll(CHARACTER_REFERENCE)) {
    const decoded = decodeHTML(m[0]);
    if (decoded === m[0]) continue; // not a reference ("&T" in "AT&T")
    // A legacy reference may take only a prefix ("&notit;" is "¬it;"): the text after it is left as it was.
    let kept = 0;
    while (kept < decoded.length - 1 && decoded[decoded.length - 1 - kept] === m[0][m[0].length - 1 - kept]) kept++;
    out += plain(raw.slice(at, m.index)) + numericReferences(decoded.slice(0, decoded.length - kept));
    at = m.index + m[0].length - kept;
  }
  return out + plain(raw.slice(at));
}

export function convertHtml(fragment: string, env: RenderEnv, ctx: HtmlContext): string {
  let out = '';
  const stack = ctx.stack;
  const startDepth = stack.length;
  // Bare text at block level is wrapped in a paragraph, kept on the stack so inline elements opened inside it are
  // closed before it.
  let implicitP = false;
  let implicitAt = -1;
  const startImplicitP = (): void => {
    out += '<p>';
    implicitP = true;
    implicitAt = stack.length;
    stack.push({ name: '#p', close: '</p>\n' });
  };
  const endImplicitP = (): void => {
    if (!implicitP) return;
    out = out.replace(/\s+$/, '');
    out += closeTo(stack, implicitAt);
    implicitP = false;
  };
  const text = (raw: string): void => {
    if (env.skipUntil) return;
    // whitespace in HTML text collapses when displayed, except in <pre>: write it collapsed (stable round trips)
    const collapse = !stack.some((e) => e.name === 'pre');
    const decoded = collapse ? decodeHTML(raw).replace(/\s+/g, ' ') : decodeHTML(raw);
    if (env.pendingExpand) {
      if (env.pendingExpand.inSummary) {
        env.pendingExpand.title += decoded;
        return;
      }
      if (decoded.trim() === '') return;
      out += flushExpand(env);
    }
    const top = stack[stack.length - 1]?.name;
    if (top !== undefined && NO_TEXT_INSIDE.has(top) && decoded.trim() === '') return; // layout whitespace in a table
    if (!ctx.inline && !implicitP && stack.every((e) => e.close === '' || e.name === 'details')) {
      if (decoded.trim() === '') return; // layout whitespace between blocks
      startImplicitP();
      out += htmlText(raw, collapse).replace(/^\s+/, '');
      return;
    }
    out += htmlText(raw, collapse);
  };
  const push = (name: string, open: string, close: string): void => {
    out += open;
    stack.push({ name, close });
  };

  const open = (name: string, attrs: Record<string, string>, selfClosing: boolean): void => {
    if (env.skipUntil) return;
    if (env.pendingExpand?.inSummary) return; // markup inside <summary>: only its text is the title
    if (DROP_WITH_CONTENT.has(name)) {
      warn(env, 'html-unsupported', `<${name}> is not allowed in Confluence pages; removed with its content`);
      if (!selfClosing && !VOID.has(name)) env.skipUntil = name;
      return;
    }
    if (!ctx.inline && name === 'details') {
      endImplicitP();
      out += flushExpand(env);
      env.pendingExpand = { title: '', inSummary: false };
      stack.push({ name, close: '' });
      // the macro's closing tags are emitted when </details> arrives or the container ends
      stack[stack.length - 1].close = '</ac:rich-text-body></ac:structured-macro>\n';
      return;
    }
    if (name === 'summary' && env.pendingExpand) {
      env.pendingExpand.inSummary = true;
      return;
    }
    if (env.pendingExpand) out += flushExpand(env);
    if (BLOCK_LEVEL.has(name)) endImplicitP();
    if (name === 'br') {
      out += '<br />';
      return;
    }
    if (name === 'hr') {
      if (!ctx.inline) out += '<hr />\n';
      return;
    }
    if (name === 'img') {
      const src = attrs.src ?? '';
      if (!src) return;
      if (!ctx.inline && !implicitP && stack.every((e) => e.close === '' || e.name === 'details')) {
        startImplicitP(); // an image is inline content: at block level it sits in a paragraph, as Confluence keeps it
      }
      const image = resolveImage(env, src);
      const width = /^\d+$/.test(attrs.width ?? '') ? attrs.width : undefined;
      const height = /^\d+$/.test(attrs.height ?? '') ? attrs.height : undefined;
      out += imageStorage(image, attrs.alt, attrs.title, width, height);
      return;
    }
    if (name === 'a') {
      if (attrs.href !== undefined) {
        const link = resolveLink(env, attrs.href);
        if (selfClosing) return;
        // inline HTML links carry rich content, so the link body is always ac:link-body
        push('a', linkOpen(link), linkClose(link));
        return;
      }
      const anchorName = attrs.name ?? attrs.id;
      if (anchorName) out += anchorMacro(anchorName);
      if (!selfClosing) stack.push({ name: 'a', close: '' });
      return;
    }
    if (VOID.has(name)) return;
    const inlineTag = INLINE_TAGS[name];
    const blockTag = ctx.inline ? undefined : BLOCK_TAGS[name];
    const tag = inlineTag ?? blockTag;
    if (!tag) {
      if (!UNWRAP_QUIETLY.has(name) && !(ctx.inline && BLOCK_TAGS[name])) {
        warn(env, 'html-unsupported', `<${name}> is not supported by Confluence; the tag is dropped and its text kept (use \`code\` to show a tag literally)`);
      }
      if (!selfClosing) stack.push({ name, close: '' });
      return;
    }
    let attrText = '';
    for (const attr of KEPT_ATTRIBUTES[tag] ?? []) {
      const v = attrs[attr];
      if (v !== undefined && /^\d+$/.test(v)) attrText += ` ${attr}="${v}"`;
    }
    if (selfClosing) {
      out += `<${tag}${attrText}></${tag}>`;
      return;
    }
    // XHTML tables keep rows in a tbody (Confluence's own storage always has one)
    if (tag === 'tr' && stack[stack.length - 1]?.name === 'table') push('tbody', '<tbody>', '</tbody>');
    push(name, `<${tag}${attrText}>`, `</${tag}>${BLOCK_TAGS[name] && !ctx.inline ? '\n' : ''}`);
  };

  const close = (name: string): void => {
    if (env.skipUntil) {
      if (name === env.skipUntil) env.skipUntil = undefined;
      return;
    }
    if (name === 'summary' && env.pendingExpand?.inSummary) {
      env.pendingExpand.inSummary = false;
      out += flushExpand(env);
      return;
    }
    if (env.pendingExpand?.inSummary) return;
    if (VOID.has(name)) return;
    for (let i = stack.length - 1; i >= ctx.base; i--) {
      if (stack[i].name !== name) continue;
      if (name === 'details') out += flushExpand(env);
      if (BLOCK_LEVEL.has(name)) endImplicitP();
      out += closeTo(stack, i);
      if (implicitP && stack.length <= implicitAt) implicitP = false; // closed along with an enclosing element
      return;
    }
    // an end tag with no matching start tag is dropped
  };

  HTML_TOKEN.lastIndex = 0;
  let last = 0;
  for (let m = HTML_TOKEN.exec(fragment); m; m = HTML_TOKEN.exec(fragment)) {
    if (m.index > last) text(fragment.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1]) close(m[1].toLowerCase());
    else if (m[2]) open(m[2].toLowerCase(), parseAttributes(m[3] ?? ''), m[4] === '/');
    else if (m[0].startsWith(STORAGE_COMMENT_START) && !env.skipUntil && !env.pendingExpand?.inSummary) {
      out += flushExpand(env) + rawStorage(env, storageCommentXml(m[0]) ?? '');
      HTML_TOKEN.lastIndex = last = standInEndInHtml(fragment, last); // storage kept verbatim; its stand-in is skipped
    }
    // other comments, declarations, processing instructions and CDATA are dropped
  }
  if (last < fragment.length) text(fragment.slice(last));
  endImplicitP();
  if (!ctx.inline) {
    // A paragraph, heading or inline element left open by an HTML block ends with it: Markdown that follows is a
    // new block, which cannot sit inside <p> or <em>. Structural elements (tables, lists, details) stay open.
    while (stack.length > startDepth && CLOSES_WITH_BLOCK.has(stack[stack.length - 1].name)) out += stack.pop()!.close;
  }
  return out;
}
