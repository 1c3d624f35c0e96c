// Encrypted data is not a secret: it is what people publish *instead of* the secret. Flagging it trains them to
// click "Publish anyway". These are the spans of text that hold only ciphertext by their structure:
// - Bitnami sealed secrets: the entries under `encryptedData:` (YAML block or JSON object);
// - SOPS: `ENC[AES256_GCM,data:…]` values (also a placeholder form) and the `sops:` metadata block;
// - ansible-vault: `$ANSIBLE_VAULT;1.1;AES256` and the hex lines after it;
// - armored PGP messages and age files: `-----BEGIN PGP MESSAGE-----` / `-----BEGIN AGE ENCRYPTED FILE-----` to END.
// Private keys (`BEGIN … PRIVATE KEY`) are not ciphertext in this sense and stay findings.

export type Span = [number, number];

// Only armor (the armor headers RFC 4880 names, one blank line, base64 lines, `=checksum`, with YAML/quote
// indentation) up to the matching END line: a BEGIN line quoted in prose without a block after it hides nothing.
const ARMORED =
  /-----BEGIN (PGP MESSAGE|AGE ENCRYPTED FILE)-----[ \t]*(?:\r?\n[ \t>]*(?:Version|Comment|Hash|Charset|MessageID): [^\n]*)*(?:\r?\n[ \t>]*)?(?:\r?\n[ \t>]*[A-Za-z0-9+/=]+[ \t]*)*\r?\n[ \t>]*-----END \1-----/g;
const VAULT = /\$ANSIBLE_VAULT;\d+\.\d+;[A-Z0-9]+(?:;[\w.-]+)?[ \t]*(?:\r?\n[ \t>|]*[0-9a-f]{16,}[ \t]*)+/g;
const SOPS_VALUE = /ENC\[[A-Z0-9_]+,data:[^\]\n]*\]/g;
// YAML `encryptedData:` / `sops:` keys (a block follows), or JSON `"encryptedData": {`.
const BLOCK_KEY = /^([ \t]*(?:- )?)(?:encryptedData|encrypted_data|sops)[ \t]*:[ \t]*(?:#.*)?$/gm;
const JSON_KEY = /"(?:encryptedData|sops)"\s*:\s*\{/g;

/** Offsets [start, end) of ciphertext regions; cheap when none of their markers occur. */
export function encryptedSpans(text: string, lower: string): Span[] {
  const spans: Span[] = [];
  if (lower.includes('-----begin pgp message-----') || lower.includes('-----begin age encrypted file-----')) {
    for (const m of text.matchAll(ARMORED)) spans.push([m.index!, m.index! + m[0].length]);
  }
  if (text.includes('$ANSIBLE_VAULT;')) for (const m of text.matchAll(VAULT)) spans.push([m.index!, m.index! + m[0].length]);
  if (text.includes('ENC[')) for (const m of text.matchAll(SOPS_VALUE)) spans.push([m.index!, m.index! + m[0].length]);
  if (lower.includes('encrypteddata') || lower.includes('encrypted_data') || lower.includes('sops')) {
    for (const m of text.matchAll(BLOCK_KEY)) spans.push([m.index!, yamlBlockEnd(text, m.index! + m[0].length, m[1].length)]);
    for (const m of text.matchAll(JSON_KEY)) spans.push([m.index!, braceEnd(text, m.index! + m[0].length)]);
  }
  return spans;
}

/** End of the YAML block after a `key:` line: the first non-blank line indented no deeper than the key. */
function yamlBlockEnd(text: string, from: number, keyIndent: number): number {
  let pos = from;
  while (pos < text.length) {
    const lineStart = pos + 1;
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() !== '' && /^[ \t]*/.exec(line)![0].length <= keyIndent) return pos;
    pos = lineEnd;
  }
  return text.length;
}

/** Offset after the `}` closing the object whose `{` was just before `from` (bounded). */
function braceEnd(text: string, from: number): number {
  let depth = 1;
  const limit = Math.min(text.length, from + 200000);
  for (let i = from; i < limit; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return from;
}
