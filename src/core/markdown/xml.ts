// XML helpers for Confluence storage format. Storage is parsed as strict XML by Confluence, so everything we emit
// goes through these: only the five XML entities, no forbidden control characters, CDATA split around "]]>".

// Characters XML 1.0 forbids (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
const INVALID_XML_SOURCE =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const INVALID_XML_CHARS = new RegExp(INVALID_XML_SOURCE, 'g');

// One character class: V8 scans clean text with it far faster than with the precise pattern, which only runs when
// this finds a candidate (a surrogate may still be part of a valid pair).
const MAYBE_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function stripInvalidXmlChars(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(INVALID_XML_CHARS, '') : text;
}

// Invisible characters (no-break space, soft hyphen, zero-width space) are written as numeric references so the
// storage stays readable; everything else non-ASCII is literal UTF-8.
const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\u00A0': '&#160;', '\u00AD': '&#173;', '\u200B': '&#8203;',
};
const TEXT_SPECIAL = /[&<>"\u00A0\u00AD\u200B]/g;
const TEXT_SPECIAL_TEST = /[&<>"\u00A0\u00AD\u200B]/;

/** Escapes text for element content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  const clean = stripInvalidXmlChars(text);
  return TEXT_SPECIAL_TEST.test(clean) ? clean.replace(TEXT_SPECIAL, (c) => TEXT_ESCAPES[c]) : clean;
}

/**
 * Text as character references: the five XML ones for markup characters, numeric ones (`&#169;`) for the rest. HTML's
 * named references (`&copy;`) are not defined in XML, so a reference the author wrote stays a reference this way.
 */
export function numericReferences(text: string): string {
  let out = '';
  for (const ch of stripInvalidXmlChars(text)) out += TEXT_ESCAPES[ch] ?? `&#${ch.codePointAt(0)};`;
  return out;
}

/** A CDATA section holding `text` verbatim; "]]>" is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${stripInvalidXmlChars(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
