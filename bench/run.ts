/** `npm run bench`: every benchmark of the project, one after the other (each prints its own figures). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';

type Bench = { file: string; fn: string };
const BENCHES: Bench[] = [
  { file: 'markdown', fn: 'runMarkdownBench' },
  { file: 'secrets', fn: 'runSecretsBench' },
  { file: 'sync', fn: 'runSyncBench' },
  { file: 'import', fn: 'runImportBench' },
  { file: 'pull', fn: 'runPullBench' },
  { file: 'diagrams', fn: 'runDiagramsBench' },
  // The editor worker's preview of a 1 MB document: first render and one keystroke (issue 13, editing).
  { file: 'preview', fn: 'runPreviewBench' },
  { file: 'scale', fn: 'runScaleBench' },
  // The extension's publish in code-server vs the CLI (issue 13, extmodel); skips without code-server.
  { file: 'extension-publish', fn: 'runExtensionPublishBench' },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  console.log(`node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const b of BENCHES) {
    if (only.length && !only.includes(b.file)) continue;
    if (!existsSync(join(__dirname, `${b.file}.ts`))) {
      console.log(`(bench/${b.file}.ts not present, skipped)`);
      continue;
    }
    const mod = (await import(`./${b.file}`)) as Record<string, () => Promise<void>>;
    if (typeof mod[b.fn] !== 'function') {
      console.log(`(bench/${b.file}.ts has no ${b.fn}(), skipped)`);
      continue;
    }
    await mod[b.fn]();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
