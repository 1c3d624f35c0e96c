/**
 * Host-free: diagrams in "Preview as Confluence". The preview converts with the render cache only (synchronous);
 * diagrams the cache lacks are rendered in the background (one batch at a time, the webview renderer) and the
 * preview is drawn again when they are in. A renderer that failed is not asked again for this preview: those
 * diagrams stay code blocks with the reason as a conversion warning (until the preview is opened again). After a
 * batch, Problems is told to check the document again: a syntax error is in the render cache then.
 */
import { type DiagramConfig, type DiagramLookup, type DiagramRenderer, diagramLookup, type DiagramSetup, nodeFileSystem, prepareDiagrams } from '../../core';
import type { Logger } from '../../core';
import type { EditorDiagrams } from '../editorWork/editorJobs';

export class PreviewDiagrams {
  private unavailable: Record<string, string>;
  /** Told the document (uri) after a batch for it wrote to the render cache: Problems reads syntax errors from it. */
  private readonly renderedListeners = new Set<(uri: string) => void>();
  private running: Promise<void> | undefined;
  /** Document texts already rendered (or being rendered): not sent again. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly diagrams: { renderers: DiagramRenderer[]; unavailable?: Record<string, string> },
    private readonly logger?: Logger,
  ) {
    this.unavailable = { ...diagrams.unavailable };
  }

  private setup(root: string, config: DiagramConfig | undefined): DiagramSetup {
    return { root, fs: nodeFileSystem, config: config ?? {}, renderers: this.diagrams.renderers, unavailable: this.unavailable };
  }

  /** The cache lookup for one conversion of the preview. */
  lookup(root: string, config: DiagramConfig | undefined): DiagramLookup {
    return diagramLookup(this.setup(root, config));
  }

  /** What the editor worker needs to read the render cache (it renders nothing itself). */
  jobInfo(config: DiagramConfig | undefined): EditorDiagrams {
    return { renderers: this.diagrams.renderers.map((r) => ({ id: r.id, languages: r.languages })), unavailable: { ...this.unavailable }, config };
  }

  /** `listener(uri)` after a background batch for that document wrote to the render cache. */
  onDidRender(listener: (uri: string) => void): { dispose(): void } {
    this.renderedListeners.add(listener);
    return { dispose: () => void this.renderedListeners.delete(listener) };
  }

  /** The preview closed: a renderer that failed there may be asked again, every text too. */
  reset(): void {
    this.unavailable = { ...this.diagrams.unavailable };
    this.asked.clear();
  }

  /**
   * After a conversion whose diagrams were not all in the cache: renders them in the background, then `redraw`.
   * Does nothing while a batch runs (the next draw asks again) or when this text was asked already.
   */
  ensure(root: string, config: DiagramConfig | undefined, text: string, redraw: () => void, uri?: string): void {
    if (this.running || this.asked.has(text)) return;
    this.asked.add(text);
    const setup = this.setup(root, config);
    this.running = prepareDiagrams(setup, [text], this.logger)
      .then((r) => {
        if (r.rendered > 0 || Object.keys(this.unavailable).length) redraw();
        if (r.rendered > 0 && uri !== undefined) for (const l of this.renderedListeners) l(uri);
      })
      .catch((err: unknown) => this.logger?.warn(`preview diagrams: ${(err as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
