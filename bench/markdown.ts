/**
 * Markdown -> storage benchmark on the docs corpus (test/fixtures/corpus) and on a 3 MB, 60-document set built from
 * it in memory. Times include the title/anchor scan of the whole set (link resolution) and the conversion of every
 * document, in one process. Prints medians of several runs. Run with `npm run bench` or `npx tsx bench/markdown.ts`.
 */
import { posix } from 'node:path';
import { convertMarkdown, scanDocument, type LinkTarget } from '../src/core/markdown';
import { storageToHtml, storageToMarkdown } from '../src/core/storage';
import { CORPUS_SPACE, corpusOptions, loadCorpus, type CorpusDocument } from '../test/fixtures/corpus';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);

/** 60 documents of ~50 KB each: corpus documents repeated, kept in their folders so links and images still resolve. */
export function scaledCorpus(docs: CorpusDocument[], count = 60, targetBytes = 3_000_000): CorpusDocument[] {
  const perDoc = targetBytes / count;
  const out: CorpusDocument[] = [];
  for (let i = 0; i < count; i++) {
    const d = docs[i % docs.length];
    const body = d.source.replace(/^---\n[\s\S]*?\n---\n/, '');
    const parts: string[] = [`---\ntitle: "${d.path} (scaled ${i + 1})"\n---\n`];
    let size = parts[0].length;
    while (size < perDoc) {
      parts.push(body, '\n\n');
      size += body.length + 2;
    }
    out.push({ path: posix.join(posix.dirname(d.path), `scaled-${i + 1}-${posix.basename(d.path)}`), source: parts.join('') });
  }
  return out;
}

interface Timing {
  totalMs: number;
  scanMs: number;
  /** CPU time of this process (user + system): less sensitive than wall time to other load on the machine. */
  cpuMs: number;
}

/** Scans the set (titles, anchors), then converts every document with links resolved against the set. */
function convertSet(set: CorpusDocument[], base: CorpusDocument[]): Timing {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const targets = new Map<string, LinkTarget>();
  for (const d of [...base, ...set]) {
    if (targets.has(d.path)) continue;
    const o = scanDocument(d.source, d.path);
    targets.set(d.path, { title: o.title, spaceKey: CORPUS_SPACE, anchors: o.anchors });
  }
  const t1 = performance.now();
  const { optionsFor } = corpusOptions([]);
  let warnings = 0;
  for (const d of set) {
    const r = convertMarkdown(d.source, { ...optionsFor(d.path), resolveDocument: (p) => targets.get(p) });
    warnings += r.warnings.length;
  }
  if (warnings > 0) throw new Error(`benchmark set has ${warnings} warnings (broken links?)`);
  const cpu = process.cpuUsage(c0);
  return { totalMs: performance.now() - t0, scanMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function measure(label: string, set: CorpusDocument[], base: CorpusDocument[], runs: number): number {
  const bytes = set.reduce((n, d) => n + Buffer.byteLength(d.source), 0);
  for (let i = 0; i < 3; i++) convertSet(set, base); // warm up the JIT
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) timings.push(convertSet(set, base));
  const total = median(timings.map((t) => t.totalMs));
  const scan = median(timings.map((t) => t.scanMs));
  const cpu = median(timings.map((t) => t.cpuMs));
  console.log(
    `markdown: ${label}: ${set.length} docs, ${mb(bytes)} MB: median ${total.toFixed(1)} ms ` +
      `(title scan ${scan.toFixed(1)} ms; CPU ${cpu.toFixed(1)} ms), ${(total / set.length).toFixed(2)} ms/doc, ${(bytes / 1e6 / (total / 1000)).toFixed(1)} MB/s ` +
      `[${runs} runs: ${timings.map((t) => t.totalMs.toFixed(0)).join(', ')} ms]`,
  );
  return Math.min(total, cpu);
}

export async function runMarkdownBench(): Promise<void> {
  const docs = loadCorpus();
  measure('corpus', docs, docs, 9);
  const scaled = scaledCorpus(docs);
  const total = measure('scaled corpus', scaled, docs, 7);
  const load = (await import('node:os')).loadavg()[0];
  console.log(
    `markdown: target: 3 MB / 60 docs in < 1000 ms -> ${total < 1000 ? 'met' : 'NOT met'} (${total.toFixed(0)} ms, the lower of wall and CPU median; load average ${load.toFixed(1)})`,
  );

  // the reverse and the preview, on the corpus storage
  const { optionsFor } = corpusOptions(docs);
  const storages = docs.map((d) => convertMarkdown(d.source, optionsFor(d.path)).storage);
  const storageBytes = storages.reduce((n, s) => n + Buffer.byteLength(s), 0);
  for (const [label, fn] of [
    ['storage -> Markdown', (s: string) => storageToMarkdown(s)],
    ['storage -> preview HTML', (s: string) => storageToHtml(s)],
  ] as const) {
    for (let i = 0; i < 2; i++) storages.forEach(fn);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      storages.forEach(fn);
      times.push(performance.now() - t);
    }
    const m = median(times);
    console.log(`markdown: ${label}: ${docs.length} pages, ${mb(storageBytes)} MB: median ${m.toFixed(1)} ms, ${(m / docs.length).toFixed(2)} ms/page, ${(storageBytes / 1e6 / (m / 1000)).toFixed(1)} MB/s`);
  }
}

if (require.main === module) {
  runMarkdownBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
