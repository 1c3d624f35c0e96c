// The conversion cache's memory bound (the engine's own cache is bounded small: ENGINE_CACHE_MEMORY).
import { strict as assert } from 'node:assert';
import type { ConvertOptions, ConvertResult } from '../../../src/core/markdown/types';
import { ConversionCache } from '../../../src/core/sync/conversionCache';

const convert = (source: string): ConvertResult => ({ storage: `<p>${source}</p>`, frontMatter: {}, labels: [], attachments: [], links: [], headings: [], warnings: [] }) as unknown as ConvertResult;
const opts = (path: string) => ({ path }) as ConvertOptions;

describe('conversion cache memory bound', () => {
  it('keeps at most maxEntries in memory: the least recently used leaves first', () => {
    const cache = new ConversionCache({ maxEntries: 2 });
    for (const d of ['a', 'b', 'c']) cache.convert(convert, d, opts(`${d}.md`));
    cache.convert(convert, 'c', opts('c.md'));
    assert.deepEqual(cache.stats, { hits: 1, misses: 3, unread: 0 });
    cache.convert(convert, 'a', opts('a.md'));
    assert.equal(cache.stats.misses, 4, '"a" left the memory');
  });

  it('keeps at most maxBytes of bodies in memory', () => {
    const cache = new ConversionCache({ maxBytes: 50_000 });
    const big = 'x'.repeat(20_000);
    cache.convert(convert, `1${big}`, opts('1.md'));
    cache.convert(convert, `2${big}`, opts('2.md'));
    cache.convert(convert, `1${big}`, opts('1.md'));
    assert.equal(cache.stats.hits, 0, 'two 40 KB bodies do not fit in 50 KB');
  });

});
