// Issue 13, "Editing a large document": typing in a 1 MB Markdown document with the Confluence preview open. The
// extension host's longest stalls (CONFLUENCE_MEASURE_STALLS, src/extension/util/stallMonitor.ts) and the time from
// the last keystroke to the preview showing it are written to test-results/e2e/editing-large/figures.json.
// The webview is patched, not replaced: its scroll position stays and it keeps its script instance.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { paths, useVSCode, waitFor } from './harness';

const RESULTS = path.join(paths.RESULTS_DIR, 'editing-large');
const STALLS = path.join(RESULTS, 'stalls.jsonl');

/** About 1 MB of Markdown: headings, paragraphs with links, lists, code and tables. */
export function largeDocument(bytes = 1_000_000): string {
  const parts = ['# Large document\n'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `\n## Section ${i}\n\nParagraph ${i} with **bold**, \`code\` and a [link to the install guide](guides/install.md). ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3)}\n\n- item ${i}.1\n- item ${i}.2 with _emphasis_\n\n${i % 5 === 0 ? '```ts\nconst x = ' + i + ';\n```\n' : '| a | b |\n| - | - |\n| ' + i + ' | cell |\n'}`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

async function previewFrame(frames: () => Promise<Frame[]>, match: string): Promise<Frame> {
  return waitFor(async () => {
    for (const f of await frames()) {
      if (await f.evaluate((m) => document.body.textContent?.includes(m) ?? false, match).catch(() => false)) return f;
    }
    return undefined;
  }, { timeout: 180_000, message: `the preview showing ${match}` });
}

function stallsSince(t: number): number[] {
  if (!existsSync(STALLS)) return [];
  return readFileSync(STALLS, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: number; maxMs: number }).filter((r) => r.t >= t).map((r) => r.maxMs);
}

describe('editing a 1 MB document with the preview open', function () {
  this.timeout(600_000);
  const vscode = useVSCode({
    name: 'editing-large',
    env: { CONFLUENCE_MEASURE_STALLS: STALLS },
    prepareWorkspace: (dir) => {
      writeFileSync(path.join(dir, 'docs', 'large.md'), largeDocument());
      writeFileSync(STALLS, '');
    },
  });

  it('typing never waits on the preview or Problems; the preview is patched after typing stops', async () => {
    const { workbench } = vscode();
    await workbench.openFile('docs/large.md');
    await workbench.runCommand('Confluence: Preview as Confluence');
    const frame = await previewFrame(() => workbench.webviewFrames(), 'Section 1500');
    const shell = await frame.evaluate(() => ({
      // VS Code's webview host adds its own script to a webview with scripts enabled; ours is the only other.
      scripts: Array.from(document.scripts).filter((x) => x.src.endsWith('/media/preview.js')).length,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    assert.equal(shell.scripts, 1, 'the preview script');
    assert.match(shell.csp, /script-src 'nonce-[^']+'(;|$)/);
    assert.doesNotMatch(shell.csp, /unsafe-inline|unsafe-eval/);
    // Read the middle of the page; the patch must not move it.
    const scrolled = await frame.evaluate(() => {
      window.scrollTo(0, document.body.scrollHeight / 2);
      return window.scrollY;
    });
    assert.ok(scrolled > 1000, `scrolled to ${scrolled}`);
    await new Promise((r) => setTimeout(r, 1500));

    const typingStarted = Date.now();
    await workbench.typeInEditor('\nTyped marker zebra-42, while the preview is open.\n');
    const typingEnded = Date.now();
    await previewFrame(async () => [frame], 'zebra-42');
    const updateMs = Date.now() - typingEnded;
    const after = await frame.evaluate(() => ({ y: window.scrollY, version: Number(document.body.dataset.version ?? 0) }));
    assert.ok(after.version >= 1, 'the page was patched by the preview script, not replaced');
    assert.ok(Math.abs(after.y - scrolled) <= 2, `scroll position kept (${scrolled} -> ${after.y})`);
    await new Promise((r) => setTimeout(r, 1500));
    const stalls = stallsSince(typingStarted);
    assert.ok(stalls.length > 0, `stall figures in ${STALLS}`);
    const figures = {
      documentBytes: largeDocument().length,
      typingMs: typingEnded - typingStarted,
      previewUpdateAfterTypingMs: updateMs,
      maxStallMs: Math.max(...stalls),
      stallWindows: stalls,
    };
    writeFileSync(path.join(RESULTS, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`      figures: ${JSON.stringify({ ...figures, stallWindows: undefined })}`);
    await vscode().screenshot('large-document-preview-patched');
    // Loose bounds (a shared CI machine): before the worker, stalls reached 1-1.8 s and updates 1.3 s per keystroke.
    assert.ok(figures.maxStallMs < 500, `extension host stalled ${figures.maxStallMs} ms while typing`);
    assert.ok(updateMs < 5000, `preview updated ${updateMs} ms after typing stopped`);
  });
});
