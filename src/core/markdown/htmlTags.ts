// What raw HTML in Markdown becomes in storage format, per tag (used by rawHtml.ts).

/** A lookup table without Object.prototype: `<constructor>` is a tag name like any other. */
function table<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** Tags kept (possibly renamed); the value is the storage tag. */
export const INLINE_TAGS = table({
  b: 'strong', strong: 'strong', i: 'em', em: 'em', cite: 'em', var: 'em', dfn: 'em', u: 'u', ins: 'u',
  s: 'del', del: 'del', strike: 'del', sub: 'sub', sup: 'sup', code: 'code', kbd: 'code', tt: 'code', samp: 'code',
});
export const BLOCK_TAGS = table({
  p: 'p', h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6', blockquote: 'blockquote', pre: 'pre',
  ul: 'ul', ol: 'ol', li: 'li', table: 'table', thead: 'tbody', tbody: 'tbody', tfoot: 'tbody', tr: 'tr', th: 'th',
  td: 'td', figcaption: 'p', caption: 'p',
});
/** Attributes kept per storage tag. */
export const KEPT_ATTRIBUTES = table({ td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], ol: ['start'] });
/** Removed together with their content: active or invisible content Confluence would reject or strip. */
export const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title', 'frameset']);
export const VOID = new Set(['br', 'hr', 'img', 'input', 'wbr', 'col', 'area', 'source', 'track', 'meta', 'link', 'param', 'base', 'embed', 'keygen']);
/** Layout and semantic wrappers: the tag goes, the content stays (no warning; this is what a person would do). */
export const UNWRAP_QUIETLY = new Set([
  'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'figure', 'center', 'font', 'small', 'big',
  'mark', 'abbr', 'q', 'time', 'label', 'picture', 'video', 'audio', 'colgroup', 'dl', 'dt', 'dd', 'address', 'html',
  'body', 'hgroup', 'bdi', 'bdo', 'data', 'output', 'meter', 'progress', 'form', 'fieldset', 'legend', 'button',
  'select', 'option', 'optgroup', 'textarea', 'details', 'summary', 'menu', 'search', 'a', 'ruby', 'rt', 'rp', 'span',
]);
export const BLOCK_LEVEL = new Set([...Object.keys(BLOCK_TAGS), 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'figure', 'hr', 'details', 'dl', 'form', 'fieldset', 'address', 'center', 'menu']);

/** Elements whose content is elements only: whitespace text inside them is layout, not content. */
export const NO_TEXT_INSIDE = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'ul', 'ol']);
/** Closed when the HTML block that opened them ends (Markdown that follows is a new block). */
export const CLOSES_WITH_BLOCK = new Set([...Object.keys(INLINE_TAGS), 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figcaption', 'caption', 'a']);
