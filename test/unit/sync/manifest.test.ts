import { strict as assert } from 'node:assert';
import type { ConfluenceApi } from '../../../src/core/confluence/types';
import { Manifest, manifestKey, ROWS_PER_TURN, SHARD_BYTES, shardOf, shardSize, summedShardSize, writeManifest, type ManifestEntry } from '../../../src/core/sync/manifest';

/** Content properties of one page, in memory (only what the manifest uses). */
function propertyApi(): { api: ConfluenceApi; props: Map<string, { value: unknown; version: number }>; writes: string[]; onFirstWrite?: () => void } {
  const props = new Map<string, { value: unknown; version: number }>();
  const out: ReturnType<typeof propertyApi> = {
    props,
    writes: [],
    api: {
      getProperty: async (_page: string, key: string) => props.get(key) as never,
      setProperty: async (_page: string, key: string, value: unknown) => {
        if (!out.writes.length) out.onFirstWrite?.();
        out.writes.push(key);
        props.set(key, { value: JSON.parse(JSON.stringify(value)), version: (props.get(key)?.version ?? 0) + 1 });
      },
    } as unknown as ConfluenceApi,
  };
  return out;
}

const pages = (n: number): Map<string, ManifestEntry> =>
  new Map(Array.from({ length: n }, (_, i) => [String(100000 + i * 7), { source: `docs/section-${i % 200}/sub-${i % 7}/document-${i}.md`, version: 1 + (i % 3), hash: (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(2) }]));

describe('manifest (issue 13: one record for the whole tree, written without blocking an editor host)', () => {
  it("a shard's size summed from its rows is its JSON size (ids, Unicode paths, rows with and without version and hash)", () => {
    const cases: Record<string, [string, number?, string?]>[] = [
      {},
      { '1': ['a.md'] },
      { '123456': ['docs/ünïcødé/日本語.md', 3, '0123456789abcdef'], '77': ['docs/"quoted"\\back.md', 1], x9: ['docs/a b.md'] },
      Object.fromEntries([...pages(500)].map(([id, e]) => [id, [e.source, e.version, e.hash] as [string, number, string]])),
    ];
    for (const rows of cases) assert.equal(summedShardSize(rows), shardSize(rows));
  });

  it('10,000 pages: shards under the size limit, as few as fit (a power of two), every page in its shard, read back whole', async () => {
    const { api, props } = propertyApi();
    const set = pages(10_000);
    const written = await writeManifest(api, 'root', { set, remove: new Set(), changed: new Set(set.keys()) });
    const shards = (props.get(manifestKey(0))!.value as { shards: number }).shards;
    assert.equal(written, shards);
    assert.ok(shards > 1 && (shards & (shards - 1)) === 0, `shards ${shards}`);
    const all = new Map<string, unknown>();
    let half = Array.from({ length: shards / 2 }, () => ({} as Record<string, [string, number?, string?]>));
    for (let s = 0; s < shards; s++) {
      const rows = (props.get(manifestKey(s))!.value as { pages: Record<string, [string, number?, string?]> }).pages;
      assert.ok(shardSize(rows) <= SHARD_BYTES, `shard ${s}: ${shardSize(rows)} bytes`);
      for (const [id, row] of Object.entries(rows)) {
        assert.equal(shardOf(id, shards), s);
        all.set(id, row);
        half[shardOf(id, shards / 2)][id] = row;
      }
    }
    assert.equal(all.size, 10_000);
    // Half as many shards would not fit: the growth stopped at the first count that does.
    assert.ok(half.some((rows) => shardSize(rows) > SHARD_BYTES));
    half = [];
    const loaded = await Manifest.load(api, 'root');
    assert.equal(loaded.size, 10_000);
    assert.deepEqual(loaded.get('100007'), set.get('100007'));
  });

  it('gives the event loop turns while it merges and spreads 10,000 rows (before its first write)', async () => {
    const fake = propertyApi();
    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    let ticksBeforeWrite = -1;
    fake.onFirstWrite = () => (ticksBeforeWrite = ticks);
    const set = pages(10_000);
    setImmediate(tick);
    try {
      await writeManifest(fake.api, 'root', { set, remove: new Set(), changed: new Set(set.keys()) });
    } finally {
      ticking = false;
    }
    // Each pass over the rows (merge, size, spread at each doubling) yields every ROWS_PER_TURN rows.
    assert.ok(ticksBeforeWrite >= (3 * 10_000) / ROWS_PER_TURN, `event loop turns before the first write: ${ticksBeforeWrite}`);
  });

  it('adding one page to a 10,000-page manifest writes its shard only', async () => {
    const { api, writes, props } = propertyApi();
    const set = pages(10_000);
    await writeManifest(api, 'root', { set, remove: new Set(), changed: new Set(set.keys()) });
    writes.length = 0;
    const one = new Map([['999999', { source: 'docs/new.md', version: 1 }]]);
    const n = await writeManifest(api, "root", { set: one, remove: new Set(), changed: new Set(one.keys()) });
    const shards = (props.get(manifestKey(0))!.value as { shards: number }).shards;
    assert.equal(n, 1);
    assert.deepEqual(writes, [manifestKey(shardOf('999999', shards))]);
    assert.deepEqual((await Manifest.load(api, 'root')).get('999999'), { source: 'docs/new.md', version: 1 });
  });
});
