import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MappingFile, MappingFileError } from '../../../src/core/sync/mapping';
import { TempWorkspace } from './workspace';

describe('mapping file', () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace()));
  afterEach(() => ws.dispose());
  const path = () => join(ws.root, 'docs/.confluence-mapping.json');

  it('a missing file is an empty mapping; save creates it sorted, with fixed field order and a final newline', () => {
    const m = MappingFile.load(path(), 'docs/.confluence-mapping.json');
    assert.equal(m.size, 0);
    m.set('docs/z.md', { hash: 'h', title: 'Z', space: 'DOCS', page_id: '2', version: 1 });
    m.set('docs/a.md', { space: 'DOCS', title: 'A', custom: true, page_id: '1' });
    m.save();
    assert.equal(
      ws.read('docs/.confluence-mapping.json'),
      '{\n  "docs/a.md": {\n    "space": "DOCS",\n    "title": "A",\n    "page_id": "1",\n    "custom": true\n  },\n  "docs/z.md": {\n    "space": "DOCS",\n    "title": "Z",\n    "page_id": "2",\n    "version": 1,\n    "hash": "h"\n  }\n}\n',
    );
    assert.deepEqual(readdirSync(join(ws.root, 'docs')), ['.confluence-mapping.json'], 'no temp file left behind');
  });

  it('loads the seed format (space + title only, numeric page ids) and keeps unknown fields', () => {
    ws.write('docs/.confluence-mapping.json', JSON.stringify({ 'docs/b.md': { space: 'DOCS', title: 'B' }, 'docs/a.md': { space: 'DOCS', title: 'A', page_id: 42, owner: 'x' } }));
    const m = MappingFile.load(path());
    assert.equal(m.get('docs/a.md')!.page_id, '42');
    assert.equal(m.get('docs/a.md')!.owner, 'x');
    assert.equal(m.get('docs/b.md')!.page_id, undefined);
    m.save();
    assert.deepEqual(Object.keys(JSON.parse(ws.read('docs/.confluence-mapping.json'))), ['docs/a.md', 'docs/b.md']);
  });

  it('save is stable: loading and saving again gives the same bytes', () => {
    const m = MappingFile.load(path());
    m.set('docs/x.md', { space: 'DOCS', title: 'X', page_id: '9', attachments: { 'b.png': '2', 'a.png': '1' } });
    m.save();
    const first = ws.read('docs/.confluence-mapping.json');
    MappingFile.load(path()).save();
    assert.equal(ws.read('docs/.confluence-mapping.json'), first);
    assert.ok(first.indexOf('a.png') < first.indexOf('b.png'));
  });

  it('after sets, replacements and deletes, the text is what serialising the whole mapping gives; entries are frozen', () => {
    const m = MappingFile.load(path());
    const expected = (): string => {
      const keys = m.keys().sort();
      return keys.length ? JSON.stringify(Object.fromEntries(keys.map((k) => [k, m.get(k)])), null, 2) + '\n' : '{}\n';
    };
    assert.equal(m.serialise(), '{}\n');
    m.set('docs/b.md', { space: 'DOCS', title: 'B', page_id: '2' });
    m.set('docs/a.md', { space: 'DOCS', title: 'A', page_id: '1' });
    assert.equal(m.serialise(), expected());
    m.set('docs/a.md', { ...m.get('docs/a.md')!, version: 3, title: 'A "quoted"\nline' });
    assert.equal(m.serialise(), expected());
    m.set('docs/c/ä.md', { space: 'DOCS', title: 'C' });
    m.delete('docs/b.md');
    assert.equal(m.serialise(), expected());
    assert.throws(() => {
      (m.get('docs/a.md') as { version?: number }).version = 4;
    }, TypeError);
    m.delete('docs/a.md');
    m.delete('docs/c/ä.md');
    assert.equal(m.serialise(), '{}\n');
  });

  it('a save writes the bytes of serialise() without building the file as one string (UTF-8, every entry)', async () => {
    const m = MappingFile.load(path(), 'docs/.confluence-mapping.json');
    assert.equal(m.serialiseBytes().toString('utf8'), '{}\n');
    for (let i = 0; i < 300; i++) m.set(`docs/p${i}/ä-${i}.md`, { space: 'DOCS', title: `Tïtle ${i} 👍 "q"\n`, page_id: String(i + 1), version: i + 1, attachments: { 'b.png': '2', 'ä.png': '1' } });
    const bytes = m.serialiseBytes();
    assert.ok(bytes.equals(Buffer.from(m.serialise(), 'utf8')), 'the same bytes as the text');
    await m.saveAsync();
    assert.equal(ws.read('docs/.confluence-mapping.json'), m.serialise());
    m.delete('docs/p7/ä-7.md');
    m.save();
    assert.equal(ws.read('docs/.confluence-mapping.json'), m.serialise());
    assert.equal(MappingFile.load(path()).size, 299);
  });

  it('corrupt JSON is an error naming the path and line, and the file is left as it was', () => {
    const bad = '{\n  "docs/a.md": {"space": "DOCS", "title": "A"},\n  oops\n}\n';
    ws.write('docs/.confluence-mapping.json', bad);
    assert.throws(
      () => MappingFile.load(path(), 'docs/.confluence-mapping.json'),
      (err: unknown) => err instanceof MappingFileError && /^docs\/\.confluence-mapping\.json:3: the mapping file is not valid JSON/.test((err as Error).message),
    );
    assert.equal(ws.read('docs/.confluence-mapping.json'), bad);
  });

  it('entries without space/title or with a bad page id are errors naming the entry', () => {
    ws.write('docs/.confluence-mapping.json', '{\n  "docs/a.md": {"title": "A"}\n}\n');
    assert.throws(() => MappingFile.load(path(), 'm.json'), /m\.json:2: an entry is not valid:\n {2}entry "docs\/a\.md": "space" is missing/);
    ws.write('docs/.confluence-mapping.json', '["docs/a.md"]');
    assert.throws(() => MappingFile.load(path(), 'm.json'), /must be a JSON object keyed by file path/);
  });
});
