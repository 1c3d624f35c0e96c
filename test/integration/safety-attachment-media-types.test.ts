/**
 * Attachments of every allowed type are uploaded with their media type (one table beside the attachment policy),
 * by the sync and by `confluence create/update --body-file`; the server records what the client sent.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectConfluence } from '../../src/core/confluence/index';
import { useCliHarness } from './cli-client-harness';

describe('safety: attachments keep their media type', function () {
  this.timeout(60000);
  const h = useCliHarness();
  const FILES: Record<string, [string | Buffer, string]> = {
    'data.csv': ['a,b\n1,2\n', 'text/csv'],
    'notes.txt': ['plain notes\n', 'text/plain'],
    'settings.json': ['{"a":1}\n', 'application/json'],
    'values.yaml': ['a: 1\n', 'application/yaml'],
    'manual.pdf': [Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf'],
    'sheet.xlsx': [Buffer.from('PK\x03\x04'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    'report.docx': [Buffer.from('PK\x03\x04'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  };
  const links = Object.keys(FILES).map((f) => `- [${f}](${f})`).join('\n');

  const mediaTypes = async (pageId: string): Promise<Record<string, string | undefined>> => {
    const api = await connectConfluence({ baseUrl: h.server.cloudBaseUrl, email: 'demo@example.com', apiToken: 'local-dev-token' });
    try {
      return Object.fromEntries((await api.listAttachments(pageId)).map((a) => [a.title, a.mediaType]));
    } finally {
      api.close?.();
    }
  };
  const expected = Object.fromEntries(Object.entries(FILES).map(([f, [, t]]) => [f, t]));

  it('sync uploads csv, txt, json, yaml, pdf and office documents with their media types', async () => {
    for (const [f, [content]] of Object.entries(FILES)) writeFileSync(join(h.root, 'docs/guides', f), content);
    writeFileSync(join(h.root, 'docs/guides/files.md'), `# Files\n\n${links}\n`);
    const r = await h.cli(['sync']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(await mediaTypes(h.mapping()['docs/guides/files.md'].page_id), expected);
  });

  it('create --body-file uploads them with the same media types', async () => {
    for (const [f, [content]] of Object.entries(FILES)) writeFileSync(join(h.root, f), content);
    writeFileSync(join(h.root, 'page.md'), `# Files\n\n${links}\n`);
    const r = await h.cli(['create', '--title', 'Files page', '--body-file', 'page.md']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(await mediaTypes(/Created page (\d+)/.exec(r.out)![1]), expected);
  });
});
