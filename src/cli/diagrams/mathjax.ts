import type { DiagramBlock, DiagramRenderer, RenderOutcome } from '../../core';
import { loadOptional } from './runtime';

interface MathDocument {
  convert(tex: string, opts: { display: boolean }): unknown;
}

/**
 * `$…$` / `$$…$$` to SVG with MathJax (mathjax-full: TeX input, SVG output, the lite DOM adaptor: no browser),
 * loaded at run time only when a document has math. A TeX error is that formula's outcome.
 */
export class MathJaxRenderer implements DiagramRenderer {
  readonly languages = ['math'];
  readonly id: string;
  private doc: MathDocument | undefined;

  private mods: Record<string, Record<string, unknown>> | undefined;

  private constructor(version: string) {
    this.id = `mathjax@${version}`;
  }

  /** The renderer, or undefined when mathjax-full is not installed next to the CLI (its modules load on first use). */
  static load(): MathJaxRenderer | undefined {
    const pkg = loadOptional<{ version: string }>('mathjax-full/package.json');
    return pkg ? new MathJaxRenderer(pkg.version ?? '3') : undefined;
  }

  private modules(): Record<string, Record<string, unknown>> {
    if (this.mods) return this.mods;
    const names = ['mathjax.js', 'input/tex.js', 'output/svg.js', 'adaptors/liteAdaptor.js', 'handlers/html.js', 'input/tex/AllPackages.js'];
    const mods: Record<string, Record<string, unknown>> = {};
    for (const n of names) {
      const m = loadOptional<Record<string, unknown>>(`mathjax-full/js/${n}`);
      if (!m) throw new Error(`mathjax-full/js/${n} could not be loaded`);
      mods[n] = m;
    }
    return (this.mods = mods);
  }

  async renderMany(blocks: DiagramBlock[]): Promise<RenderOutcome[]> {
    type Ctor = new (o: object) => unknown;
    const m = this.modules();
    const adaptor = (m['adaptors/liteAdaptor.js'].liteAdaptor as () => { innerHTML(n: unknown): string })();
    if (!this.doc) {
      (m['handlers/html.js'].RegisterHTMLHandler as (a: unknown) => void)(adaptor);
      const TeX = m['input/tex.js'].TeX as Ctor;
      const SVG = m['output/svg.js'].SVG as Ctor;
      const mathjax = m['mathjax.js'].mathjax as { document(d: string, o: object): MathDocument };
      this.doc = mathjax.document('', {
        InputJax: new TeX({ packages: m['input/tex/AllPackages.js'].AllPackages, formatError: (_jax: unknown, err: Error) => { throw err; } }),
        OutputJax: new SVG({ fontCache: 'none' }),
      });
    }
    return blocks.map((b) => {
      try {
        const svg = adaptor.innerHTML(this.doc!.convert(b.source, { display: Boolean(b.display) }));
        return { svg: svg.replace('<svg ', '<svg color="black" ') };
      } catch (err) {
        return { error: (err as Error).message };
      }
    });
  }
}
