/**
 * Secret scanner benchmark: scan time for a 3 MB docs set built from the docs corpus (test/fixtures/corpus, or
 * generated docs when it is missing), per-document latency (what a save costs), and a secret-dense 3 MB set built
 * from the labelled secrets corpus. Prints medians of several runs. Run with `npm run bench` or `npx tsx bench/secrets.ts`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanText, scanTextSync, SecretScanCache } from '../src/core/secrets';
import { loadLabelledCorpus } from '../test/unit/secrets/labelledCorpus';

const ROOT = join(__dirname, '..');
const TARGET_BYTES = 3_000_000;
const RUNS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? markdownFiles(p) : /\.md$/i.test(name) ? [p] : [];
    });
}

/** Ordinary docs with the usual vocabulary (tokens, passwords, URLs, tables, code) but no secrets. */
function generatedDocs(): string[] {
  return Array.from({ length: 50 }, (_, i) =>
    `# Service ${i}\n\nAuthenticate with the API token from the vault (\`$SERVICE_TOKEN\`), never a password in a page.\n\n` +
      `\`\`\`bash\ncurl -H "Authorization: Bearer $TOKEN" https://svc-${i}.internal/api/v1/items?limit=50\n\`\`\`\n\n` +
      `| Setting | Default | Notes |\n|---|---|---|\n| timeout | ${i}s | per request |\n| password_min_length | 12 | policy |\n\n` +
      `See https://confluence.example.com/display/ENG/Service+${i} and commit ${(i * 2654435761).toString(16).padStart(40, 'a')}.\n`.repeat(20),
  );
}

/** Repeats documents (as separate documents) until the set reaches about `target` bytes. */
function scaleTo(docs: string[], target: number): string[] {
  const out: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < target; i++) {
    const d = docs[i % docs.length];
    out.push(d);
    bytes += Buffer.byteLength(d);
  }
  return out;
}

async function timeSet(label: string, docs: string[]): Promise<void> {
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  const asyncRuns: number[] = [];
  const syncRuns: number[] = [];
  const perDoc: number[] = [];
  let findings = 0;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    findings = 0;
    for (let i = 0; i < docs.length; i++) {
      const d0 = performance.now();
      findings += (await scanText(docs[i], `doc-${i}.md`)).length;
      if (r === RUNS - 1) perDoc.push(performance.now() - d0);
    }
    asyncRuns.push(performance.now() - t);
    t = performance.now();
    for (let i = 0; i < docs.length; i++) scanTextSync(docs[i], `doc-${i}.md`);
    syncRuns.push(performance.now() - t);
  }
  const ms = median(asyncRuns);
  console.log(
    `${label}: ${docs.length} docs, ${(bytes / 1e6).toFixed(2)} MB, ${findings} findings: ` +
      `scanText ${ms.toFixed(0)} ms (${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s), scanTextSync ${median(syncRuns).toFixed(0)} ms; ` +
      `per document median ${median(perDoc).toFixed(2)} ms, p95 ${pct(perDoc, 0.95).toFixed(2)} ms, max ${Math.max(...perDoc).toFixed(2)} ms`,
  );
}

export async function runSecretsBench(): Promise<void> {
  const corpusFiles = markdownFiles(join(ROOT, 'test/fixtures/corpus'));
  const base = corpusFiles.length ? corpusFiles.map((f) => readFileSync(f, 'utf8')) : generatedDocs();
  const source = corpusFiles.length ? `test/fixtures/corpus (${corpusFiles.length} docs, scaled up)` : 'generated docs';
  await scanText(base[0], 'warmup.md'); // load secretlint and compile the rules once, as the extension does on activation
  await timeSet(`secrets: docs set from ${source}`, scaleTo(base, TARGET_BYTES));
  const set = scaleTo(base, TARGET_BYTES).map((d, i) => `${d}\n<!-- copy ${i} -->\n`); // distinct contents
  const cache = new SecretScanCache(5000);
  for (let i = 0; i < set.length; i++) await cache.scan(set[i], `doc-${i}.md`);
  const t = performance.now();
  for (let i = 0; i < set.length; i++) await cache.scan(set[i], `doc-${i}.md`);
  console.log(`secrets: the same 3 MB set again through SecretScanCache (nothing changed): ${(performance.now() - t).toFixed(0)} ms, ${cache.hits} hits`);
  const big = scaleTo([base.join('\n\n')], 50_000).join('\n\n').slice(0, 50_000);
  await timeSet('secrets: one 50 KB document (a save in the editor)', [big]);
  const dense = loadLabelledCorpus().map((d) => d.text);
  await timeSet('secrets: secret-dense set from the labelled corpus (worst case)', scaleTo(dense, TARGET_BYTES));
}

if (require.main === module) {
  runSecretsBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
