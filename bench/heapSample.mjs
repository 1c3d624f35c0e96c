// What a process leaves for V8's old generation, by allocating stack (how the mapping saves and the per-page tasks of
// a 10,000-doc publish were found). Two uses:
// 1. Preload: samples allocations that survive the young generation (objects a minor GC frees are dropped; those a
//    full GC frees later are kept: promoted garbage, plus what is live at exit) and writes a .heapprofile at exit
//    (opens in Chrome DevTools, Memory tab):
//      HEAP_SAMPLE_OUT=/tmp/x.heapprofile node --import file://$PWD/bench/heapSample.mjs dist/cli.js sync --json
// 2. Summary: `node bench/heapSample.mjs /tmp/x.heapprofile [N]` prints the MB per function and the N heaviest stacks.
import { Session } from 'node:inspector';
import { readFileSync, writeFileSync } from 'node:fs';

if (process.env.HEAP_SAMPLE_OUT) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  process.on('exit', () => {
    // An in-process session answers synchronously, so the file is written before the process ends.
    session.post('HeapProfiler.stopSampling', (err, r) => {
      if (!err) writeFileSync(process.env.HEAP_SAMPLE_OUT, JSON.stringify(r.profile));
    });
  });
} else if (process.argv[2]) {
  const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const self = new Map();
  const stacks = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    const here = [...stack, name];
    if (node.selfSize) {
      total += node.selfSize;
      self.set(name, (self.get(name) ?? 0) + node.selfSize);
      const key = here.slice(-8).reverse().join('\n      < ');
      stacks.set(key, (stacks.get(key) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, here);
  };
  walk(profile.head, []);
  const mb = (b) => (b / 1048576).toFixed(1).padStart(7);
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`${mb(total)} MB sampled in all`);
  for (const [k, v] of top(self, 30)) console.log(`${mb(v)} ${k}`);
  console.log('\nheaviest stacks:');
  for (const [k, v] of top(stacks, Number(process.argv[3] ?? 15))) console.log(`${mb(v)} ${k}`);
}
