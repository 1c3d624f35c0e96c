import { strict as assert } from 'node:assert';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { BaseStore } from '../../../src/core/read/pull/baseStore';

describe('merge bases written by a publish (issue 13: no file-system check per page)', () => {
  it('a store checks for the state folder once, however many pages it writes; each base is kept', async () => {
    const fs = new MemoryFileSystem();
    let checks = 0;
    const exists = fs.exists.bind(fs);
    fs.exists = (p: string) => (checks++, exists(p));
    const store = new BaseStore(fs, '/w');
    for (let i = 0; i < 200; i++) await store.write({ page_id: String(i), version: 1, hash: 'h', file: `docs/${i}.md`, text: `# ${i}\n` });
    assert.equal(checks, 1);
    assert.ok(fs.exists('/w/.confluence/.gitignore'));
    assert.equal(store.read('199', 1, 'h')?.text, '# 199\n');
  });
});
