// Inline suppression comments, one syntax for every rule:
//   <!-- confluence-secrets-ignore-next-line -->   the next non-blank line
//   <!-- confluence-secrets-ignore-line -->        the line the comment is on
//   <!-- confluence-secrets-ignore-start --> … <!-- confluence-secrets-ignore-end -->   every line between
// `#`/`//` comment forms (`# confluence-secrets-ignore-next-line`) work too, for code blocks.
import type { LineIndex } from './text';

const DIRECTIVE = /confluence-secrets-ignore-(next-line|line|start|end)\b/g;

/** 0-based line numbers whose findings are suppressed. */
export function suppressedLines(text: string, lines: LineIndex): Set<number> {
  const out = new Set<number>();
  if (!text.includes('confluence-secrets-ignore-')) return out;
  let blockStart: number | undefined;
  for (const m of text.matchAll(DIRECTIVE)) {
    const line = lines.lineOf(m.index!);
    switch (m[1]) {
      case 'line':
        out.add(line);
        break;
      case 'next-line': {
        out.add(line);
        let next = line + 1;
        while (next < lines.lineCount && lines.lineText(next).trim() === '') next++;
        out.add(next);
        break;
      }
      case 'start':
        blockStart ??= line;
        break;
      case 'end':
        if (blockStart !== undefined) for (let l = blockStart; l <= line; l++) out.add(l);
        blockStart = undefined;
        break;
    }
  }
  // An unterminated block runs to the end of the document.
  if (blockStart !== undefined) for (let l = blockStart; l < lines.lineCount; l++) out.add(l);
  return out;
}
