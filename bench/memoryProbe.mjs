// Peak memory per phase of one `confluence sync --verbose` process (preload: node --import ./bench/memoryProbe.mjs).
// Samples process.memoryUsage() every 50 ms; the phase is "plan" until the engine's debug line "planned N pages",
// "apply" until "published in", then "end". At exit writes { peaks: { phase: { rss, heapUsed, external,
// arrayBuffers } }, maxRSS (KB), samples: [ms, phase, rssMB, heapMB, externalMB] } to $MEM_OUT.
// Optional: MEM_SNAP_MB=330 MEM_SNAP_PHASE=apply MEM_SNAP_FILE=/tmp/x.heapsnapshot writes one heap snapshot when
// heapUsed first passes MEM_SNAP_MB in that phase. Memory figures do not depend on machine load.
//   MEM_OUT=/tmp/mem.json node --import file://$PWD/bench/memoryProbe.mjs dist/cli.js sync --json --verbose
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const t0 = Date.now();
const samples = [];
const peaks = {};
let phase = 'plan';
let snapped = false;
const snapAt = Number(process.env.MEM_SNAP_MB ?? 0);

function sample() {
  const m = process.memoryUsage();
  const p = (peaks[phase] ??= { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
  for (const k of Object.keys(p)) p[k] = Math.max(p[k], m[k]);
  samples.push([Date.now() - t0, phase, m.rss >> 20, m.heapUsed >> 20, m.external >> 20]);
  if (snapAt && !snapped && m.heapUsed > snapAt * 1048576 && phase === (process.env.MEM_SNAP_PHASE ?? phase)) {
    snapped = true;
    v8.writeHeapSnapshot(process.env.MEM_SNAP_FILE);
  }
}
setInterval(sample, 50).unref();
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    const text = String(chunk);
    if (/planned \d+ pages/.test(text)) (sample(), (phase = 'apply'));
    else if (/published in \d+ ms/.test(text)) (sample(), (phase = 'end'));
    return write(chunk, ...rest);
  };
}
process.on('exit', () => {
  sample();
  if (process.env.MEM_OUT) writeFileSync(process.env.MEM_OUT, JSON.stringify({ peaks, maxRSS: process.resourceUsage().maxRSS, samples }));
});
