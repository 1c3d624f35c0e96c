import { strict as assert } from 'node:assert';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../../src/cli/heapGrowth';

describe('the CLI process limits how far V8 grows the old generation between full collections', () => {
  it('sets --heap-growing-percent when the user gave none', () => {
    assert.equal(heapGrowthFlag([], undefined), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    assert.equal(heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=4096'), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    assert.ok(HEAP_GROWING_PERCENT > 0 && HEAP_GROWING_PERCENT < 300, 'between "no growth" and V8\'s own 4×');
  });

  it('leaves a value the user gave on the command line or in NODE_OPTIONS (0 = V8\'s own choice)', () => {
    assert.equal(heapGrowthFlag(['--heap-growing-percent=0'], undefined), undefined);
    assert.equal(heapGrowthFlag(['--heap_growing_percent=200'], ''), undefined);
    assert.equal(heapGrowthFlag([], '--inspect --heap-growing-percent=300'), undefined);
    assert.equal(heapGrowthFlag(['--heap-growing-percentage=1'], '--heap-growing-percents=3'), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, 'only the exact flag');
  });
});
