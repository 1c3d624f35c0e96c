/**
 * The preview's own work for a 1 MB document (issue 13, "Editing a large document"): what the editor worker does for
 * the first render and for each keystroke after it (`EditorWork.preview`, incremental: a keystroke converts only the
 * sections it is in, see previewSections.ts, and only the changed blocks go back to the editor). The end-to-end figure (`test/e2e/editing-large.e2e.ts`) adds the 150 ms debounce and whatever else
 * runs in the extension host (VS Code's built-in Markdown extension parses the same document on every change).
 * Run with `npm run bench` or `npx tsx bench/preview.ts`.
 */
import { cpus, loadavg } from 'node:os';
import { EditorWork } from '../src/extension/editorWork/editorJobs';
import { largeDocument } from '../test/fixtures/largeDocument';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runPreviewBench(): Promise<void> {
  const text = largeDocument();
  const site = { root: process.cwd(), spaceKey: 'DOCS' };
  const job = (t: string, fresh = false) => ({ text: t, rel: 'docs/large.md', site, unsaved: {}, incremental: { key: 'bench', fresh } });
  const work = new EditorWork();
  let t = performance.now();
  const first = work.preview(job(text, true));
  const firstMs = performance.now() - t;
  const edits: number[] = [];
  let bytes = 0;
  let current = text;
  for (let i = 0; i < 9; i++) {
    // a keystroke in the middle of the page, then one at its end
    const at = i % 2 ? current.length : Math.floor(current.length / 2);
    current = `${current.slice(0, at)}x${current.slice(at)}`;
    t = performance.now();
    const r = work.preview(job(current));
    edits.push(performance.now() - t);
    bytes = Math.max(bytes, JSON.stringify(r.blocks).length);
  }
  console.log(`\n== preview: ${(text.length / 1e6).toFixed(2)} MB of Markdown, ${first.blocks.length} blocks; ${cpus().length} CPU(s), load ${loadavg()[0].toFixed(1)} ==`);
  console.log(`first render: ${firstMs.toFixed(0)} ms`);
  console.log(`one keystroke: median ${median(edits).toFixed(0)} ms (${Math.min(...edits).toFixed(0)}–${Math.max(...edits).toFixed(0)} ms over ${edits.length}); at most ${bytes} bytes of blocks sent back`);
  console.log(`conversions: ${work.conversions.pages} of the whole page, ${work.conversions.runs} of sections alone`);
}

if (require.main === module) {
  runPreviewBench().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
