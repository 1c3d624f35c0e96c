import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { CleanScanMemo } from '../../../src/core/sync/scanMemo';
import { WITHHELD_TITLE } from '../../../src/core/sync/screen';
import { defaultSecretScanner } from '../../../src/core/sync/secretsPort';
import type { LocalStatus } from '../../../src/core/sync/status';
import { screenLocalStatus } from '../../../src/core/sync/statusScreen';

// assembled, so that this file does not itself hold a key
const KEY = ['AK', 'IA', 'QZ7R2M4T8K1W9XPL'].join('');

const row = (file: string, title: string): LocalStatus => ({ file, title, state: 'new' }) as LocalStatus;

describe('confluence status: titles and paths are screened like the plan screens them', () => {
  it('a likely secret in a title is withheld, in a path masked; clean rows stay', async () => {
    const fs = new MemoryFileSystem({});
    const memo = new CleanScanMemo(fs, '/ws', '1.0.0');
    const rows = [row('docs/a.md', 'Getting started'), row('docs/b.md', `Keys ${KEY}`), row(`docs/${KEY}.md`, 'Plain')];
    const out = await screenLocalStatus(rows, defaultSecretScanner('/ws', fs, memo));
    assert.deepEqual(out[0], rows[0]);
    assert.equal(out[1].title, WITHHELD_TITLE);
    assert.equal(out[2].title, WITHHELD_TITLE);
    assert.ok(!out[2].file.includes(KEY) && out[2].file.startsWith('docs/'), out[2].file);
  });
});
