import assert from 'node:assert/strict';
import { parseMultipart } from '../../../src/server/multipart';
import { ApiError } from '../../../src/server/errors';

// The local server's multipart/form-data parsing (busboy): what a v1 attachment upload sends.
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const res = new Response(form);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

const raw = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

describe('local server: multipart uploads (busboy)', () => {
  it('reads the file part (name, media type, bytes) and the comment and minorEdit fields', async () => {
    const form = new FormData();
    const bytes = new Uint8Array([0, 1, 2, 255, 13, 10, 45, 45]);
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'Größe ü.png');
    form.append('comment', 'sha256:abc – ü');
    form.append('minorEdit', 'true');
    const { body, contentType } = await encode(form);
    const parts = await parseMultipart(body, { 'content-type': contentType });
    assert.deepEqual(
      parts.map((p) => ({ ...p, data: [...p.data] })),
      [
        { name: 'file', filename: 'Größe ü.png', contentType: 'image/png', data: [...bytes] },
        { name: 'comment', data: [...Buffer.from('sha256:abc – ü')] },
        { name: 'minorEdit', data: [...Buffer.from('true')] },
      ],
    );
  });

  it("decodes filename*=UTF-8'' names, keeps paths; a part without Content-Type is text/plain (RFC 7578)", async () => {
    const body = raw([
      '--XyZ',
      `Content-Disposition: form-data; name="file"; filename*=UTF-8''%C3%A9t%C3%A9.txt`,
      '',
      'summer',
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="dir/a.txt"',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'x',
      '--XyZ--',
      '',
    ]);
    const parts = await parseMultipart(body, { 'content-type': 'multipart/form-data; boundary=XyZ' });
    assert.deepEqual(
      parts.map((p) => [p.filename, p.contentType, p.data.toString()]),
      [
        ['été.txt', 'text/plain', 'summer'],
        ['dir/a.txt', 'text/plain', 'x'],
      ],
    );
  });

  it('a truncated body or a Content-Type without boundary is a 400', async () => {
    const truncated = raw(['--XyZ', 'Content-Disposition: form-data; name="file"; filename="a.png"', '', 'abc']);
    await assert.rejects(parseMultipart(truncated, { 'content-type': 'multipart/form-data; boundary=XyZ' }), (e: unknown) => e instanceof ApiError && e.status === 400 && /Malformed multipart body/.test(e.message));
    await assert.rejects(parseMultipart(Buffer.from('x'), { 'content-type': 'multipart/form-data' }), (e: unknown) => e instanceof ApiError && e.status === 400);
  });
});
