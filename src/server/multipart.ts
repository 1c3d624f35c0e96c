/** multipart/form-data of attachment uploads, parsed by busboy (the whole body is already in memory, size-limited). */
import type { IncomingHttpHeaders } from 'node:http';
import busboy from 'busboy';
import { badRequest } from './errors';

export interface Part {
  name: string;
  /** The file name a part was sent with (undefined for form fields). */
  filename?: string;
  /** The part's media type, without parameters (`text/plain` when the part gives none, as RFC 7578 says). */
  contentType?: string;
  data: Buffer;
}

/** True when the request's Content-Type is multipart/form-data (a boundary is checked by the parser). */
export function isFormData(contentType: string | undefined): boolean {
  return !!contentType && /^multipart\/form-data/i.test(contentType);
}

/**
 * The parts of a multipart/form-data `body`, in order. File names are kept as sent (UTF-8, `filename*=` decoded, no
 * path stripped), as the hand-written parser did. A body busboy cannot parse is a 400.
 */
export function parseMultipart(body: Buffer, headers: IncomingHttpHeaders): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        defParamCharset: 'utf8',
        preservePath: true,
        limits: { fieldSize: Infinity }, // the body's size is limited before it gets here
      });
    } catch (err) {
      reject(badRequest(`Malformed multipart body: ${(err as Error).message}`));
      return;
    }
    const parts: Part[] = [];
    // Resolved when the parser is done and every file part's stream has ended (their ends may come later).
    let open = 1;
    const done = (): void => {
      if (--open === 0) resolve(parts);
    };
    parser.on('file', (name, stream, info) => {
      const part: Part = { name, filename: info.filename, contentType: info.mimeType, data: Buffer.alloc(0) };
      parts.push(part);
      open++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => undefined); // a truncated part: the parser's own 'error' rejects
      stream.on('end', () => {
        part.data = Buffer.concat(chunks);
        done();
      });
    });
    parser.on('field', (name, value) => parts.push({ name, data: Buffer.from(value, 'utf8') }));
    parser.on('error', (err) => reject(badRequest(`Malformed multipart body: ${(err as Error).message}`)));
    parser.on('close', done);
    parser.end(body);
  });
}
