// A listing walked from both ends (src/core/confluence/bothEnds.ts): complete and in id order for every size, about
// half the round trips in a row of a one-ended walk, at most one more request per side, safe on odd servers.
/* eslint-disable @typescript-eslint/no-explicit-any -- the fake answers what the client reads as Json (any) */
import { strict as assert } from 'node:assert';
import { listFromBothEnds } from '../../../src/core/confluence/bothEnds';
import type { JsonResponse, RequestSpec } from '../../../src/core/confluence/executor';

/** A fake v2 listing of `ids` (offset cursors, like the local server), counting requests and their longest chain. */
function server(ids: Array<string | number>, size: number, opts: { repeatLink?: boolean } = {}) {
  const stats = { requests: 0, inFlight: 0, rounds: 0 };
  const request = async (spec: RequestSpec): Promise<JsonResponse<any>> => {
    stats.requests++;
    const url = new URL(spec.url.startsWith('http') ? spec.url : `http://x${spec.url}`);
    const sort = spec.query?.sort !== undefined ? String(spec.query.sort) : (url.searchParams.get('sort') ?? 'id');
    const offset = Number(url.searchParams.get('o') ?? 0);
    const sorted = [...ids].sort((a, b) => (Number(a) - Number(b)) * (sort === '-id' ? -1 : 1));
    const results = sorted.slice(offset, offset + size).map((id) => ({ id, title: `Page ${id}` }));
    const nextOffset = opts.repeatLink ? size : offset + size;
    const next = offset + size < sorted.length ? `/pages?sort=${encodeURIComponent(sort)}&o=${nextOffset}` : undefined;
    await new Promise((resolve) => setImmediate(resolve));
    return { status: 200, headers: {}, data: { results, _links: next ? { next } : {} } } as unknown as JsonResponse<any>;
  };
  return { stats, request };
}

const nextOf = (res: JsonResponse<any>) => (res.data as { _links?: { next?: string } })._links?.next;
const spec: RequestSpec = { method: 'GET', url: '/pages', query: { limit: 3 }, operation: 'list', kind: 'read' };
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1000 + i * 7));

describe('a listing from both ends', () => {
  for (const n of [0, 1, 3, 4, 6, 7, 10, 31, 100]) {
    it(`lists all of ${n} pages once, in id order, with at most one request more per side`, async () => {
      const s = server(ids(n).reverse(), 3);
      const pages = await listFromBothEnds(s.request, spec, nextOf, (item) => (item as { id: string }).id);
      assert.deepEqual(pages, ids(n));
      const pagesOfResults = Math.max(1, Math.ceil(n / 3));
      assert.ok(s.stats.requests <= pagesOfResults + 2, `${s.stats.requests} requests for ${pagesOfResults} pages`);
      if (n <= 3) assert.equal(s.stats.requests, 1, 'one page of results: one request');
    });
  }

  it('takes about half the round trips one after the other', async () => {
    // each side sends its next request when its previous one answered: its request count is its chain of round trips
    const s = server(ids(300), 10);
    const perSide = { up: 0, down: 0 };
    const pages = await listFromBothEnds(async (next) => {
      const sort = next.query?.sort ?? new URL(`http://x${next.url}`).searchParams.get('sort');
      perSide[sort === '-id' ? 'down' : 'up']++;
      return s.request(next);
    }, spec, nextOf, (item) => (item as { id: string }).id);
    assert.equal(pages.length, 300);
    // one-ended: 30 in a row
    assert.ok(Math.max(perSide.up, perSide.down) <= 17, JSON.stringify(perSide));
    assert.ok(perSide.up + perSide.down <= 32, JSON.stringify(perSide));
  });

  it('falls back to one end when ids are not numbers, and stops on a repeated link', async () => {
    const odd = server(['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7'], 3);
    const pages = await listFromBothEnds(odd.request, spec, nextOf, (item) => (item as { id: string }).id);
    assert.equal(new Set(pages).size, 7);
    const looping = server(ids(20), 3, { repeatLink: true });
    const some = await listFromBothEnds(looping.request, spec, nextOf, (item) => (item as { id: string }).id);
    assert.ok(looping.stats.requests < 10);
    assert.ok(some.length >= 3);
  });
});
