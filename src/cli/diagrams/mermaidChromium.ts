import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagramBlock, DiagramRenderer, RenderOutcome } from '../../core';

interface Playwright {
  chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> };
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  locator(selector: string): { screenshot(opts: { omitBackground: boolean }): Promise<Buffer> };
}

type BrowserOutcome = { svg: string } | { error: string; line?: number };

/**
 * Mermaid in a headless Chromium on this machine, driven by playwright-core with mermaid's own browser bundle: the
 * browser starts once per `renderMany` (one per run, for every diagram of the publish) and renders them one after
 * the other in one page. A diagram's syntax error is its outcome (with the line mermaid names), not an exception.
 */
export class ChromiumMermaidRenderer implements DiagramRenderer {
  readonly languages = ['mermaid'];
  readonly id: string;

  constructor(
    /** playwright-core, loaded when a diagram is rendered (status and cached runs never load it). */
    private readonly playwright: () => Playwright | undefined,
    private readonly browserPath: string,
    private readonly mermaid: { path: string; version: string },
    /** Pages rendering side by side for a large batch (default: the machine's cores, at most 4). */
    private readonly lanes = Math.min(4, Math.max(1, availableParallelism())),
  ) {
    this.id = `mermaid@${mermaid.version}`;
  }

  async renderMany(blocks: DiagramBlock[], opts: { theme: string; format: 'svg' | 'png'; signal?: AbortSignal }): Promise<RenderOutcome[]> {
    const playwright = this.playwright();
    if (!playwright || !this.browserPath) throw new Error(playwright ? 'no Chromium or Chrome found' : 'playwright-core is not installed');
    const browser = await playwright.chromium.launch({ executablePath: this.browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const closed = browser.close.bind(browser);
    const onAbort = () => void closed().catch(() => undefined);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // Many diagrams: a few pages render side by side (one renderer process each, so every core works); the
      // outcomes are put back in order. A handful: one page (loading mermaid costs more than it saves).
      const lanes = Math.max(1, Math.min(this.lanes, Math.floor(blocks.length / MIN_PER_LANE)));
      const parts = Array.from({ length: lanes }, (_, k) => blocks.map((b, i) => ({ b, i })).filter(({ i }) => i % lanes === k));
      const results = await Promise.all(parts.map((part) => this.renderOnPage(browser, part.map(({ b }) => b), opts)));
      const out: RenderOutcome[] = new Array(blocks.length);
      parts.forEach((part, k) => part.forEach(({ i }, j) => (out[i] = results[k][j])));
      return out;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      await closed().catch(() => undefined);
    }
  }

  private async renderOnPage(browser: Browser, blocks: DiagramBlock[], opts: { theme: string; format: 'svg' | 'png' }): Promise<RenderOutcome[]> {
    const page = await browser.newPage();
    // a page file loading mermaid from disk (Chromium compiles the 3 MB script while it streams; injecting it
    // through the protocol takes about twice as long)
    const html = join(mkdtempSync(join(tmpdir(), 'd2c-mermaid-')), 'render.html');
    writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="out"></div><script src="${pathToFileURL(this.mermaid.path).href}"></script></body></html>`);
    try {
      await page.goto(pathToFileURL(html).href);
    } finally {
      rmSync(dirname(html), { recursive: true, force: true });
    }
    const outcomes = await page.evaluate(renderInPage, { sources: blocks.map((b) => b.source), theme: opts.theme });
    if (opts.format === 'svg') return outcomes;
    const result: RenderOutcome[] = [];
    for (const o of outcomes) {
      if (!('svg' in o)) {
        result.push(o);
        continue;
      }
      await page.evaluate((svg: string) => {
        document.getElementById('out')!.innerHTML = svg;
      }, o.svg);
      result.push({ svg: o.svg, png: await page.locator('#out > svg').screenshot({ omitBackground: true }) });
    }
    return result;
  }
}

/** Diagrams per page below which another page is not worth its start (mermaid's load, ~1 s of CPU). */
const MIN_PER_LANE = 8;

/** Runs in the page: mermaid.render for each source, in order (mermaid renders one diagram at a time). */
async function renderInPage({ sources, theme }: { sources: string[]; theme: string }): Promise<BrowserOutcome[]> {
  interface ParseError {
    message?: string;
    hash?: { line?: number; loc?: { first_line?: number } };
  }
  const mermaid = (globalThis as unknown as { mermaid: { initialize(o: object): void; render(id: string, src: string): Promise<{ svg: string }> } }).mermaid;
  mermaid.initialize({ startOnLoad: false, theme, securityLevel: 'strict', htmlLabels: false, flowchart: { htmlLabels: false } });
  const out: BrowserOutcome[] = [];
  for (let i = 0; i < sources.length; i++) {
    try {
      const { svg } = await mermaid.render(`diagram-${i}`, sources[i]);
      out.push({ svg });
    } catch (err) {
      const e = err as ParseError;
      const line = typeof e.hash?.loc?.first_line === 'number' ? e.hash.loc.first_line : typeof e.hash?.line === 'number' ? e.hash.line + 1 : undefined;
      const lines = String(e.message ?? err).split('\n').filter((l) => l.trim() && !/^[-\s^]*$/.test(l));
      out.push({ error: lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : (lines[0] ?? 'syntax error'), line });
      document.getElementById(`ddiagram-${i}`)?.remove();
    }
  }
  return out;
}
