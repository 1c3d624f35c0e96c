import assert from 'node:assert/strict';
import { withTitleHeading } from '../../../src/extension/model/remoteMarkdown';

describe('extension conflict diff: title heading', () => {
  it('puts the page title back as a heading when the local document starts with it', () => {
    assert.equal(withTitleHeading('Body.\n', 'Install Guide', '# Install Guide\n\nBody.\n'), '# Install Guide\n\nBody.\n');
    assert.equal(withTitleHeading('Body.\n', 'Home', '---\ntitle: Home\n---\n\n# Home\n\nBody.\n'), '# Home\n\nBody.\n');
  });

  it('leaves the remote text alone otherwise', () => {
    assert.equal(withTitleHeading('Body.\n', 'Install Guide', 'Body.\n'), 'Body.\n');
    assert.equal(withTitleHeading('# Other\n\nBody.\n', 'Install Guide', '# Install Guide\n'), '# Other\n\nBody.\n');
    assert.equal(withTitleHeading('Body.\n', undefined, '# X\n'), 'Body.\n');
  });
});
