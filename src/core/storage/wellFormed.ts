import { decodeHTMLStrict } from 'entities';
import { SaxesParser } from 'saxes';

export type WellFormedError = { ok: false; line: number; column: number; message: string };
export type WellFormedResult = { ok: true } | WellFormedError;

const NAMESPACES = {
  ac: 'http://atlassian.com/content',
  ri: 'http://atlassian.com/resource/identifier',
  at: 'http://atlassian.com/template',
};

// Confluence reads storage with the XHTML entity set (&nbsp;, &mdash; ...), so those are defined; anything else
// named is an error, as in Confluence.
const XHTML_ENTITIES: Record<string, string> = new Proxy({} as Record<string, string>, {
  get(_target, name) {
    if (typeof name !== 'string') return undefined;
    const decoded = decodeHTMLStrict(`&${name};`);
    return decoded === `&${name};` ? undefined : decoded;
  },
});

/** The first problem saxes found, with the elements open at that point (innermost last). */
export interface StorageXmlProblem {
  line: number;
  column: number;
  /** saxes' wording, without its position prefix. */
  message: string;
  openElements: string[];
  /** Raised at the end of the input (an element or construct left open). */
  atEnd: boolean;
}

export interface StorageXmlScan {
  problem?: StorageXmlProblem;
  /** The first `&` outside CDATA and comments that does not start a reference (saxes reports those late). */
  bareAmpersand?: { line: number; column: number };
}

/**
 * One XML pass over a storage-format fragment, the way Confluence parses it (`ac:`/`ri:`/`at:` prefixes bound).
 * `entities: 'xhtml'` (default) defines the XHTML named entities as Confluence does; `'xml'` only XML's five.
 * Callers word the result: `isWellFormedStorage` for the publisher, the local server as Confluence's 400 answer.
 */
export function scanStorageXml(storage: string, options: { entities?: 'xhtml' | 'xml' } = {}): StorageXmlScan {
  // A wrapper element makes the fragment one document, so an element left open is reported as at the end. It sits
  // on the first line: rows are unchanged and columns on row 1 shift by its length.
  const OPEN = '<root>';
  const parser = new SaxesParser({ xmlns: true, additionalNamespaces: NAMESPACES, position: true });
  if (options.entities !== 'xml') (parser as unknown as { ENTITIES: Record<string, string> }).ENTITIES = XHTML_ENTITIES;
  const stack: string[] = [];
  // saxes unwinds open elements (emitting closetag) before reporting a mismatch: keep the stack as it was before.
  let before: string[] = [];
  let lastPos = -1;
  const remember = (): void => {
    if (parser.position !== lastPos) {
      before = stack.slice();
      lastPos = parser.position;
    }
  };
  parser.on('opentag', (tag) => {
    remember();
    stack.push(tag.name);
  });
  parser.on('closetag', () => {
    remember();
    stack.pop();
  });
  let closing = false;
  const lines = storage.split('\n');
  const pastEnd = (line: number, column: number): boolean =>
    line > lines.length || (line === lines.length && column > lines[lines.length - 1].length + 1);
  let problem: StorageXmlProblem | undefined;
  const open = (): string[] => (parser.position === lastPos ? before : stack).slice(1);
  parser.on('error', (err) => {
    if (problem) return;
    // saxes reports "line:column: message" with the column after the offending character
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(err.message);
    const line = parser.line;
    const column = Math.max(1, parser.column - (line === 1 ? OPEN.length : 0));
    problem = { line, column, message: m ? m[3] : err.message, openElements: open(), atEnd: closing && pastEnd(line, column) };
  });
  try {
    parser.write(OPEN).write(storage);
    closing = true;
    parser.write('</root>').close();
  } catch (err) {
    if (!problem) problem = { line: parser.line, column: parser.column, message: (err as Error).message, openElements: open(), atEnd: closing };
  }
  return { problem, bareAmpersand: firstBareAmpersand(storage) };
}

/**
 * Checks that a storage-format fragment is well-formed XML (the way Confluence parses it): every tag closed and
 * nested, attributes quoted, no stray `&` or `<`, CDATA and comments correct, no forbidden characters, and the
 * `ac:`/`ri:` prefixes bound. Line and column are 1-based positions in `storage`.
 */
export function isWellFormedStorage(storage: string): WellFormedResult {
  const { problem: found, bareAmpersand: amp } = scanStorageXml(storage);
  let problem = found;
  if (!problem) return { ok: true };
  if (problem.atEnd) {
    const last = problem.openElements[problem.openElements.length - 1];
    const lines = storage.split('\n');
    const end = { line: lines.length, column: lines[lines.length - 1].length + 1 };
    problem = { ...problem, ...end, message: last ? `unclosed tag: ${last}` : `unexpected end of input: ${problem.message}` };
  }
  // saxes reads a stray "&" as the start of an entity and only complains at the end of the input: point at the "&"
  if (amp && (amp.line < problem.line || (amp.line === problem.line && amp.column <= problem.column))) {
    return { ok: false, ...amp, message: 'unescaped "&" (write &amp;)' };
  }
  return { ok: false, line: problem.line, column: problem.column, message: problem.message };
}

// An entity reference is `&name;` (an XML Name) or a character reference; any other `&` is bare.
// An unterminated CDATA section or comment hides the rest of the input (saxes reports it instead).
const BARE_AMP = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|&(?![A-Za-z_:][\w.:-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g;

function firstBareAmpersand(storage: string): { line: number; column: number } | undefined {
  BARE_AMP.lastIndex = 0;
  for (let m = BARE_AMP.exec(storage); m; m = BARE_AMP.exec(storage)) {
    if (m[0] !== '&') continue;
    const before = storage.slice(0, m.index);
    const line = (before.match(/\n/g)?.length ?? 0) + 1;
    return { line, column: m.index - before.lastIndexOf('\n') };
  }
  return undefined;
}
