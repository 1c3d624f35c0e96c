/**
 * Host-free: Mermaid rendered inside a VS Code webview (the editor's own browser engine: no external browser), as
 * core's `DiagramRenderer`. The page is opened through a `RendererHost` (./webviewHost.ts: the preview's own webview,
 * or a panel beside the editor without taking focus, closed when the batch is done); one batch per `renderMany`.
 * `format: png`: the page draws each SVG on a canvas and sends the PNG (checked by its signature here). A page that does
 * not load or answer in time fails the batch: core then publishes those diagrams as code blocks with a warning.
 */
import type { DiagramBlock, DiagramRenderer, RenderOutcome } from '../../core';

/** An open renderer page. */
export interface RendererPage {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the user closes the page before it answered. */
  onClosed(listener: () => void): void;
  dispose(): void;
}

export interface RendererHost {
  open(): RendererPage;
}

export interface WebviewRendererOptions {
  /** mermaid's version (the package the page loads): part of every cache key, as the CLI's `mermaid@<version>`. */
  version: string;
  /** How long the page may take to load mermaid (ms). */
  loadTimeoutMs?: number;
  /** How long a batch may take: this much plus `perDiagramMs` per diagram. */
  renderTimeoutMs?: number;
  perDiagramMs?: number;
}

type PageOutcome = { svg?: unknown; png?: unknown; error?: unknown; line?: unknown };
type PageMessage = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'rendered'; id: number; outcomes: PageOutcome[] };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > PNG_MAGIC.length && PNG_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * One page outcome as core's: an SVG, with the PNG the page drew (base64) when `format` is png. A PNG asked for but
 * missing or not a PNG is that diagram's error (the cache never gets SVG bytes under a .png name).
 */
export function outcomeOf(o: PageOutcome, format: 'svg' | 'png'): RenderOutcome {
  if (typeof o?.svg !== 'string') return { error: String(o?.error ?? 'render failed'), line: typeof o?.line === 'number' ? o.line : undefined };
  if (format === 'svg') return { svg: o.svg };
  const png = typeof o.png === 'string' ? new Uint8Array(Buffer.from(o.png, 'base64')) : undefined;
  if (!png || !isPng(png)) return { error: 'the diagram webview returned no PNG image; set diagrams.format to svg or publish with the confluence CLI' };
  return { svg: o.svg, png };
}

export class WebviewMermaidRenderer implements DiagramRenderer {
  readonly languages = ['mermaid'];
  readonly id: string;
  private batch = 0;

  constructor(
    private readonly host: RendererHost,
    private readonly opts: WebviewRendererOptions,
  ) {
    // the same id as the CLI's renderer: a diagram rendered by either is the other's cache hit
    this.id = `mermaid@${opts.version}`;
  }

  async renderMany(blocks: DiagramBlock[], opts: { theme: string; format: 'svg' | 'png'; signal?: AbortSignal }): Promise<RenderOutcome[]> {
    if (blocks.length === 0) return [];
    opts.signal?.throwIfAborted();
    const page = this.host.open();
    const id = ++this.batch;
    try {
      return await new Promise<RenderOutcome[]>((resolve, reject) => {
        const fail = (message: string) => reject(new Error(message));
        let timer = setTimeout(() => fail(`the diagram webview did not load within ${(this.loadMs / 1000).toFixed(0)} s`), this.loadMs);
        const onAbort = () => reject(opts.signal!.reason);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        const done = () => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
        };
        page.onClosed(() => {
          done();
          fail('the diagram webview was closed before it rendered');
        });
        page.onMessage((raw) => {
          const msg = raw as PageMessage;
          if (msg.type === 'failed') {
            done();
            fail(msg.message);
          } else if (msg.type === 'ready') {
            clearTimeout(timer);
            const budget = (this.opts.renderTimeoutMs ?? 30_000) + (this.opts.perDiagramMs ?? 2_000) * blocks.length;
            timer = setTimeout(() => fail(`the diagram webview did not render ${blocks.length} diagram(s) within ${(budget / 1000).toFixed(0)} s`), budget);
            page.post({ type: 'render', id, sources: blocks.map((b) => b.source), theme: opts.theme, format: opts.format });
          } else if (msg.type === 'rendered' && msg.id === id) {
            done();
            if (!Array.isArray(msg.outcomes) || msg.outcomes.length !== blocks.length) return fail('the diagram webview answered with the wrong number of diagrams');
            resolve(msg.outcomes.map((o) => outcomeOf(o, opts.format)));
          }
        });
      });
    } finally {
      page.dispose();
    }
  }

  private get loadMs(): number {
    return this.opts.loadTimeoutMs ?? 30_000;
  }
}
