import { decodeHTML } from 'entities';
import { warn, type OpenHtml, type RenderEnv } from './env';
import { BLOCK_LEVEL, BLOCK_TAGS, CLOSES_WITH_BLOCK, DROP_WITH_CONTENT, INLINE_TAGS, KEPT_ATTRIBUTES, NO_TEXT_INSIDE, UNWRAP_QUIETLY, VOID } from './htmlTags';
import { tokenizeHtml, type HtmlTokenSink, type Unclosed } from './htmlTokens';
import { resolveImage, resolveLink } from './links';
import { rawStorage, standInEndInHtml, STORAGE_COMMENT_START, storageCommentXml } from './rawStorage';
import { anchorMacro, imageStorage, linkClose, linkOpen } from './storage';
import { escapeXml, numericReferences } from './xml';

// Raw HTML in Markdown is turned into well-formed storage XHTML: known tags are mapped and re-serialised (closed,
// attributes quoted, only the ones Confluence uses), layout wrappers are dropped keeping their content, active
// content is removed, and every element is closed before its Markdown container ends. Tokens come from
// htmlparser2's tokenizer (htmlTokens.ts); which tag becomes what is in htmlTags.ts.

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

const UNCLOSED_MARKS: Record<Unclosed, [string, string]> = {
  comment: ['<!--', '-->'],
  'CDATA section': ['<![CDATA[', ']]>'],
  declaration: ['<!', '>'],
  'processing instruction': ['<?', '?>'],
};

/** Converts one raw HTML fragment (an html_block or html_inline token) to storage XHTML. */
export function convertHtml(fragment: string, env: RenderEnv, ctx: HtmlContext): string {
  const converter = new FragmentConverter(env, ctx);
  // Storage kept verbatim by an import (`<!--confluence-storage XML-->`) is written back as it is, and the stand-in
  // text that follows it (up to `<!--/confluence-storage-->`) is skipped; the HTML between is tokenized as usual.
  let from = 0;
  for (let at = fragment.indexOf(STORAGE_COMMENT_START); at >= 0; at = fragment.indexOf(STORAGE_COMMENT_START, from)) {
    const end = fragment.indexOf('-->', at + STORAGE_COMMENT_START.length);
    if (end < 0) break;
    if (at > from) tokenizeHtml(fragment.slice(from, at), converter);
    const commentEnd = end + 3;
    from = converter.keepStorage(storageCommentXml(fragment.slice(at, commentEnd)) ?? '') ? standInEndInHtml(fragment, commentEnd) : commentEnd;
  }
  tokenizeHtml(fragment.slice(from), converter);
  return converter.finish();
}

/** The conversion of one fragment: the tokens in order, onto the open-element stack shared with other fragments. */
class FragmentConverter implements HtmlTokenSink {
  private out = '';
  private readonly stack: OpenHtml[];
  private readonly startDepth: number;
  // Bare text at block level is wrapped in a paragraph, kept on the stack so inline elements opened inside it are
  // closed before it.
  private implicitP = false;
  private implicitAt = -1;

  constructor(
    private readonly env: RenderEnv,
    private readonly ctx: HtmlContext,
  ) {
    this.stack = ctx.stack;
    this.startDepth = ctx.stack.length;
  }

  text(raw: string): void {
    const { env, stack } = this;
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
      this.out += flushExpand(env);
    }
    const top = stack[stack.length - 1]?.name;
    if (top !== undefined && NO_TEXT_INSIDE.has(top) && decoded.trim() === '') return; // layout whitespace in a table
    if (this.atBlockLevel()) {
      if (decoded.trim() === '') return; // layout whitespace between blocks
      this.startImplicitP();
      this.out += htmlText(raw, collapse).replace(/^\s+/, '');
      return;
    }
    this.out += htmlText(raw, collapse);
  }

  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void {
    const { env, ctx } = this;
    if (env.skipUntil) return;
    if (env.pendingExpand?.inSummary) return; // markup inside <summary>: only its text is the title
    if (DROP_WITH_CONTENT.has(name)) {
      warn(env, 'html-unsupported', `<${name}> is not allowed in Confluence pages; removed with its content`);
      if (!selfClosing && !VOID.has(name)) env.skipUntil = name;
      return;
    }
    if (!ctx.inline && name === 'details') {
      this.endImplicitP();
      this.out += flushExpand(env);
      env.pendingExpand = { title: '', inSummary: false };
      // the macro's closing tags are emitted when </details> arrives or the container ends
      this.stack.push({ name, close: '</ac:rich-text-body></ac:structured-macro>\n' });
      return;
    }
    if (name === 'summary' && env.pendingExpand) {
      env.pendingExpand.inSummary = true;
      return;
    }
    if (env.pendingExpand) this.out += flushExpand(env);
    if (BLOCK_LEVEL.has(name)) this.endImplicitP();
    if (name === 'br') this.out += '<br />';
    else if (name === 'hr') this.out += ctx.inline ? '' : '<hr />\n';
    else if (name === 'img') this.openImage(attrs);
    else if (name === 'a') this.openAnchor(attrs, selfClosing);
    else if (!VOID.has(name)) this.openElement(name, attrs, selfClosing);
  }

  close(name: string): void {
    const { env, stack } = this;
    if (env.skipUntil) {
      if (name === env.skipUntil) env.skipUntil = undefined;
      return;
    }
    if (name === 'summary' && env.pendingExpand?.inSummary) {
      env.pendingExpand.inSummary = false;
      this.out += flushExpand(env);
      return;
    }
    if (env.pendingExpand?.inSummary) return;
    if (VOID.has(name)) return;
    for (let i = stack.length - 1; i >= this.ctx.base; i--) {
      if (stack[i].name !== name) continue;
      if (name === 'details') this.out += flushExpand(env);
      if (BLOCK_LEVEL.has(name)) this.endImplicitP();
      this.out += closeTo(stack, i);
      if (this.implicitP && stack.length <= this.implicitAt) this.implicitP = false; // closed along with an enclosing element
      return;
    }
    // an end tag with no matching start tag is dropped
  }

  /** Kept storage XML, written as it is; false where it cannot go (skipped content, an expand's title): dropped then. */
  keepStorage(xml: string): boolean {
    if (this.env.skipUntil || this.env.pendingExpand?.inSummary) return false;
    this.out += flushExpand(this.env) + rawStorage(this.env, xml);
    return true;
  }

  unclosed(what: Unclosed): void {
    const [opener, closer] = UNCLOSED_MARKS[what];
    warn(this.env, 'html-unsupported', `an HTML ${what} (${opener}) is never closed: the rest of this HTML block is left out, as a browser does; close it with ${closer}`);
  }

  /** Ends the fragment: the storage it became. */
  finish(): string {
    this.endImplicitP();
    if (!this.ctx.inline) {
      // A paragraph, heading or inline element left open by an HTML block ends with it: Markdown that follows is a
      // new block, which cannot sit inside <p> or <em>. Structural elements (tables, lists, details) stay open.
      const stack = this.stack;
      while (stack.length > this.startDepth && CLOSES_WITH_BLOCK.has(stack[stack.length - 1].name)) this.out += stack.pop()!.close;
    }
    return this.out;
  }

  private openImage(attrs: Record<string, string>): void {
    const src = attrs.src ?? '';
    if (!src) return;
    // an image is inline content: at block level it sits in a paragraph, as Confluence keeps it
    if (this.atBlockLevel()) this.startImplicitP();
    const image = resolveImage(this.env, src);
    const width = /^\d+$/.test(attrs.width ?? '') ? attrs.width : undefined;
    const height = /^\d+$/.test(attrs.height ?? '') ? attrs.height : undefined;
    this.out += imageStorage(image, attrs.alt, attrs.title, width, height);
  }

  /** `<a href>` is a link; `<a name>` / `<a id>` an anchor. */
  private openAnchor(attrs: Record<string, string>, selfClosing: boolean): void {
    if (attrs.href !== undefined) {
      const link = resolveLink(this.env, attrs.href);
      if (selfClosing) return;
      // inline HTML links carry rich content, so the link body is always ac:link-body
      this.push('a', linkOpen(link), linkClose(link));
      return;
    }
    const anchorName = attrs.name ?? attrs.id;
    if (anchorName) this.out += anchorMacro(anchorName);
    if (!selfClosing) this.stack.push({ name: 'a', close: '' });
  }

  /** Any other element: mapped to its storage tag, or dropped keeping its content. */
  private openElement(name: string, attrs: Record<string, string>, selfClosing: boolean): void {
    const inline = this.ctx.inline;
    const tag = INLINE_TAGS[name] ?? (inline ? undefined : BLOCK_TAGS[name]);
    if (!tag) {
      if (!UNWRAP_QUIETLY.has(name) && !(inline && BLOCK_TAGS[name])) {
        warn(this.env, 'html-unsupported', `<${name}> is not supported by Confluence; the tag is dropped and its text kept (use \`code\` to show a tag literally)`);
      }
      if (!selfClosing) this.stack.push({ name, close: '' });
      return;
    }
    let attrText = '';
    for (const attr of KEPT_ATTRIBUTES[tag] ?? []) {
      const v = attrs[attr];
      if (v !== undefined && /^\d+$/.test(v)) attrText += ` ${attr}="${v}"`;
    }
    if (selfClosing) {
      this.out += `<${tag}${attrText}></${tag}>`;
      return;
    }
    // XHTML tables keep rows in a tbody (Confluence's own storage always has one)
    if (tag === 'tr' && this.stack[this.stack.length - 1]?.name === 'table') this.push('tbody', '<tbody>', '</tbody>');
    this.push(name, `<${tag}${attrText}>`, `</${tag}>${BLOCK_TAGS[name] && !inline ? '\n' : ''}`);
  }

  private push(name: string, open: string, close: string): void {
    this.out += open;
    this.stack.push({ name, close });
  }

  /** Block level of a block fragment, outside any paragraph: bare inline content needs a paragraph here. */
  private atBlockLevel(): boolean {
    return !this.ctx.inline && !this.implicitP && this.stack.every((e) => e.close === '' || e.name === 'details');
  }

  private startImplicitP(): void {
    this.out += '<p>';
    this.implicitP = true;
    this.implicitAt = this.stack.length;
    this.stack.push({ name: '#p', close: '</p>\n' });
  }

  private endImplicitP(): void {
    if (!this.implicitP) return;
    this.out = this.out.replace(/\s+$/, '');
    this.out += closeTo(this.stack, this.implicitAt);
    this.implicitP = false;
  }
}
