import type { ChildNode } from 'domhandler';
import { isCDATA, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';

// The text a reader sees, for comparing our storage with reference HTML: text nodes and CDATA, a space around
// block-level elements (as a browser lays them out), whitespace collapsed. Macro parameters and script/style
// content are not visible. In HTML (the reference), CDATA is a bogus comment, as in a browser.
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'td', 'th', 'tr', 'table', 'tbody', 'thead', 'pre', 'blockquote', 'hr', 'br', 'h1',
  'h2', 'h3', 'h4', 'h5', 'h6', 'ac:structured-macro', 'ac:task', 'ac:task-list', 'ac:rich-text-body',
  'ac:plain-text-body', 'ac:task-body',
]);
const HIDDEN = new Set(['ac:parameter', 'script', 'style', 'ac:task-status']);

function collect(nodes: ChildNode[], out: string[]): void {
  for (const n of nodes) {
    if (isText(n)) out.push(n.data);
    else if (isCDATA(n)) collect(n.children as ChildNode[], out);
    else if (isTag(n)) {
      if (HIDDEN.has(n.name)) continue;
      const block = BLOCK.has(n.name);
      if (block) out.push(' ');
      collect(n.children as ChildNode[], out);
      if (block) out.push(' ');
    }
  }
}

export function visibleText(markup: string, xml: boolean): string {
  const doc = parseDocument(markup, { xmlMode: xml, recognizeCDATA: xml, decodeEntities: true });
  const out: string[] = [];
  collect(doc.children, out);
  return out.join('').replace(/\s+/g, ' ').trim();
}
