/**
 * Well-formedness check of Confluence storage format, answering the way Confluence's XML parser (Woodstox) words it:
 * `Error parsing xhtml: <message>\n at [row,col {unknown-source}]: [r,c]`.
 */
import { SaxesParser } from 'saxes';
import { decodeHTMLStrict } from 'entities';

export interface XhtmlProblem {
  message: string;
  row: number;
  col: number;
}

const NS = {
  ac: 'http://atlassian.com/content',
  ri: 'http://atlassian.com/resource/identifier',
  at: 'http://atlassian.com/template',
};
// The wrapper sits on the first line, so rows of the body are unchanged and columns on row 1 shift by its length.
const OPEN = '<root>';
const CLOSE = '</root>';

/** HTML named entities resolve through this map unless strict; XML's five are built into saxes. */
const htmlEntities: Record<string, string> = new Proxy({} as Record<string, string>, {
  get(_t, name) {
    if (typeof name !== 'string') return undefined;
    const ref = `&${name};`;
    const decoded = decodeHTMLStrict(ref);
    return decoded === ref ? undefined : decoded;
  },
});

/** Returns undefined when the storage is well-formed, else the first problem. */
export function checkStorage(storage: string, options: { strictEntities?: boolean } = {}): XhtmlProblem | undefined {
  // saxes reads an entity name up to the next ';', so a stray '&' must be found before parsing.
  const amp = findBadAmpersand(storage);
  const parser = new SaxesParser({ xmlns: true, additionalNamespaces: NS, position: true });
  if (!options.strictEntities) {
    const base = parser.ENTITIES;
    parser.ENTITIES = new Proxy(base, {
      get: (t, name) => (typeof name === 'string' && name in t ? t[name] : (htmlEntities as never)[name as string]),
    });
  }
  const stack: string[] = [];
  let problem: XhtmlProblem | undefined;
  const lines = storage.split('\n');
  const end = { row: lines.length, col: lines[lines.length - 1].length + 1 };
  const at = (): { row: number; col: number } => {
    const row = parser.line;
    // saxes columns count the character just read; on row 1 the wrapper shifts them.
    const col = parser.column - (row === 1 ? OPEN.length : 0);
    return { row, col: Math.max(1, col) };
  };
  // saxes unwinds open elements (emitting closetag) before reporting a mismatch; keep the stack as it was before.
  let before: string[] = [];
  let lastPos = -1;
  const remember = (): void => {
    if (parser.position !== lastPos) {
      before = stack.slice();
      lastPos = parser.position;
    }
  };
  parser.on('opentag', (t) => {
    remember();
    stack.push(t.name);
  });
  parser.on('closetag', () => {
    remember();
    stack.pop();
  });
  parser.on('error', (err) => {
    if (problem) return;
    const raw = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    const pos = at();
    const open = parser.position === lastPos ? before : stack;
    const pastEnd = pos.row > end.row || (pos.row === end.row && pos.col > end.col);
    if (pastEnd || raw.startsWith('unclosed tag') || raw.startsWith('unexpected end')) {
      const inner = open.filter((n) => n !== 'root');
      const last = inner[inner.length - 1];
      problem = { message: last ? `Unexpected EOF; was expecting a close tag for element <${last}>` : 'Unexpected EOF', ...end };
      return;
    }
    problem = { message: woodstoxWording(raw, open, lines[pos.row - 1] ?? '', pos.col), ...pos };
  });
  try {
    parser.write(OPEN).write(storage).write(CLOSE).close();
  } catch (err) {
    if (!problem) problem = { message: (err as Error).message, ...at() };
  }
  if (amp && (!problem || amp.row < problem.row || (amp.row === problem.row && amp.col < problem.col))) return amp;
  return problem;
}

/** First '&' outside CDATA/comments that does not start a reference `&name;` / `&#n;` / `&#xh;`. */
function findBadAmpersand(s: string): XhtmlProblem | undefined {
  const ref = /^&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);/;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '<' && s.startsWith('<![CDATA[', i)) {
      const e = s.indexOf(']]>', i);
      if (e < 0) return undefined;
      i = e + 3;
      continue;
    }
    if (c === '<' && s.startsWith('<!--', i)) {
      const e = s.indexOf('-->', i);
      if (e < 0) return undefined;
      i = e + 3;
      continue;
    }
    if (c === '&' && !ref.test(s.slice(i, i + 40))) {
      const before = s.slice(0, i + 1);
      const row = before.split('\n').length;
      const col = i + 2 - (before.lastIndexOf('\n') + 1);
      const next = s[i + 1] ?? '';
      const what = next ? `'${next}' (code ${next.charCodeAt(0)})` : 'EOF';
      return { message: `Unexpected character ${what}; expected a valid entity reference after '&'`, row, col };
    }
    i++;
  }
  return undefined;
}

function woodstoxWording(raw: string, stack: string[], line: string, col: number): string {
  const open = stack[stack.length - 1];
  if (raw.startsWith('unexpected close tag')) {
    const closing = /<\/([^\s>]*)\s*>?$/.exec(line.slice(0, col + (line === '' ? 0 : 0)).replace(/^.*(?=<\/)/, ''));
    const name = closing?.[1];
    return open && open !== 'root'
      ? `Unexpected close tag </${name ?? '?'}>; expected </${open}>.`
      : `Unexpected close tag </${name ?? '?'}>.`;
  }
  const entity = /^undefined entity/i.test(raw);
  if (entity) {
    const m = /&([^;&\s]*);?$/.exec(line.slice(0, col));
    return `Undeclared general entity "${m?.[1] ?? ''}"`;
  }
  if (raw.includes(']]>')) return "String ']]>' not allowed in textual content, except as the end marker of CDATA section";
  if (raw.startsWith('attribute without value')) return "Unexpected character; expected '=' after attribute name";
  if (raw.startsWith('unquoted attribute value')) return 'Unexpected character; expected a quote character enclosing the attribute value';
  if (raw.startsWith('disallowed character in tag name')) {
    const ch = line[col - 1] ?? ' ';
    return `Unexpected character '${ch}' (code ${ch.charCodeAt(0)}) in content after '<' (malformed start element?).`;
  }
  if (raw.startsWith('unbound namespace prefix')) return `Undeclared namespace prefix ${raw.replace(/^unbound namespace prefix: /, '').replace(/\.$/, '')}`;
  return raw.charAt(0).toUpperCase() + raw.slice(1);
}

/** The message Confluence puts in its 400 answer. */
export function formatXhtmlError(p: XhtmlProblem): string {
  return `Error parsing xhtml: ${p.message}\n at [row,col {unknown-source}]: [${p.row},${p.col}]`;
}
