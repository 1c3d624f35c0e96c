// The conversion cache (src/core/sync/conversionCache.ts): an unchanged document is not converted again, and a hit is
// only valid when what the conversion asked (link targets' titles and anchors, images, ...) answers the same now.
// Also: the engine's build gives the event loop a turn often (an editor host is never blocked long).
import { strict as assert } from 'node:assert';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { ConversionCache } from '../../../src/core/sync/conversionCache';
import { CONVERSION_CACHE_DIR } from '../../../src/core/sync/conversionDisk';
import { SyncEngine } from '../../../src/core/sync/engine';
import { buildLocalModel } from '../../../src/core/sync/local';
import { defaultMarkdownPort, type MarkdownPort } from '../../../src/core/sync/markdownPort';
import { computeLocalStatus, computeLocalStatusAsync } from '../../../src/core/sync/status';
import { FakeConfluence } from './fakeConfluence';
import { countingPort, linkedWorkspace, PNG } from './linkedWorkspace';

const ROOT = '/d2c-cache-ws';
const workspace = (): MemoryFileSystem => linkedWorkspace(ROOT);

describe('conversion cache', () => {
  it('converts an unchanged workspace only once, with the same status', () => {
    const fs = workspace();
    const config = loadWorkspaceConfig(ROOT, {}, fs);
    const port = countingPort();
    const cache = new ConversionCache();
    const first = computeLocalStatus(ROOT, config, fs, port, { cache });
    assert.deepEqual([...port.converted].sort(), ['docs/guide/install.md', 'docs/guide/usage.md', 'docs/index.md']);
    port.converted.length = 0;
    const second = computeLocalStatus(ROOT, config, fs, port, { cache });
    assert.deepEqual(port.converted, []);
    assert.deepEqual(second, first);
    assert.equal(cache.stats.hits, 3);
  });

  it('converts again exactly the documents whose inputs changed: own text, a linked title or anchor, an image', () => {
    const fs = workspace();
    const config = loadWorkspaceConfig(ROOT, {}, fs);
    const port = countingPort();
    const cache = new ConversionCache();
    const model = (markdown: MarkdownPort, c?: ConversionCache) => buildLocalModel({ root: ROOT, config, markdown, fs, spaceKey: 'DOCS', cache: c });
    const hashes = () => new Map([...model(port, cache).nodes.values()].map((n) => [n.key, [n.hash, n.storage]]));
    const nocache = () => new Map([...model(defaultMarkdownPort).nodes.values()].map((n) => [n.key, [n.hash, n.storage]]));
    hashes();

    // the linked document's title changes: index.md links to it by title, so it converts again too
    port.converted.length = 0;
    fs.writeFile(`${ROOT}/docs/guide/install.md`, '# Installing\n\n## Step one\n\nRun it.\n');
    assert.deepEqual(hashes(), nocache());
    assert.deepEqual([...port.converted].sort(), ['docs/guide/install.md', 'docs/index.md']);

    // the anchor the link points at changes: same
    port.converted.length = 0;
    fs.writeFile(`${ROOT}/docs/guide/install.md`, '# Installing\n\n## Step 1\n\nRun it.\n');
    assert.deepEqual(hashes(), nocache());
    assert.deepEqual([...port.converted].sort(), ['docs/guide/install.md', 'docs/index.md']);

    // the image's bytes change: the document embedding it converts again (its attachment hash changes)
    port.converted.length = 0;
    fs.writeFile(`${ROOT}/docs/img/flow.png`, new Uint8Array([...PNG, 9]));
    assert.deepEqual(hashes(), nocache());
    assert.deepEqual(port.converted, ['docs/guide/usage.md']);

    // a site option (Data Center) is part of the key
    port.converted.length = 0;
    computeLocalStatus(ROOT, { ...config, baseUrl: 'https://confluence.example.com' }, fs, port, { cache });
    computeLocalStatus(ROOT, config, fs, port, { cache });
    assert.equal(port.converted.length, 3);
  });

  it('with statFiles, does not read again a document whose modification time and size did not change', () => {
    const fs = workspace();
    const config = loadWorkspaceConfig(ROOT, {}, fs);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of fs.files()) fs.touch(f, hourAgo);
    const reads: string[] = [];
    const counting = new Proxy(fs, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'readFile') return (p: string) => (p.endsWith('.md') && reads.push(p), target.readFile(p));
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const cache = new ConversionCache({ statFiles: true });
    const first = computeLocalStatus(ROOT, config, counting, defaultMarkdownPort, { cache });
    assert.equal(reads.length, 3);
    reads.length = 0;
    assert.deepEqual(computeLocalStatus(ROOT, config, counting, defaultMarkdownPort, { cache }), first);
    assert.deepEqual(reads, []);
    // a change (new modification time) is read, and seen
    fs.writeFile(`${ROOT}/docs/guide/usage.md`, '# Usage changed\n');
    const third = computeLocalStatus(ROOT, config, counting, defaultMarkdownPort, { cache });
    assert.deepEqual(reads, [`${ROOT}/docs/guide/usage.md`]);
    assert.equal(third.find((r) => r.file === 'docs/guide/usage.md')!.title, 'Usage changed');
  });

  it('keeps entries on disk under .confluence/cache/, ignores corrupt ones and stays within its bound', async () => {
    const fs = workspace();
    const config = loadWorkspaceConfig(ROOT, {}, fs);
    const port = countingPort();
    await computeLocalStatusAsync(ROOT, config, fs, port, { cache: new ConversionCache({ disk: { fs, root: ROOT }, version: 'test' }) });
    const packs = () => fs.files().filter((f) => f.startsWith(`${ROOT}/${CONVERSION_CACHE_DIR}/`));
    const entries = () => packs().flatMap((f) => Object.keys((JSON.parse(fs.readText(f)) as { entries: object }).entries));
    assert.equal(entries().length, 3);
    assert.ok(packs().every((f) => /\/cache\/[0-9a-f]{2}\.json$/.test(f)), 'packs by the key\'s first two hex digits');
    assert.ok(fs.exists(`${ROOT}/.confluence/.gitignore`));

    // a fresh instance (another process) reads them: nothing is converted
    port.converted.length = 0;
    const fresh = await computeLocalStatusAsync(ROOT, config, fs, port, { cache: new ConversionCache({ disk: { fs, root: ROOT }, version: 'test' }) });
    assert.deepEqual(port.converted, []);
    assert.deepEqual(fresh, computeLocalStatus(ROOT, config, fs, defaultMarkdownPort));

    // a corrupt pack or entry is a miss (converted again and rewritten), never an error
    const keys = entries();
    const packOf = (key: string) => `${ROOT}/${CONVERSION_CACHE_DIR}/${key.slice(0, 2)}.json`;
    const corrupt = packOf(keys[0]);
    const other = keys.find((k) => packOf(k) !== corrupt);
    if (other) {
      const pack = JSON.parse(fs.readText(packOf(other))) as { entries: Record<string, { value: { deps?: unknown } }> };
      delete pack.entries[other].value.deps;
      fs.writeFile(packOf(other), JSON.stringify(pack));
    }
    fs.writeFile(corrupt, '{"format": 2, "entries": {"broken');
    port.converted.length = 0;
    await computeLocalStatusAsync(ROOT, config, fs, port, { cache: new ConversionCache({ disk: { fs, root: ROOT }, version: 'test' }) });
    assert.equal(port.converted.length, keys.filter((k) => packOf(k) === corrupt).length + (other ? 1 : 0));
    assert.equal(entries().length, 3, 'rewritten');

    // another converter version does not read them
    port.converted.length = 0;
    const newer = new ConversionCache({ disk: { fs, root: ROOT }, version: 'test2', maxDiskEntries: 4 });
    await computeLocalStatusAsync(ROOT, config, fs, port, { cache: newer });
    assert.equal(port.converted.length, 3);
    // the bound is shared out per pack (at least one entry each): the newest entries stay
    const perPack = packs().map((f) => Object.keys((JSON.parse(fs.readText(f)) as { entries: object }).entries));
    assert.ok(perPack.every((k) => k.length <= 1), JSON.stringify(perPack));
    port.converted.length = 0;
    await computeLocalStatusAsync(ROOT, config, fs, port, { cache: new ConversionCache({ disk: { fs, root: ROOT }, version: 'test2' }) });
    assert.deepEqual(port.converted, [], 'the newest entries were kept');
  });

  it('a plan of 2,000 documents never keeps the event loop for long', async function () {
    this.timeout(120_000);
    const files: Record<string, string> = { [`${ROOT}/.confluence.yml`]: 'space: DOCS\n' };
    for (let f = 0; f < 40; f++) {
      for (let d = 0; d < 50; d++) {
        const body = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} with **bold**, \`code\` and a [link](../f${(f + 1) % 40}/d${d}.md).`).join('\n\n');
        files[`${ROOT}/docs/f${f}/d${d}.md`] = `# Doc ${f}-${d}\n\n${body}\n\n## Section\n\n- a\n- b\n`;
      }
    }
    const fs = new MemoryFileSystem(files);
    const config = loadWorkspaceConfig(ROOT, {}, fs);
    const engine = new SyncEngine({ root: ROOT, config, api: new FakeConfluence(), fs, scanSecrets: async () => [], cache: false });
    // the converter's one-time start (markdown-it and its plugins) is not what this measures
    defaultMarkdownPort.convert('# Warm\n\n[a](b.md) **c**\n', { path: 'docs/warm.md' });
    // The gap is measured in this process's CPU time, not wall time: a loaded machine that deschedules the process
    // does not make the engine block longer (the wall-clock figure is the benchmark's).
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let longest = 0;
    let last = cpu();
    let ticking = true;
    const tick = () => {
      const now = cpu();
      longest = Math.max(longest, now - last);
      last = now;
      if (ticking) setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
    const plan = await engine.plan();
    ticking = false;
    assert.equal(plan.summary.create, 2000 + 41);
    if (process.env.SHOW_GAP) console.log(`longest gap: ${Math.round(longest)} ms of CPU`);
    assert.ok(longest < 150, `the event loop waited ${Math.round(longest)} ms (CPU) at once`);
  });
});
