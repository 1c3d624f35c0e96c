import { strict as assert } from 'node:assert';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
describe('MemoryFileSystem', () => {
  it('reads, lists, follows links and refuses exclusive re-creation', async () => {
    const fs = new MemoryFileSystem({ '/w/docs/a.md': '# A', '/w/secret/.env': 'X=1' });
    fs.symlink('../secret/.env', '/w/docs/env');
    fs.symlink('/w/loop2', '/w/loop1');
    fs.symlink('/w/loop1', '/w/loop2');
    assert.equal(fs.readText('/w/docs/a.md'), '# A');
    assert.deepEqual(fs.list('/w/docs').map((e) => [e.name, e.isFile, e.isSymbolicLink]), [['a.md', true, false], ['env', false, true]]);
    assert.equal(fs.realpath('/w/docs/env'), '/w/secret/.env');
    assert.equal(fs.stat('/w/docs/env')?.isFile, true);
    assert.equal(fs.lstat('/w/docs/env')?.isSymbolicLink, true);
    assert.throws(() => fs.realpath('/w/loop1'), /ELOOP/);
    assert.equal(fs.stat('/w/nope'), undefined);
    assert.throws(() => fs.readFile('/w/nope'), (e: { code?: string }) => e.code === 'ENOENT');
    assert.equal(fs.createExclusive('/w/lock', 'me'), true);
    assert.equal(fs.createExclusive('/w/lock', 'you'), false);
    await fs.writeFileAtomic('/w/m/map.json', '{}');
    fs.rename('/w/m', '/w/n');
    assert.deepEqual(fs.files(), ['/w/docs/a.md', '/w/lock', '/w/n/map.json', '/w/secret/.env']);
    fs.remove('/w/n');
    assert.equal(fs.exists('/w/n/map.json'), false);
  });

  it('modification times are wall-clock time and change on every write (run lock ages, mapping change check)', () => {
    const fs = new MemoryFileSystem();
    const t0 = Date.now();
    fs.writeFile('/w/a', '1');
    const first = fs.stat('/w/a')!.mtimeMs;
    assert.ok(first >= t0 && first <= Date.now() + 1000, `mtime ${first} is not now (${t0})`);
    fs.writeFile('/w/a', '1');
    assert.ok(fs.stat('/w/a')!.mtimeMs > first, 'a second write in the same millisecond still changes the mtime');
    fs.touch('/w/a', new Date(t0 - 3_600_000));
    assert.equal(fs.stat('/w/a')!.mtimeMs, t0 - 3_600_000);
  });
});
