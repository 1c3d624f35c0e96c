import { decodeHTML } from 'entities';
import { QuoteType, Tokenizer } from 'htmlparser2';

// Raw HTML of one Markdown token (an html_block or html_inline), split into start tags, end tags and text by
// htmlparser2's tokenizer: the tokenization rules of a browser (quoted `>` in attribute values, attributes without
// spaces between them, comments, CDATA, declarations, processing instructions, raw-text elements like <textarea>).
// Tree building (implied end tags, nesting) is left to the caller: an html_inline token holds one tag, so each one
// is tokenized alone and the caller keeps the open elements across tokens.

export type Unclosed = 'comment' | 'CDATA section' | 'declaration' | 'processing instruction';

export interface HtmlTokenSink {
  /** Raw text between tags, character references still encoded; consecutive pieces are joined into one. */
  text(raw: string): void;
  /** A start tag: lower-case name, attributes (lower-case names, decoded values; the first of duplicates wins). */
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  /** An end tag (lower-case name). */
  close(name: string): void;
  /** A comment, CDATA section, declaration or processing instruction never closed: the rest was dropped. */
  unclosed(what: Unclosed): void;
}

/** Element names (CommonMark's and the custom-element form); `<http://x>` or `<a+b:c>` inside an HTML block is text. */
const TAG_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Tokenizes `fragment` into `sink`. Comments, CDATA, declarations and processing instructions are dropped (an unclosed
 * one to the end of the fragment, as a browser does). A start or end tag that never ends (`<div id="x` at the end of
 * the fragment), or whose name is no element name (`<https://example.com>`), is passed on as text: the author sees it.
 */
export function tokenizeHtml(fragment: string, sink: HtmlTokenSink): void {
  let text = '';
  /** End of the last complete token: what follows it at the end was not emitted (an unterminated tag). */
  let consumed = 0;
  let tag = '';
  let tagStart = 0;
  let attrs: Record<string, string> = {};
  let attrName = '';
  let attrValue = '';
  const flushText = (): void => {
    if (text) sink.text(text);
    text = '';
  };
  const startTag = (end: number, selfClosing: boolean): void => {
    consumed = end + 1;
    if (!TAG_NAME.test(tag)) {
      text += fragment.slice(tagStart, consumed);
      return;
    }
    flushText();
    sink.open(tag, attrs, selfClosing);
  };
  /** A comment-like section ending at `end` (its last character; the fragment's length when it never ends). */
  const dropped = (what: Unclosed, end: number): void => {
    flushText();
    if (end >= fragment.length) sink.unclosed(what);
    consumed = Math.min(end + 1, fragment.length);
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: false },
    {
      ontext(start, end) {
        // Text that does not start where the last token ended is the rest of an unclosed `<?`, `<!x` or `</3`
        // section at the end (a browser's bogus comment): dropped with it.
        if (start > consumed) dropped(fragment.slice(consumed, consumed + 2) === '<?' ? 'processing instruction' : 'declaration', fragment.length);
        else text += fragment.slice(start, end);
        consumed = end;
      },
      ontextentity() {}, // not called: entities are not decoded
      onattribentity() {},
      onopentagname(start, end) {
        tagStart = start - 1;
        tag = fragment.slice(start, end).toLowerCase();
        attrs = Object.create(null) as Record<string, string>;
      },
      onattribname(start, end) {
        attrName = fragment.slice(start, end).toLowerCase();
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += fragment.slice(start, end);
      },
      onattribend(quote) {
        if (!(attrName in attrs)) attrs[attrName] = quote === QuoteType.NoValue ? '' : decodeHTML(attrValue);
      },
      onopentagend(end) {
        startTag(end, false);
      },
      onselfclosingtag(end) {
        startTag(end, true);
      },
      onclosetag(start, end) {
        const gt = fragment.indexOf('>', end);
        const name = fragment.slice(start, end).toLowerCase();
        const from = consumed;
        consumed = gt < 0 ? fragment.length : gt + 1;
        if (!TAG_NAME.test(name)) {
          text += fragment.slice(from, consumed);
          return;
        }
        flushText();
        sink.close(name);
      },
      oncomment: (_start, end) => dropped('comment', end),
      oncdata: (_start, end) => dropped('CDATA section', end),
      ondeclaration: (_start, end) => dropped('declaration', end),
      onprocessinginstruction: (_start, end) => dropped('processing instruction', end),
      onend() {},
    },
  );
  tokenizer.write(fragment);
  tokenizer.end();
  if (consumed < fragment.length) text += fragment.slice(consumed);
  flushText();
}
