import type { ChildNode, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { childElements, firstChild, macroBody, macroParams, plainBody } from '../dom';
import { esc } from './context';

// A diagram we published (src/core/markdown/diagramBlocks.ts) reads back as the fenced block it came from: the image
// of a `diagram-<16 hex>.svg|png` attachment, alone in its paragraph, with its source in the expand that follows
// ("Mermaid source" / "PlantUML source", exact) or else in the alt text (line breaks kept as `&#10;`).

const DIAGRAM_FILE = /^diagram-[0-9a-f]{16}\.(svg|png)$/;
const SOURCE_TITLES: Record<string, string> = { 'Mermaid source': 'mermaid', 'PlantUML source': 'plantuml' };
/** The forward converter cuts longer alt texts (ALT_MAX): such a source is not whole, the image stays an image. */
const ALT_MAX = 2000;

const blank = (c: ChildNode): boolean => c.type === 'text' && !(c as unknown as { data: string }).data.trim();

function nextElement(el: Element): Element | undefined {
  for (let n = el.next; n; n = n.next) {
    if (isTag(n)) return n;
    if (!blank(n)) return undefined;
  }
  return undefined;
}

/** The source kept in an expand after the image: `{ language, source }`, or undefined when the element is not one. */
function expandSource(el: Element | undefined): { language: string; source: string } | undefined {
  if (!el || el.name !== 'ac:structured-macro' || el.attribs['ac:name'] !== 'expand') return undefined;
  const language = SOURCE_TITLES[macroParams(el).title ?? ''];
  const body = macroBody(el);
  const inner = body ? childElements(body) : [];
  if (!language || inner.length !== 1 || inner[0].attribs['ac:name'] !== 'code' || body!.children.some((c) => !isTag(c) && !blank(c))) return undefined;
  return { language, source: plainBody(inner[0]) };
}

/**
 * A paragraph holding only one of our diagram images: the fenced block (as `<pre data-cf-lang>` for turndown), and
 * the expand with its source, which the caller skips (`consumed`). Undefined for any other paragraph.
 */
export function diagramParagraph(el: Element, consumed: Set<Element>): string | undefined {
  const content = el.children.filter((c) => !blank(c));
  const image = content.length === 1 && isTag(content[0]) && content[0].name === 'ac:image' ? content[0] : undefined;
  const file = image && firstChild(image, 'ri:attachment')?.attribs['ri:filename'];
  if (!image || !file || !DIAGRAM_FILE.test(file)) return undefined;
  const expanded = expandSource(nextElement(el));
  let found = expanded;
  if (expanded) consumed.add(nextElement(el)!);
  else {
    const alt = image.attribs['ac:alt'];
    if (!alt || alt.length >= ALT_MAX) return undefined;
    found = { language: /^\s*@start/.test(alt) ? 'plantuml' : 'mermaid', source: alt };
  }
  return `<pre data-cf-lang="${found!.language}"><code>${esc(found!.source.replace(/\n$/, ''))}</code></pre>`;
}
