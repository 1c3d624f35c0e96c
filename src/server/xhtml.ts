/**
 * Well-formedness check of Confluence storage format, answering the way Confluence's XML parser (Woodstox) words it:
 * `Error parsing xhtml: <message>\n at [row,col {unknown-source}]: [r,c]`.
 */
import { scanStorageXml } from '../core';

export interface XhtmlProblem {
  message: string;
  row: number;
  col: number;
}

/** Returns undefined when the storage is well-formed, else the first problem (core's XML pass, Woodstox's words). */
export function checkStorage(storage: string, options: { strictEntities?: boolean } = {}): XhtmlProblem | undefined {
  const scan = scanStorageXml(storage, { entities: options.strictEntities ? 'xml' : 'xhtml' });
  const lines = storage.split('\n');
  const amp = scan.bareAmpersand && badAmpersand(lines, scan.bareAmpersand);
  const p = scan.problem;
  let problem: XhtmlProblem | undefined;
  if (p && (p.atEnd || p.message.startsWith('unclosed tag') || p.message.startsWith('unexpected end'))) {
    // Woodstox reports a construct left open at the end of the document.
    const last = p.openElements[p.openElements.length - 1];
    const end = { row: lines.length, col: lines[lines.length - 1].length + 1 };
    problem = { message: last ? `Unexpected EOF; was expecting a close tag for element <${last}>` : 'Unexpected EOF', ...end };
  } else if (p) {
    problem = { message: woodstoxWording(p.message, p.openElements, lines[p.line - 1] ?? '', p.column), row: p.line, col: p.column };
  }
  if (amp && (!problem || amp.row < problem.row || (amp.row === problem.row && amp.col < problem.col))) return amp;
  return problem;
}

/** Woodstox points just after the '&' and names the character that follows it. */
function badAmpersand(lines: string[], at: { line: number; column: number }): XhtmlProblem {
  const line = lines[at.line - 1] ?? '';
  const next = line[at.column] ?? (at.line < lines.length ? '\n' : '');
  const what = next ? `'${next}' (code ${next.charCodeAt(0)})` : 'EOF';
  return { message: `Unexpected character ${what}; expected a valid entity reference after '&'`, row: at.line, col: at.column + 1 };
}

function woodstoxWording(raw: string, stack: string[], line: string, col: number): string {
  const open = stack[stack.length - 1];
  if (raw.startsWith('unexpected close tag')) {
    const closing = /<\/([^\s>]*)\s*>?$/.exec(line.slice(0, col + (line === '' ? 0 : 0)).replace(/^.*(?=<\/)/, ''));
    const name = closing?.[1];
    return open
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
