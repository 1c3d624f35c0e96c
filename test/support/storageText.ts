/**
 * Storage with numeric character references written as the characters they stand for (except the ones escapeXml
 * itself writes as references). A reference the author wrote in Markdown (`&copy;` -> `&#169;`) comes back from
 * Confluence as the plain character, so a round trip compares the same XML text this way, not the same bytes.
 */
export function withCharactersForReferences(storage: string): string {
  return storage.replace(/&#(\d+);/g, (ref, code: string) => {
    const ch = String.fromCodePoint(Number(code));
    return /[&<>"\u00A0\u00AD\u200B]/.test(ch) ? ref : ch;
  });
}
