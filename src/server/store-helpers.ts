/** Small rules of the content model: storage normalisation on save, attachment ids, XML escaping. */
import { ApiError } from './errors';

/**
 * What Confluence does to storage on save (a subset): `ac:schema-version` and `ac:macro-id` on structured macros,
 * `<b>`/`<i>` → `<strong>`/`<em>`. CDATA sections are left alone.
 */
export function normalizeStorage(storage: string): string {
  return storage
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part
        : part
            .replace(/<ac:structured-macro\b([^>]*?)(\/?)>/g, (_m, attrs: string, selfClose: string) => {
              let a = attrs;
              if (!/\bac:schema-version=/.test(a)) a += ' ac:schema-version="1"';
              if (!/\bac:macro-id=/.test(a)) a += ` ac:macro-id="${randomUuid()}"`;
              return `<ac:structured-macro${a}${selfClose}>`;
            })
            .replace(/<(\/?)b(?=[\s>\/])/g, '<$1strong')
            .replace(/<(\/?)i(?=[\s>\/])/g, '<$1em'),
    )
    .join('');
}

export function stripAtt(id: string): string {
  return id.startsWith('att') ? id.slice(3) : id;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}

/** Confluence keeps a content property value to 32 KB of JSON; longer ones are refused (413, "value too long"). */
export const MAX_PROPERTY_VALUE_BYTES = 32768;

export function checkPropertySize(value: unknown): void {
  const size = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (size > MAX_PROPERTY_VALUE_BYTES) throw new ApiError(413, `Content property value too long: ${size} bytes, at most ${MAX_PROPERTY_VALUE_BYTES}`);
}

export const DUPLICATE_TITLE = 'A page with this title already exists: A page already exists with the same TITLE in this space';
/** Characters Confluence refuses in label names (plus whitespace). */
export const LABEL_FORBIDDEN = /[\s!#&()*,.:;<>?@[\]^]/;
