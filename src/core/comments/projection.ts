import { Tokenizer } from 'htmlparser2';

/**
 * The text of a storage-format body as a reader sees it, with where every character came from: the matcher searches
 * this text and maps what it finds back to storage offsets. Tokenized by htmlparser2's `Tokenizer` (entities decoded,
 * with their source indices). Inline-comment markers are transparent (their text belongs to the element around
 * them) and recorded; text that is not page text (macro parameters, CDATA code bodies) is left out; block boundaries
 * become a separator `\n` that has no storage position, so a match can never span two blocks.
 */

/** An element of the body (not markers): where its tags are and which characters it holds. */
export interface ProjectedElement {
  name: string;
  parent: number;
  depth: number;
  inline: boolean;
  /** Offset of `<` of the start tag, and just after the end tag (`>` of `</x>`, or of a self-closing tag). */
  openStart: number;
  closeEnd: number;
  /** First and last projected character inside it (-1 when none). */
  firstChar: number;
  lastChar: number;
}

/** An inline-comment marker of the body: its `ac:ref` and the projected characters it wraps [from, to). */
export interface ProjectedMarker {
  ref: string;
  from: number;
  to: number;
}

export interface ProjectedHeading {
  level: number;
  from: number;
  to: number;
  text: string;
}

export interface Projection {
  /** Page text, whitespace normalised to spaces one for one, `\n` at block boundaries. */
  text: string;
  /** Storage offset where character i starts / just after it ends (-1 for a block separator). */
  start: Int32Array;
  end: Int32Array;
  /** Innermost element (index into `elements`, -1 at the top level) holding character i. */
  container: Int32Array;
  elements: ProjectedElement[];
  markers: ProjectedMarker[];
  headings: ProjectedHeading[];
}

export const MARKER_TAG = 'ac:inline-comment-marker';

/** Elements whose text is not page text: a marker can never go there. */
const SKIPPED = new Set(['ac:parameter', 'ac:plain-text-body', 'ac:plain-text-link-body', 'ac:placeholder', 'script', 'style']);
/** Inline elements: a marker may wrap them whole. Everything else is a block (a boundary of the text). */
const INLINE = new Set([
  'a', 'abbr', 'b', 'big', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span',
  'strike', 'strong', 'sub', 'sup', 'tt', 'u', 'var', 'time', 'ac:link', 'ac:emoticon', 'ac:image', 'ac:link-body',
]);
const HEADING = /^h([1-6])$/;
const REF_ATTR = 'ac:ref';

/** Projects a storage-format body (well-formed, as Confluence stores it and as our converter writes it). */
export function projectStorage(storage: string): Projection {
  const chars: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const container: number[] = [];
  const elements: ProjectedElement[] = [];
  const markers: ProjectedMarker[] = [];
  const headings: ProjectedHeading[] = [];
  /** Open elements: index into `elements`, or -2 for a marker (markers stack separately). */
  const stack: number[] = [];
  const markerStack: ProjectedMarker[] = [];
  let skipDepth = 0;
  let tagName = '';
  let tagStart = 0;
  let attrName = '';
  let attrValue = '';
  let ref = '';
  let textPos = 0;
  const current = (): number => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i] >= 0) return stack[i];
    return -1;
  };
  const push = (ch: string, from: number, to: number): void => {
    const el = current();
    chars.push(/\s/.test(ch) ? ' ' : ch);
    start.push(from);
    end.push(to);
    container.push(el);
    for (let e = el; e >= 0; e = elements[e].parent) {
      if (elements[e].firstChar < 0) elements[e].firstChar = chars.length - 1;
      elements[e].lastChar = chars.length - 1;
    }
  };
  const separator = (): void => {
    if (chars.length && chars[chars.length - 1] !== '\n') {
      chars.push('\n');
      start.push(-1);
      end.push(-1);
      container.push(-1);
    }
  };
  const addText = (from: number, to: number): void => {
    if (skipDepth) return;
    for (let i = from; i < to; ) {
      const cp = storage.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      // Astral characters are two UTF-16 units: both map to the whole character.
      for (let k = 0; k < len; k++) push(storage[i + k], i, i + len);
      i += len;
    }
  };
  const openTag = (endIndex: number, selfClosing: boolean): void => {
    const name = tagName;
    if (name === MARKER_TAG) {
      const m: ProjectedMarker = { ref, from: chars.length, to: chars.length };
      markers.push(m);
      if (!selfClosing) {
        markerStack.push(m);
        stack.push(-2);
      }
      return;
    }
    const parent = current();
    const inline = INLINE.has(name) || name.startsWith('ri:');
    const el: ProjectedElement = {
      name, parent, depth: parent < 0 ? 1 : elements[parent].depth + 1, inline,
      openStart: tagStart, closeEnd: endIndex + 1, firstChar: -1, lastChar: -1,
    };
    elements.push(el);
    if (!inline) separator();
    if (name === 'br') separator();
    if (selfClosing) {
      if (!inline) separator();
      return;
    }
    stack.push(elements.length - 1);
    if (SKIPPED.has(name)) skipDepth++;
    const h = HEADING.exec(name);
    if (h) headings.push({ level: Number(h[1]), from: chars.length, to: chars.length, text: '' });
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext(from, to) {
        addText(from, to);
        textPos = to;
      },
      ontextentity(codepoint, endIndex) {
        if (!skipDepth) {
          const s = String.fromCodePoint(codepoint);
          for (const unit of s.length === 2 ? [s[0], s[1]] : [s]) push(unit, textPos, endIndex);
        }
        textPos = endIndex;
      },
      onattribentity(codepoint) {
        attrValue += String.fromCodePoint(codepoint);
      },
      onopentagname(from, to) {
        tagStart = from - 1;
        tagName = storage.slice(from, to).toLowerCase();
        ref = '';
      },
      onattribname(from, to) {
        attrName = storage.slice(from, to).toLowerCase();
        attrValue = '';
      },
      onattribdata(from, to) {
        attrValue += storage.slice(from, to);
      },
      onattribend() {
        if (attrName === REF_ATTR) ref = attrValue;
      },
      onopentagend(endIndex) {
        openTag(endIndex, false);
        textPos = endIndex + 1;
      },
      onselfclosingtag(endIndex) {
        openTag(endIndex, true);
        textPos = endIndex + 1;
      },
      onclosetag(from, to) {
        const name = storage.slice(from, to).toLowerCase();
        const gt = storage.indexOf('>', to);
        textPos = gt < 0 ? storage.length : gt + 1;
        const top = stack.pop();
        if (top === undefined) return;
        if (top === -2) {
          markerStack.pop()!.to = chars.length;
          return;
        }
        const el = elements[top];
        el.closeEnd = textPos;
        if (SKIPPED.has(el.name)) skipDepth = Math.max(0, skipDepth - 1);
        const h = HEADING.exec(name);
        if (h && headings.length) {
          const last = headings[headings.length - 1];
          last.to = chars.length;
          last.text = chars.slice(last.from, last.to).join('').trim();
        }
        if (!el.inline) separator();
      },
      oncdata(_from, _to, endOffset) {
        textPos = _to + endOffset;
      },
      oncomment(_from, _to, endOffset) {
        textPos = _to + endOffset;
      },
      ondeclaration(_from, to) {
        textPos = to + 1;
      },
      onprocessinginstruction(_from, to) {
        textPos = to + 1;
      },
      onend() {},
    },
  );
  tokenizer.write(storage);
  tokenizer.end();
  return {
    text: chars.join(''),
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    container: Int32Array.from(container),
    elements,
    markers,
    headings,
  };
}
