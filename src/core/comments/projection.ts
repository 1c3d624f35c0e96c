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
  return new Projector(storage).run();
}

/** The tokenizer's callbacks and what they build. */
class Projector {
  /** Projected UTF-16 code units and their offsets/elements, grown as needed (a 1 MB body projects in milliseconds). */
  private units: Uint16Array;
  private start: Int32Array;
  private end: Int32Array;
  private container: Int32Array;
  private length = 0;
  private readonly elements: ProjectedElement[] = [];
  private readonly markers: ProjectedMarker[] = [];
  private readonly headings: ProjectedHeading[] = [];
  /** Open elements: index into `elements`, or -2 for a marker (markers stack separately). */
  private readonly stack: number[] = [];
  private readonly markerStack: ProjectedMarker[] = [];
  private skipDepth = 0;
  private tagName = '';
  private tagStart = 0;
  private attrName = '';
  private attrValue = '';
  private ref = '';
  /** Where the text after the last token starts (entities report only their end). */
  private textPos = 0;

  constructor(private readonly storage: string) {
    const capacity = storage.length + 64;
    this.units = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.container = new Int32Array(capacity);
  }

  run(): Projection {
    const storage = this.storage;
    const tokenizer = new Tokenizer(
      { xmlMode: false, decodeEntities: true },
      {
        ontext: (from, to) => {
          this.addText(from, to);
          this.textPos = to;
        },
        ontextentity: (codepoint, endIndex) => {
          if (!this.skipDepth) {
            const s = String.fromCodePoint(codepoint);
            const el = this.current();
            for (let k = 0; k < s.length; k++) this.push(s.charCodeAt(k), this.textPos, endIndex, el);
          }
          this.textPos = endIndex;
        },
        onattribentity: (codepoint) => {
          this.attrValue += String.fromCodePoint(codepoint);
        },
        onopentagname: (from, to) => {
          this.tagStart = from - 1;
          this.tagName = storage.slice(from, to).toLowerCase();
          this.ref = '';
        },
        onattribname: (from, to) => {
          this.attrName = storage.slice(from, to).toLowerCase();
          this.attrValue = '';
        },
        onattribdata: (from, to) => {
          this.attrValue += storage.slice(from, to);
        },
        onattribend: () => {
          if (this.attrName === REF_ATTR) this.ref = this.attrValue;
        },
        onopentagend: (endIndex) => this.openTag(endIndex, false),
        onselfclosingtag: (endIndex) => this.openTag(endIndex, true),
        onclosetag: (from, to) => this.closeTag(from, to),
        oncdata: (_from, to, endOffset) => {
          this.textPos = to + endOffset;
        },
        oncomment: (_from, to, endOffset) => {
          this.textPos = to + endOffset;
        },
        ondeclaration: (_from, to) => {
          this.textPos = to + 1;
        },
        onprocessinginstruction: (_from, to) => {
          this.textPos = to + 1;
        },
        onend: () => undefined,
      },
    );
    tokenizer.write(storage);
    tokenizer.end();
    const n = this.length;
    return {
      text: this.textOf(0, n),
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
      container: this.container.slice(0, n),
      elements: this.elements,
      markers: this.markers,
      headings: this.headings,
    };
  }

  private current(): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i] >= 0) return this.stack[i];
    return -1;
  }

  private textOf(from: number, to: number): string {
    let out = '';
    for (let i = from; i < to; i += 8192) out += String.fromCharCode(...this.units.subarray(i, Math.min(to, i + 8192)));
    return out;
  }

  private grow(): void {
    const size = this.units.length * 2;
    const more = <T extends Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.units = more(this.units, (n) => new Uint16Array(n));
    this.start = more(this.start, (n) => new Int32Array(n));
    this.end = more(this.end, (n) => new Int32Array(n));
    this.container = more(this.container, (n) => new Int32Array(n));
  }

  /** One UTF-16 unit of page text; whitespace becomes a space. Only the innermost element's range is updated here. */
  private push(unit: number, from: number, to: number, el: number): void {
    if (this.length === this.units.length) this.grow();
    const at = this.length++;
    this.units[at] = unit === 0x20 || (unit >= 0x09 && unit <= 0x0d) || unit === 0xa0 || unit === 0x2028 || unit === 0x2029 || unit === 0xfeff ? 0x20 : unit;
    this.start[at] = from;
    this.end[at] = to;
    this.container[at] = el;
    if (el >= 0) {
      const e = this.elements[el];
      if (e.firstChar < 0) e.firstChar = at;
      e.lastChar = at;
    }
  }

  private separator(): void {
    if (this.length && this.units[this.length - 1] !== 0x0a) {
      if (this.length === this.units.length) this.grow();
      const at = this.length++;
      this.units[at] = 0x0a;
      this.start[at] = -1;
      this.end[at] = -1;
      this.container[at] = -1;
    }
  }

  private addText(from: number, to: number): void {
    if (this.skipDepth) return;
    const storage = this.storage;
    const el = this.current();
    for (let i = from; i < to; i++) {
      const unit = storage.charCodeAt(i);
      // Astral characters are two UTF-16 units: both map to the whole character.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < to) {
        this.push(unit, i, i + 2, el);
        this.push(storage.charCodeAt(i + 1), i, i + 2, el);
        i++;
      } else this.push(unit, i, i + 1, el);
    }
  }

  private openTag(endIndex: number, selfClosing: boolean): void {
    this.textPos = endIndex + 1;
    const name = this.tagName;
    if (name === MARKER_TAG) {
      const m: ProjectedMarker = { ref: this.ref, from: this.length, to: this.length };
      this.markers.push(m);
      if (!selfClosing) {
        this.markerStack.push(m);
        this.stack.push(-2);
      }
      return;
    }
    const parent = this.current();
    const inline = INLINE.has(name) || name.startsWith('ri:');
    this.elements.push({
      name, parent, depth: parent < 0 ? 1 : this.elements[parent].depth + 1, inline,
      openStart: this.tagStart, closeEnd: endIndex + 1, firstChar: -1, lastChar: -1,
    });
    if (!inline || name === 'br') this.separator();
    if (selfClosing) {
      if (!inline) this.separator();
      return;
    }
    this.stack.push(this.elements.length - 1);
    if (SKIPPED.has(name)) this.skipDepth++;
    const h = HEADING.exec(name);
    if (h) this.headings.push({ level: Number(h[1]), from: this.length, to: this.length, text: '' });
  }

  private closeTag(from: number, to: number): void {
    const name = this.storage.slice(from, to).toLowerCase();
    const gt = this.storage.indexOf('>', to);
    this.textPos = gt < 0 ? this.storage.length : gt + 1;
    const top = this.stack.pop();
    if (top === undefined) return;
    if (top === -2) {
      this.markerStack.pop()!.to = this.length;
      return;
    }
    const el = this.elements[top];
    el.closeEnd = this.textPos;
    // The parent holds every character its child holds.
    const parent = el.parent >= 0 ? this.elements[el.parent] : undefined;
    if (parent && el.firstChar >= 0) {
      if (parent.firstChar < 0) parent.firstChar = el.firstChar;
      parent.lastChar = Math.max(parent.lastChar, el.lastChar);
    }
    if (SKIPPED.has(el.name)) this.skipDepth = Math.max(0, this.skipDepth - 1);
    if (HEADING.test(name) && this.headings.length) {
      const last = this.headings[this.headings.length - 1];
      last.to = this.length;
      last.text = this.textOf(last.from, last.to).trim();
    }
    if (!el.inline) this.separator();
  }
}
