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

/**
 * Checks that a storage-format fragment is well-formed XML (the way Confluence parses it): every tag closed and
 * nested, attributes quoted, no stray `&` or `<`, CDATA and comments correct, no forbidden characters, and the
 * `ac:`/`ri:` prefixes bound. Line and column are 1-based positions in `storage`.
 */
export function isWellFormedStorage(storage: string): WellFormedResult {
  const parser = new SaxesParser({ xmlns: true, fragment: true, additionalNamespaces: NAMESPACES, position: true });
  (parser as unknown as { ENTITIES: Record<string, string> }).ENTITIES = XHTML_ENTITIES;
  let error = undefined as WellFormedError | undefined;
  parser.on('error', (err) => {
    if (!error) {
      // saxes reports "line:column: message" with the column after the offending character
      const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(err.message);
      error = m
        ? { ok: false, line: Number(m[1]), column: Math.max(1, Number(m[2])), message: m[3] }
        : { ok: false, line: parser.line, column: parser.column, message: err.message };
    }
  });
  try {
    parser.write(storage).close();
  } catch (err) {
    if (!error) error = { ok: false, line: parser.line, column: parser.column, message: (err as Error).message };
  }
  if (!error) return { ok: true };
  // saxes reads a stray "&" as the start of an entity and only complains at the end of the input: point at the "&"
  const amp = firstBareAmpersand(storage);
  if (amp && (amp.line < error.line || (amp.line === error.line && amp.column <= error.column))) {
    return { ok: false, ...amp, message: 'unescaped "&" (write &amp;)' };
  }
  return error;
}

const BARE_AMP = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g;

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
