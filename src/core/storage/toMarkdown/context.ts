import type { ChildNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { githubSlug, headingAnchor } from '../../markdown/anchors';
import { headingText, macroParams } from '../dom';
import type { StorageToMarkdownOptions, UnconvertedElement } from './options';

/** Storage kept verbatim: a whole element (block or inline with a stand-in), or the open and close tags of a wrapper. */
export type RawEntry = { kind: 'element'; xml: string } | { kind: 'wrapper'; open: string; close: string };

/**
 * Text in every marker element: turndown drops elements without text (and what is in them), and a paragraph holding
 * only kept storage is not empty. Removed from the Markdown at the end.
 */
export const MARK = '\uE000';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Elements that are inline content (they sit inside a paragraph). */
const INLINE_ELEMENTS = new Set([
  'strong', 'b', 'em', 'i', 'a', 'span', 'code', 'tt', 'kbd', 'u', 'sub', 'sup', 'del', 's', 'strike', 'br', 'img',
  'time', 'ac:link', 'ac:image', 'ac:emoticon', 'ac:inline-comment-marker', 'ac:placeholder',
]);
/** Macros that are inline content wherever they are. */
const INLINE_MACROS = new Set(['status', 'jira', 'anchor', 'mention', 'profile-picture', 'contentbylabel-inline']);
/** Parents whose content is inline. */
const INLINE_PARENTS = new Set([
  ...INLINE_ELEMENTS, 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ac:link-body', 'ac:plain-text-link-body', 'pre', 'ac:caption',
]);
/** Parents that hold either blocks or inline content (list items, cells, task bodies). */
const MIXED_PARENTS = new Set(['li', 'td', 'th', 'ac:task-body']);

function isInlineNode(n: ChildNode): boolean {
  if (isText(n)) return n.data.trim() !== '';
  if (!isTag(n)) return false;
  if (n.name === 'ac:structured-macro' || n.name === 'ac:macro') return INLINE_MACROS.has(n.attribs['ac:name'] ?? '');
  return INLINE_ELEMENTS.has(n.name);
}

/** Per-conversion state: the source (for verbatim slices), the options, kept storage, the report, heading anchors. */
export class ConvertContext {
  readonly raws: RawEntry[] = [];
  readonly unconverted: UnconvertedElement[] = [];
  /** Confluence anchor -> Markdown fragment for this page's headings and anchor macros. */
  readonly anchors: Record<string, string> = Object.create(null);

  constructor(
    readonly source: string,
    readonly options: StorageToMarkdownOptions,
    nodes: ChildNode[],
  ) {
    this.collectAnchors(nodes);
  }

  report(element: string, detail: string, kept: boolean, xml?: string): void {
    const item: UnconvertedElement = xml === undefined ? { element, detail, kept } : { element, detail, kept, xml };
    this.unconverted.push(item);
    this.options.onUnconverted?.(item);
  }

  /** The element exactly as written in the source. */
  xmlOf(el: Element): string {
    return this.source.slice(el.startIndex ?? 0, (el.endIndex ?? -1) + 1);
  }

  /** Open and close tags of `el` around the content of `content` (el itself or a child such as ac:rich-text-body). */
  wrapperOf(el: Element, content: Element): { open: string; close: string } | undefined {
    const first = content.children[0];
    const last = content.children[content.children.length - 1];
    if (!first || !last || first.startIndex == null || last.endIndex == null) return undefined;
    return {
      open: this.source.slice(el.startIndex ?? 0, first.startIndex),
      close: this.source.slice(last.endIndex + 1, (el.endIndex ?? -1) + 1),
    };
  }

  addRaw(entry: RawEntry): number {
    this.raws.push(entry);
    return this.raws.length - 1;
  }

  /** Whether `el` is inline content where it stands (decides between inline and block forms). */
  inlineContext(el: Element): boolean {
    const parent = el.parent;
    const siblings = (parent?.children ?? []) as ChildNode[];
    // inline when next to text or an inline element (not next to a macro that may stand alone as a block)
    const at = siblings.indexOf(el);
    const neighbour = (step: number): ChildNode | undefined => {
      for (let i = at + step; i >= 0 && i < siblings.length; i += step) {
        const s = siblings[i];
        if (!(isText(s) && s.data.trim() === '')) return s;
      }
      return undefined;
    };
    const hasInlineSibling = [neighbour(-1), neighbour(1)].some((s) => !!s && (isText(s) || (isTag(s) && INLINE_ELEMENTS.has(s.name))));
    if (parent && isTag(parent)) {
      if (INLINE_PARENTS.has(parent.name)) return true;
      if (MIXED_PARENTS.has(parent.name)) {
        const blockSibling = siblings.some((s) => s !== el && isTag(s) && !isInlineNode(s));
        return !blockSibling && (hasInlineSibling || isInlineNode(el));
      }
    }
    return hasInlineSibling;
  }

  private collectAnchors(nodes: ChildNode[]): void {
    const texts: string[] = [];
    const named: string[] = [];
    const walk = (list: ChildNode[]): void => {
      for (const n of list) {
        if (!isTag(n)) continue;
        if (/^h[1-6]$/.test(n.name)) texts.push(headingText(n));
        if ((n.name === 'ac:structured-macro' || n.name === 'ac:macro') && n.attribs['ac:name'] === 'anchor') {
          const name = macroParams(n)[''] ?? '';
          if (name) named.push(name);
        }
        walk(n.children);
      }
    };
    walk(nodes);
    // the GitHub slug (-1, -2 for repeated headings, as anchorLookup counts them) that the forward converter maps
    // back to the Confluence anchor; headings win over anchor macros there, so here too
    const counts = new Map<string, number>();
    for (const text of texts) {
      const base = githubSlug(text);
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      this.anchors[headingAnchor(text)] ??= n === 0 ? base : `${base}-${n}`;
    }
    for (const name of named) this.anchors[name] ??= name;
  }
}
