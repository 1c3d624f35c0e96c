import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import { headingAnchor } from '../../markdown/anchors';
import { confluenceLanguage } from '../../markdown/languages';
import { childElements, firstChild, headingText, macroBody, macroParams, plainBody } from '../dom';
import { esc, MARK } from './context';
import type { Rewriter } from './rewriter';

/** Parameters each mapped macro may have; a macro with any other parameter is kept verbatim. */
const MAPPED_PARAMS: Record<string, Set<string>> = {
  code: new Set(['language', 'title', 'linenumbers']),
  noformat: new Set([]),
  info: new Set(['title']),
  tip: new Set(['title']),
  note: new Set(['title']),
  warning: new Set(['title']),
  expand: new Set(['title']),
  toc: new Set([]),
  anchor: new Set(['']),
};

const macroElement = (name: string): string => `ac:structured-macro[ac:name=${name}]`;

/** Parameters other than the mapped ones (their values matter; "linenumbers=false" is the default). */
function unmappedParams(el: Element, name: string): string[] {
  const allowed = MAPPED_PARAMS[name];
  const params = macroParams(el);
  return Object.keys(params).filter((p) => !allowed?.has(p) && !(name === 'code' && p === 'linenumbers' && params[p] === 'false'));
}

export function macro(rw: Rewriter, el: Element): string {
  const name = el.attribs['ac:name'] ?? '';
  const params = macroParams(el);
  const element = macroElement(name);
  const extra = unmappedParams(el, name);
  if (MAPPED_PARAMS[name] && extra.length > 0) {
    const detail = `"${name}" macro with parameters Markdown cannot express (${extra.join(', ')})`;
    const body = macroBody(el);
    return body ? rw.wrap(el, body, element, detail) : rw.raw(el, element, detail);
  }
  switch (name) {
    case 'code':
    case 'noformat':
      return codeBlock(rw, el, name, params);
    case 'info':
    case 'tip':
    case 'note':
    case 'warning':
    case 'expand': {
      const body = macroBody(el);
      const inner = body ? rw.nodes(body.children) : '';
      const title = params.title ? ` data-cf-title="${esc(params.title)}"` : '';
      if (name === 'expand') return `<div data-cf-expand="${esc(params.title ?? '')}">${inner}</div>`;
      return `<div data-cf-panel="${name}"${title}>${inner}</div>`;
    }
    case 'toc':
      return `<div data-cf-toc="1">${MARK}</div>`;
    case 'anchor':
      return anchor(rw, el, params[''] ?? params.name ?? '');
    case 'status':
      return rw.raw(el, element, 'status lozenge', `<code>${esc(params.title ?? '')}</code>`);
    case 'jira':
      if (params.key) return rw.raw(el, element, `Jira issue ${params.key}`, esc(params.key));
      return rw.raw(el, element, 'Jira issues list');
  }
  const body = macroBody(el);
  const detail = `"${name}" macro has no Markdown form`;
  if (body && hasContent(body)) return rw.wrap(el, body, element, detail);
  return rw.raw(el, element, detail);
}

function hasContent(body: Element): boolean {
  return body.children.some((c) => isTag(c) || (c.type === 'text' && (c as unknown as { data: string }).data.trim() !== ''));
}

function codeBlock(rw: Rewriter, el: Element, name: string, params: Record<string, string>): string {
  const element = macroElement(name);
  if (firstChild(el, 'ac:rich-text-body') || childElements(el).some((c) => c.name !== 'ac:parameter' && c.name !== 'ac:plain-text-body')) {
    return rw.raw(el, element, `"${name}" macro with a body Markdown cannot express`);
  }
  let lang = params.language ?? 'none';
  if (name === 'noformat') rw.ctx.report(element, 'noformat macro becomes a code block (code macro, no language)', false);
  else if (lang !== 'none' && confluenceLanguage(lang) !== lang) {
    rw.ctx.report(element, `code language "${lang}" becomes "${confluenceLanguage(lang)}"`, false);
    lang = confluenceLanguage(lang);
  }
  const attrs = [`data-cf-lang="${esc(lang)}"`];
  if (params.title) attrs.push(`data-cf-title="${esc(params.title)}"`);
  if (params.linenumbers === 'true') attrs.push('data-cf-ln="true"');
  return `<pre ${attrs.join(' ')}><code>${esc(plainBody(el))}</code></pre>`;
}

function anchor(rw: Rewriter, el: Element, name: string): string {
  if (/^fn-\d+$/.test(name)) return ''; // our footnotes' anchors
  // the anchor a heading gets anyway (headingAnchorMacros): not something the author wrote
  const parent = el.parent;
  if (parent && isTag(parent) && /^h[1-6]$/.test(parent.name) && headingAnchor(headingText(parent)) === name) return '';
  // alone in its paragraph, `<a name>` would be an HTML block (no paragraph) on the way back
  const alone = parent && isTag(parent) && parent.name === 'p' && parent.children.every((c) => c === el || (c.type === 'text' && !(c as unknown as { data: string }).data.trim()));
  if (alone) return rw.inlineRaw(el, macroElement('anchor'), `anchor "${name}" alone in a paragraph`, '');
  return `<a data-cf-anchor="${esc(name)}"></a>`;
}
