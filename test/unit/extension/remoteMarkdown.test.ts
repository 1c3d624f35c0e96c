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

describe('extension: engine reasons in the editor', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { reasonForEditor, failedBecauseCancelled } = require('../../../src/extension/model/reasons') as typeof import('../../../src/extension/model/reasons');

  it('drops CLI flags from reasons and keeps the rest', () => {
    assert.equal(
      reasonForEditor('edited in Confluence since our last publish (now version 3, we published version 2); the plan would overwrite it: merge the change into docs/a.md or publish with --force'),
      'edited in Confluence since our last publish (now version 3, we published version 2); the plan would overwrite it: merge the change into docs/a.md',
    );
    assert.equal(
      reasonForEditor('1 likely secret found: line 6 (rule); remove it, add the fingerprint to .confluence-secrets-ignore if it is not a secret, or publish with --allow-secrets'),
      '1 likely secret found: line 6 (rule); remove it, add the fingerprint to .confluence-secrets-ignore if it is not a secret',
    );
    assert.equal(reasonForEditor(undefined), undefined);
  });

  it('recognises failures caused by a cancel', () => {
    assert.ok(failedBecauseCancelled('create page "Bulk" failed (ABORTED): This operation was aborted'));
    assert.ok(failedBecauseCancelled('not published because its parent page "Bulk" (docs/bulk/) was not published'));
    assert.ok(failedBecauseCancelled('cancelled before it was published'));
    assert.ok(!failedBecauseCancelled('update failed (500): server error'));
  });
});

describe('extension: result summary', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { summarise } = require('../../../src/extension/model/reasons') as typeof import('../../../src/extension/model/reasons');
  const r = (file: string, action: string, message?: string) => ({ file, action, title: file, message }) as never;

  it('says unchanged for skipped pages and separates cancel-caused failures from real errors', () => {
    const report = { summary: {}, results: [r('a', 'created'), r('b', 'skipped'), r('c', 'error', 'cancelled before it was published'), r('d', 'error', 'HTTP 500')] };
    assert.equal(summarise(report, true), '1 created, 1 unchanged, 1 not published (cancelled), 1 error');
    assert.equal(summarise(report, false), '1 created, 1 unchanged, 2 error');
  });
});
