import { strict as assert } from 'node:assert';
import { AdaptiveLimiter, type Permit } from '../../../src/core/confluence/limiter';

async function acquireN(l: AdaptiveLimiter, n: number): Promise<Permit[]> {
  const out: Permit[] = [];
  for (let i = 0; i < n; i++) out.push(await l.acquire());
  return out;
}

describe('AdaptiveLimiter', () => {
  it('never grants more slots than the limit; the next waiter gets the released slot', async () => {
    const l = new AdaptiveLimiter({ initial: 2, max: 2 });
    const [a] = await acquireN(l, 2);
    let third = false;
    const p = l.acquire().then((permit) => {
      third = true;
      return permit;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(third, false);
    assert.equal(l.snapshot().queued, 1);
    a.release('neutral');
    (await p).release('neutral');
    assert.equal(third, true);
  });

  it('grows by one per success while saturated (slow start) up to max', async () => {
    const l = new AdaptiveLimiter({ initial: 2, max: 5 });
    for (let round = 0; round < 5; round++) {
      const permits = await acquireN(l, l.limit);
      for (const p of permits) p.release('success');
    }
    assert.equal(l.limit, 5);
    assert.equal(l.snapshot().peakLimit, 5);
  });

  it('does not grow when the limit is not the bottleneck', async () => {
    const l = new AdaptiveLimiter({ initial: 4, max: 64 });
    for (let i = 0; i < 20; i++) (await l.acquire()).release('success');
    assert.equal(l.limit, 4);
  });

  it('halves on throttle once per burst, then grows additively', async () => {
    const l = new AdaptiveLimiter({ initial: 16, max: 64 });
    const permits = await acquireN(l, 16);
    // The whole burst gets 429: only the first cuts the limit.
    for (const p of permits) p.release('throttled');
    assert.equal(l.limit, 8);
    assert.equal(l.snapshot().decreases, 1);
    // A new request started after the cut can cut again.
    (await l.acquire()).release('throttled');
    assert.equal(l.limit, 4);
    // Congestion avoidance: +1 per window of `limit` successes, not per success.
    const before = l.limit;
    const burst = await acquireN(l, l.limit);
    for (const p of burst) p.release('success');
    assert.ok(l.limit <= before + 1, `limit ${l.limit} grew more than one slot per window`);
  });

  it('never goes below min', async () => {
    const l = new AdaptiveLimiter({ initial: 2, min: 1 });
    for (let i = 0; i < 5; i++) (await l.acquire()).release('throttled');
    assert.equal(l.limit, 1);
  });

  it('pauseFor holds new grants until the pause ends', async () => {
    const l = new AdaptiveLimiter({ initial: 4 });
    l.pauseFor(80);
    const started = Date.now();
    const p = await l.acquire();
    const waited = Date.now() - started;
    p.release('neutral');
    assert.ok(waited >= 70, `granted after ${waited} ms`);
  });

  it('rejects a waiting acquire when its signal aborts, and keeps the queue consistent', async () => {
    const l = new AdaptiveLimiter({ initial: 1, max: 1 });
    const held = await l.acquire();
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    assert.equal(l.snapshot().queued, 0);
    held.release('neutral');
    (await l.acquire()).release('neutral');
  });

  it('releasing a permit twice has no effect', async () => {
    const l = new AdaptiveLimiter({ initial: 1, max: 1 });
    const p = await l.acquire();
    p.release('neutral');
    p.release('neutral');
    assert.equal(l.snapshot().active, 0);
    const q = await l.acquire();
    assert.equal(l.snapshot().active, 1);
    q.release('neutral');
  });
});
