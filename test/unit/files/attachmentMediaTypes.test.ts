import { strict as assert } from 'node:assert';
import { ATTACHABLE_TYPES, attachmentMediaType } from '../../../src/core/files/attachmentPolicy';

describe('attachment media types', () => {
  it('every attachable type has its own media type (none is uploaded as application/octet-stream)', () => {
    for (const ext of Object.values(ATTACHABLE_TYPES).flat()) {
      assert.notEqual(attachmentMediaType(`docs/x.${ext}`), 'application/octet-stream', ext);
    }
  });

  it('is judged by the extension, case-insensitive; unknown types are octet-stream', () => {
    assert.equal(attachmentMediaType('docs/Data.CSV'), 'text/csv');
    assert.equal(attachmentMediaType('a/b/report.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(attachmentMediaType('noext'), 'application/octet-stream');
    assert.equal(attachmentMediaType('x.constructor'), 'application/octet-stream');
  });

  it('keeps the types uploads had before mime-types took over (the overrides for what mime-db lacks or types otherwise)', () => {
    const expected: Record<string, string> = {
      png: 'image/png', jpg: 'image/jpeg', svg: 'image/svg+xml', ico: 'image/vnd.microsoft.icon', avif: 'image/avif',
      pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rtf: 'application/rtf',
      tgz: 'application/gzip', '7z': 'application/x-7z-compressed', drawio: 'application/vnd.jgraph.mxfile',
      vsdx: 'application/vnd.ms-visio.drawing', mmd: 'text/plain', excalidraw: 'application/json', bpmn: 'application/xml',
      csv: 'text/csv', tsv: 'text/tab-separated-values', yaml: 'application/yaml', yml: 'application/yaml', log: 'text/plain',
    };
    for (const [ext, type] of Object.entries(expected)) assert.equal(attachmentMediaType(`docs/a.${ext}`), type, ext);
  });
});
