/**
 * Diagram rendering benchmark: 50 different Mermaid diagrams (flowcharts, sequence, class, state diagrams) rendered
 * by the CLI's renderer with ONE headless Chromium start, then the same 50 from the render cache (no browser).
 * Target: < 10 s for the 50. Needs a Chromium (CONFLUENCE_BROWSER or one on the PATH); skipped without one.
 * Run with `npm run bench diagrams` or `npx tsx bench/diagrams.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem, prepareDiagrams } from '../src/core';
import { cliDiagramRenderers } from '../src/cli/diagrams';

function diagram(i: number): string {
  switch (i % 4) {
    case 0:
      return `graph TD\n  A${i}[Start ${i}] --> B{Check}\n  B -->|yes| C[Do ${i}]\n  B -->|no| D[Skip]\n  C --> E[End]\n  D --> E`;
    case 1:
      return `sequenceDiagram\n  participant U as User ${i}\n  U->>API: request ${i}\n  API->>DB: query\n  DB-->>API: rows\n  API-->>U: response`;
    case 2:
      return `classDiagram\n  class Page${i} {\n    +String title\n    +publish()\n  }\n  Page${i} <|-- Folder${i}`;
    default:
      return `stateDiagram-v2\n  [*] --> Draft${i}\n  Draft${i} --> Review\n  Review --> Published\n  Published --> [*]`;
  }
}

export async function runDiagramsBench(): Promise<void> {
  const { renderers, unavailable } = cliDiagramRenderers(undefined, process.env, process.cwd());
  if (!renderers.length) {
    console.log(`diagrams: skipped (${unavailable.mermaid ?? 'no renderer'})`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'd2c-bench-diagrams-'));
  try {
    const docs = Array.from({ length: 5 }, (_, d) =>
      Array.from({ length: 10 }, (_, k) => '```mermaid\n' + diagram(d * 10 + k) + '\n```\n').join('\n'),
    );
    const setup = { root, fs: nodeFileSystem, config: {}, renderers };
    let t = Date.now();
    const first = await prepareDiagrams(setup, docs);
    const cold = Date.now() - t;
    t = Date.now();
    const second = await prepareDiagrams(setup, docs);
    const warm = Date.now() - t;
    console.log(`diagrams: ${first.rendered} Mermaid diagrams rendered with one browser start in ${(cold / 1000).toFixed(1)} s (target < 10 s); re-run: ${second.cached} from the cache, ${second.rendered} rendered, ${warm} ms, no browser`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) void runDiagramsBench();
