// The document index (src/core/sync/docIndex.ts): an offline status takes unchanged documents from it without reading
// or converting them, and gives exactly the states a status without it gives — whatever changed: a document's text
// (also behind a modification time set back), a linked title, an image, the config's labels, a corrupt index file.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { FileSystem } from '../../../src/core/files/fileSystem';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { ConversionCache } from '../../../src/core/sync/conversionCache';
import { DOCUMENT_INDEX_FILE } from '../../../src/core/sync/docIndex';
import { buildLocalModel } from '../../../src/core/sync/local';
import { SyncEngine } from '../../../src/core/sync/engine';
import { MappingFile } from '../../../src/core/sync/mapping';
import { defaultMarkdownPort, type MarkdownPort } from '../../../src/core/sync/markdownPort';
import { computeLocalStatusAsync, type LocalStatus } from '../../../src/core/sync/status';
import type { WorkspaceConfig } from '../../../src/core/sync/types';
import { FakeConfluence } from './fakeConfluence';
import { countingPort, linkedWorkspace, PNG } from './linkedWorkspace';

const ROOT = '/d2c-index-ws';
const workspace = (): MemoryFileSystem => linkedWorkspace(ROOT);

/** The file system, counting reads of Markdown documents (`reads`) and of images (`images`). */
function counting(fs: MemoryFileSystem): FileSystem & { reads: string[]; images: string[] } {
  const reads: string[] = [];
  const images: string[] = [];
  const note = (path: string) => {
    if (path.endsWith('.md')) reads.push(path.slice(ROOT.length + 1));
    if (path.endsWith('.png')) images.push(path.slice(ROOT.length + 1));
  };
  return Object.assign(Object.create(fs) as FileSystem, {
    reads,
    images,
    readFile: (path: string) => (note(path), fs.readFile(path)),
    readText: (path: string) => (note(path), fs.readText(path)),
  });
}

/** A new CLI-like status (new process: a new cache over the disk store and the index). */
async function status(fs: FileSystem, config: WorkspaceConfig, port: MarkdownPort = defaultMarkdownPort, index = true): Promise<LocalStatus[]> {
  const cache = new ConversionCache({ disk: { fs, root: ROOT }, version: 'test', index: index && { settleMs: 0 } });
  return computeLocalStatusAsync(ROOT, config, fs, port, { cache });
}

/** The memory file system's clock runs ahead of Date.now() by a tick per write: files written now settle after it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** The index's shard files. */
const shards = (fs: MemoryFileSystem) => fs.files().filter((p) => p.startsWith(`${join(ROOT, DOCUMENT_INDEX_FILE)}-`));

const states = (rows: LocalStatus[]) => Object.fromEntries(rows.map((r) => [r.file, `${r.state} ${r.title}`]));

/** A mapping that says every document is published as it is now (status: all in sync). */
async function publishedAsNow(fs: MemoryFileSystem, config: WorkspaceConfig): Promise<void> {
  const rows = await status(fs, config, defaultMarkdownPort, false);
  const mapping = MappingFile.empty(join(ROOT, config.mappingFile), config.mappingFile, fs);
  const cache = new ConversionCache();
  const model = buildLocalModel({ root: ROOT, config, markdown: defaultMarkdownPort, fs, spaceKey: 'DOCS', cache });
  for (const r of rows) {
    const n = model.nodes.get(r.file);
    if (n?.hash) mapping.set(r.file, { space: 'DOCS', title: n.title, page_id: String(100 + mapping.keys().length), version: 1, hash: n.hash });
  }
  mapping.save();
}

describe('document index (offline status)', () => {
  let fs: MemoryFileSystem;
  let config: WorkspaceConfig;
  beforeEach(async () => {
    fs = workspace();
    config = loadWorkspaceConfig(ROOT, {}, fs);
    await publishedAsNow(fs, config);
    await settle();
  });

  it('a second status reads and converts no unchanged document, with the same states', async () => {
    const first = await status(fs, config);
    assert.ok(shards(fs).length > 0, 'the index is written');
    assert.deepEqual(Object.values(states(first)).filter((s) => !s.startsWith('in-sync')), []);
    const watched = counting(fs);
    const port = countingPort();
    const second = await status(watched, config, port);
    assert.deepEqual(watched.reads, []);
    assert.deepEqual(watched.images, [], 'an unchanged image is not read and hashed again');
    assert.deepEqual(port.converted, []);
    assert.deepEqual(states(second), states(first));
  });

  it('reads what changed: an edited document, and one whose modification time was set back', async () => {
    await status(fs, config);
    fs.writeFile(`${ROOT}/docs/guide/usage.md`, '# Usage\n\n![flow](../img/flow.png)\n\nMore.\n');
    // same size, then its old modification time put back: the change time still tells
    const before = fs.stat(`${ROOT}/docs/guide/install.md`)!;
    fs.writeFile(`${ROOT}/docs/guide/install.md`, '# Install\n\n## Step one\n\nRun It.\n');
    fs.touch(`${ROOT}/docs/guide/install.md`, new Date(before.mtimeMs));
    assert.equal(fs.stat(`${ROOT}/docs/guide/install.md`)!.size, before.size);
    const watched = counting(fs);
    const rows = await status(watched, config);
    assert.deepEqual([...watched.reads].sort(), ['docs/guide/install.md', 'docs/guide/usage.md']);
    assert.deepEqual(states(rows), states(await status(fs, config, defaultMarkdownPort, false)));
    assert.equal(states(rows)['docs/guide/install.md'], 'changed Install');
    assert.equal(states(rows)['docs/guide/usage.md'], 'changed Usage');
    assert.match(states(rows)['docs/index.md'], /^in-sync /);
  });

  it('converts again a document whose link target was renamed, or whose image changed, and nothing else', async () => {
    await status(fs, config);
    fs.writeFile(`${ROOT}/docs/guide/install.md`, '# Installing\n\n## Step one\n\nRun it.\n');
    fs.writeFile(`${ROOT}/docs/img/flow.png`, new Uint8Array([...PNG, 9]));
    await settle();
    const watched = counting(fs);
    const port = countingPort();
    const rows = await status(watched, config, port);
    assert.deepEqual([...port.converted].sort(), ['docs/guide/install.md', 'docs/guide/usage.md', 'docs/index.md']);
    assert.deepEqual(states(rows), states(await status(fs, config, defaultMarkdownPort, false)));
    assert.match(states(rows)['docs/index.md'], /^changed /, 'its link names the new title');
    assert.equal(states(rows)['docs/guide/usage.md'], 'changed Usage', 'its image changed');
    // and the index now holds the new answers: a third status reads nothing
    const again = counting(fs);
    await status(again, config);
    assert.deepEqual(again.reads, []);
  });

  it('one changed document rewrites only its shard of the index', async () => {
    await status(fs, config);
    const before = new Map(shards(fs).map((f) => [f, fs.stat(f)!.mtimeMs]));
    assert.ok(before.size >= 2, `${before.size} shards for 3 documents`);
    fs.writeFile(`${ROOT}/docs/guide/usage.md`, '# Usage\n\n![flow](../img/flow.png)\n\nMore.\n');
    await settle();
    await status(fs, config);
    const rewritten = shards(fs).filter((f) => fs.stat(f)!.mtimeMs !== before.get(f));
    assert.equal(rewritten.length, 1, rewritten.join(', '));
  });

  it('a document swapped for a link to a file outside the tree answers as a status without the index does', async () => {
    await status(fs, config);
    fs.writeFile('/outside/notes.md', '# Install\n\n## Step one\n\nRun it.\n');
    fs.remove(`${ROOT}/docs/guide/install.md`);
    fs.symlink('/outside/notes.md', `${ROOT}/docs/guide/install.md`);
    await settle();
    const rows = await status(fs, config);
    assert.deepEqual(states(rows), states(await status(fs, config, defaultMarkdownPort, false)));
    // and again, from what that status recorded
    assert.deepEqual(states(await status(fs, config)), states(rows));
  });

  it('a config change that reaches every page (labels) is not hidden by the index', async () => {
    await status(fs, config);
    const labelled = loadWorkspaceConfig(ROOT, { labels: ['team-docs'] }, fs);
    const rows = await status(fs, labelled);
    assert.deepEqual(states(rows), states(await status(fs, labelled, defaultMarkdownPort, false)));
    assert.ok(Object.values(states(rows)).every((s) => s.startsWith('changed')), JSON.stringify(states(rows)));
  });

  it('a corrupt or foreign index is an empty one (everything read, nothing fails), then written again', async () => {
    await status(fs, config);
    for (const text of ['{not json', JSON.stringify({ format: 1, version: 'other', documents: {} }), JSON.stringify({ format: 1, version: 'test', documents: { 'docs/index.md': { m: 'x' } } })]) {
      for (const f of shards(fs)) fs.writeFile(f, text);
      const watched = counting(fs);
      const rows = await status(watched, config);
      assert.ok(watched.reads.includes('docs/index.md'));
      assert.ok(Object.values(states(rows)).every((s) => s.startsWith('in-sync')));
      const again = counting(fs);
      await status(again, config);
      assert.deepEqual(again.reads, [], 'rewritten');
    }
  });

  it('a build that converts only some documents keeps what the index knows of the others', async () => {
    await status(fs, config);
    const cache = new ConversionCache({ disk: { fs, root: ROOT }, version: 'test', index: { settleMs: 0 } });
    buildLocalModel({ root: ROOT, config, markdown: defaultMarkdownPort, fs, spaceKey: 'DOCS', cache, convertOnly: new Set(['docs/guide/usage.md']) });
    await cache.flush();
    const watched = counting(fs);
    const port = countingPort();
    await status(watched, config, port);
    assert.deepEqual(watched.reads, []);
    assert.deepEqual(port.converted, []);
  });

  it('records nothing for a file changed in the last moments (a second write could keep its times)', async () => {
    const cache = new ConversionCache({ disk: { fs, root: ROOT }, version: 'test', index: { settleMs: 60_000 } });
    await computeLocalStatusAsync(ROOT, config, fs, defaultMarkdownPort, { cache });
    const watched = counting(fs);
    await status(watched, config);
    assert.equal(watched.reads.length, 3);
  });

  it('without `index` (the extension: unsaved buffers) documents are read as before', async () => {
    await status(fs, config);
    const watched = counting(fs);
    const cache = new ConversionCache({ disk: { fs: watched, root: ROOT }, version: 'test' });
    await computeLocalStatusAsync(ROOT, config, watched, defaultMarkdownPort, { cache });
    assert.equal(watched.reads.length, 3);
  });

  it('a publish records the index: the status after it reads no document', async () => {
    const fresh = workspace();
    await settle();
    const cfg = loadWorkspaceConfig(ROOT, {}, fresh);
    const api = new FakeConfluence();
    const cache = new ConversionCache({ disk: { fs: fresh, root: ROOT }, version: 'test', index: { settleMs: 0 } });
    const engine = new SyncEngine({ root: ROOT, config: cfg, api, fs: fresh, cache });
    const report = await engine.apply(await engine.plan());
    assert.equal(report.summary.created, 4);
    const watched = counting(fresh);
    const rows = await status(watched, cfg);
    assert.deepEqual(watched.reads, []);
    assert.ok(rows.every((r) => r.state === 'in-sync'), JSON.stringify(states(rows)));
  });
});
