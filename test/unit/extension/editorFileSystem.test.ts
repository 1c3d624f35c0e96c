import { strict as assert } from 'node:assert';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { workspaceDocumentResolver } from '../../../src/core/markdown/documentTargets';
import { editorFileSystem, type OpenDocument } from '../../../src/extension/util/editorFileSystem';

const doc = (fsPath: string, text: string, isDirty = true, scheme = 'file'): OpenDocument => ({ isDirty, getText: () => text, uri: { scheme, fsPath } });

describe('editorFileSystem (the extension reads unsaved Markdown through the file-system port)', () => {
  const disk = () =>
    new MemoryFileSystem({
      '/w/docs/a.md': '# Saved A\n',
      '/w/docs/b.md': '# Saved B\n',
      '/w/docs/.confluence-mapping.json': '{}\n',
      '/w/docs/data.csv': 'saved,csv\n',
    });

  it('answers readText and readFile for a Markdown document with unsaved changes from the editor buffer', () => {
    const base = disk();
    const open = [doc('/w/docs/a.md', '# Unsaved A\n'), doc('/w/docs/b.md', '# Open but saved\n', false)];
    const fs = editorFileSystem(() => open, base);
    assert.equal(fs.readText('/w/docs/a.md'), '# Unsaved A\n');
    assert.equal(fs.readFile('/w/docs/a.md').toString('utf8'), '# Unsaved A\n');
    assert.equal(fs.readText('/w/docs/b.md'), '# Saved B\n', 'a saved editor is read from the file');
    assert.equal(fs.readText('/w/docs/../docs/a.md'), '# Unsaved A\n', 'paths are compared normalised');
  });

  it('reads everything else from the underlying file system: the mapping file, attachments, other schemes', () => {
    const base = disk();
    const open = [
      doc('/w/docs/.confluence-mapping.json', '{"edited": true}\n'),
      doc('/w/docs/data.csv', 'unsaved,csv\n'),
      doc('/w/docs/b.md', '# Remote\n', true, 'confluence-remote'),
    ];
    const fs = editorFileSystem(() => open, base);
    assert.equal(fs.readText('/w/docs/.confluence-mapping.json'), '{}\n');
    assert.equal(fs.readFile('/w/docs/data.csv').toString('utf8'), 'saved,csv\n');
    assert.equal(fs.readText('/w/docs/b.md'), '# Saved B\n');
    fs.writeFile('/w/docs/new.md', 'x');
    assert.equal(base.readText('/w/docs/new.md'), 'x', 'writes go to the underlying file system');
    assert.deepEqual(fs.list('/w/docs').map((e) => e.name), base.list('/w/docs').map((e) => e.name));
  });

  it('follows the open documents as they change (no snapshot)', () => {
    const open: OpenDocument[] = [];
    const fs = editorFileSystem(() => open, disk());
    assert.equal(fs.readText('/w/docs/a.md'), '# Saved A\n');
    open.push(doc('/w/docs/a.md', '# Typed just now\n'));
    assert.equal(fs.readText('/w/docs/a.md'), '# Typed just now\n');
  });

  it('link targets resolve from unsaved headings (preview and Problems)', () => {
    const fs = editorFileSystem(() => [doc('/w/docs/b.md', '# Renamed B\n\n## New section\n')], disk());
    const resolve = workspaceDocumentResolver('/w', 'DOCS', { fs });
    assert.equal(resolve('docs/b.md')?.title, 'Renamed B');
    assert.ok('new-section' in (resolve('docs/b.md')?.anchors ?? {}), JSON.stringify(resolve('docs/b.md')));
  });
});
