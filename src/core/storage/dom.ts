import type { ChildNode, Element } from 'domhandler';
import { isCDATA, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/**
 * Parses storage format leniently (as Confluence read-back can contain HTML entities and `<br>`): CDATA and
 * self-closing `<ri:page/>` are recognised, tag and attribute names are lower-cased. `offsets`: every node keeps its
 * source offsets (`startIndex`/`endIndex`, for verbatim slices).
 */
export function parseStorage(storage: string, offsets = false): ChildNode[] {
  return parseDocument(storage, {
    xmlMode: false,
    recognizeCDATA: true,
    recognizeSelfClosing: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    decodeEntities: true,
    ...(offsets ? { withStartIndices: true, withEndIndices: true } : {}),
  }).children;
}

/** Text content (CDATA included). */
export function textOf(nodes: ChildNode[] | ChildNode): string {
  const list = Array.isArray(nodes) ? nodes : [nodes];
  let s = '';
  for (const n of list) {
    if (isText(n)) s += n.data;
    else if (isCDATA(n) || isTag(n)) s += textOf(n.children as ChildNode[]);
  }
  return s;
}

/** Text of a heading as the reader sees it (macros inside it, such as anchors, have no visible text). */
export function headingText(el: Element): string {
  return textOf(el.children.filter((c) => !(isTag(c) && c.name === 'ac:structured-macro'))).trim();
}

export function childElements(el: Element, name?: string): Element[] {
  return el.children.filter((c): c is Element => isTag(c) && (name === undefined || c.name === name));
}

export function firstChild(el: Element, name: string): Element | undefined {
  return el.children.find((c): c is Element => isTag(c) && c.name === name);
}

/** Macro parameters by name (`ac:parameter ac:name="..."`). */
export function macroParams(el: Element): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of childElements(el, 'ac:parameter')) params[p.attribs['ac:name'] ?? ''] = textOf(p.children).trim();
  return params;
}

export function macroBody(el: Element): Element | undefined {
  return firstChild(el, 'ac:rich-text-body');
}

export function plainBody(el: Element): string {
  const body = firstChild(el, 'ac:plain-text-body');
  return body ? textOf(body.children) : '';
}

export const PANEL_MACROS = new Set(['info', 'tip', 'note', 'warning']);
