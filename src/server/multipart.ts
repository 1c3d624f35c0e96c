/** Minimal multipart/form-data parser for attachment uploads (fields and files, whole body in memory). */
import { badRequest } from './errors';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]).trim() : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest('Malformed multipart body: boundary not found');
  while (true) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw badRequest('Malformed multipart body: part without headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw badRequest('Malformed multipart body: missing closing boundary');
    // The part's data ends before the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    const part: Part = { name: '', data: Buffer.from(data) };
    for (const h of headers) {
      const [k, ...rest] = h.split(':');
      const v = rest.join(':').trim();
      if (/^content-disposition$/i.test(k)) {
        part.name = /\bname="([^"]*)"/i.exec(v)?.[1] ?? '';
        const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(v);
        const plain = /\bfilename="([^"]*)"/i.exec(v);
        if (star) part.filename = decodeURIComponent(star[1].replace(/^"|"$/g, ''));
        else if (plain) part.filename = plain[1];
      } else if (/^content-type$/i.test(k)) part.contentType = v;
    }
    parts.push(part);
    pos = next;
  }
  return parts;
}
