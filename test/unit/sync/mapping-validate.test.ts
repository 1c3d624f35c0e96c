/** Issue 10 case 7 (mapping side) and case 10 (stale temp files): the mapping file is checked before anything trusts it. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MappingFile, MappingFileError } from '../../../src/core/sync/mapping';
import { TempWorkspace } from './workspace';

describe('mapping file validation', () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace()));
  afterEach(() => ws.dispose());
  const file = 'docs/.confluence-mapping.json';
  const path = () => join(ws.root, file);
  const loadError = (data: unknown): MappingFileError => {
    ws.write(file, JSON.stringify(data, null, 2));
    try {
      MappingFile.load(path(), file);
    } catch (err) {
      assert.ok(err instanceof MappingFileError, String(err));
      assert.equal(ws.read(file), JSON.stringify(data, null, 2), 'the file is left as it was');
      return err;
    }
    assert.fail(`loaded without an error: ${JSON.stringify(data)}`);
  };
  const ok = { space: 'DOCS', title: 'A', page_id: '11', version: 2, hash: 'h', parent_id: '1', labels: ['x'], attachments: { 'a.png': 'h' }, read_only: true };

  it('a wrong type in any known field is an error naming the entry, the field and the value', () => {
    const wrong: Record<string, unknown> = {
      space: 5,
      title: ['T'],
      page_id: true,
      parent_id: { id: 1 },
      version: 'abc',
      hash: 5,
      labels: 'x',
      attachments: ['a.png'],
      read_only: 'yes',
      pending: 'delete',
    };
    for (const [field, value] of Object.entries(wrong)) {
      const err = loadError({ 'docs/ok.md': { ...ok, page_id: '10' }, 'docs/a.md': { ...ok, [field]: value } });
      assert.match(err.message, new RegExp(`entry "docs/a\\.md": "${field}" must be [^\\n]*, not ${JSON.stringify(JSON.stringify(value)).slice(1, -1).replace(/[[\]{}]/g, '\\$&')}`), field);
      assert.match(err.message, /^docs\/\.confluence-mapping\.json:\d+: /);
      assert.match(err.message, /confluence mapping rebuild/);
    }
    const labels = loadError({ 'docs/a.md': { ...ok, labels: ['x', 3] } });
    assert.match(labels.message, /"labels" must be a list of label texts/);
    const version = loadError({ 'docs/a.md': { ...ok, version: 1.5 } });
    assert.match(version.message, /"version" must be a whole number/);
  });

  it('every bad entry is listed at once', () => {
    const err = loadError({ 'docs/a.md': { ...ok, version: 'abc' }, 'docs/b.md': { ...ok, page_id: '12', hash: 5 } });
    assert.match(err.message, /2 entries are not valid/);
    assert.match(err.message, /entry "docs\/a\.md": "version"/);
    assert.match(err.message, /entry "docs\/b\.md": "hash"/);
  });

  it('two entries with the same page id in one space are an error naming both entries and what to do', () => {
    const err = loadError({
      'docs/guide/install.md': { space: 'DOCS', title: 'Install', page_id: '42', version: 3 },
      'docs/install.md': { space: 'DOCS', title: 'Install (old)', page_id: 42, version: 1 },
      'docs/other.md': { space: 'OTHER', title: 'Same id, other space', page_id: '42' },
    });
    assert.match(err.message, /entries "docs\/guide\/install\.md" and "docs\/install\.md" both point to page 42 in space DOCS/);
    assert.match(err.message, /delete the other/);
    assert.doesNotMatch(err.message, /docs\/other\.md/);
  });

  it('two keys that name the same file are an error', () => {
    const err = loadError({ 'docs/a.md': { ...ok }, './docs/a.md': { ...ok, page_id: '12' } });
    assert.match(err.message, /entry "\.\/docs\/a\.md" names the same file as entry "docs\/a\.md"/);
  });

  it('valid entries load: numeric ids become text, null optional fields are dropped, unknown fields stay', () => {
    ws.write(file, JSON.stringify({ 'docs/a.md': { ...ok, page_id: 11, parent_id: 1, version: null, owner: 'x' }, 'docs/b.md': { space: 'DOCS', title: 'B' } }));
    const m = MappingFile.load(path(), file);
    assert.equal(m.get('docs/a.md')!.page_id, '11');
    assert.equal(m.get('docs/a.md')!.parent_id, '1');
    assert.equal('version' in m.get('docs/a.md')!, false);
    assert.equal(m.get('docs/a.md')!.owner, 'x');
  });

  it('temp files of killed runs are removed at load and at the first save; a live process keeps its temp file', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    ws.write(file, JSON.stringify({ 'docs/a.md': ok }));
    ws.write(`${file}.${deadPid}.tmp`, '{"half": ');
    ws.write(`${file}.${process.ppid}.tmp`, '{}'); // a live process (our parent): another run saving right now
    const m = MappingFile.load(path(), file);
    assert.equal(existsSync(join(ws.root, `${file}.${deadPid}.tmp`)), false, 'stale temp file removed at load');
    assert.equal(existsSync(join(ws.root, `${file}.${process.ppid}.tmp`)), true, 'a live run keeps its temp file');
    assert.equal(m.size, 1);
    ws.write(`${file}.${deadPid}.tmp`, '{"half": ');
    MappingFile.empty(path(), file).save(); // e.g. \`mapping rebuild\`, which never loads the old file as a mapping
    assert.deepEqual(
      readdirSync(join(ws.root, 'docs')).filter((n) => n.endsWith('.tmp')),
      [`.confluence-mapping.json.${process.ppid}.tmp`],
      'stale temp file removed at save',
    );
  });
});
