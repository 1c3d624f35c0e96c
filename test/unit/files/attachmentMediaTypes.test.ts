import { strict as assert } from 'node:assert';
import { ATTACHABLE_TYPES, ATTACHMENT_MEDIA_TYPES, attachmentMediaType } from '../../../src/core/files/attachmentPolicy';

describe('attachment media types', () => {
  it('every attachable type has its own media type (none is uploaded as application/octet-stream)', () => {
    for (const ext of Object.values(ATTACHABLE_TYPES).flat()) {
      assert.ok(ATTACHMENT_MEDIA_TYPES[ext], `.${ext} has no media type`);
      assert.notEqual(attachmentMediaType(`docs/x.${ext}`), 'application/octet-stream', ext);
    }
  });

  it('is judged by the extension, case-insensitive; unknown types are octet-stream', () => {
    assert.equal(attachmentMediaType('docs/Data.CSV'), 'text/csv');
    assert.equal(attachmentMediaType('a/b/report.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(attachmentMediaType('noext'), 'application/octet-stream');
  });
});
