/**
 * Host-free: rendered diagrams at their own size in the preview. Mermaid's SVG says `width="100%"` (its size is a
 * `max-width` style), so as an <img> it would fill the preview's width: the preview gives each diagram image the
 * width its SVG was drawn at (CSS still caps it at the page width). Cache entries are named by their content hash:
 * a width read once stays right.
 */

/** The width an SVG was drawn at: its `max-width: Npx` style, a numeric `width`, or its viewBox width. */
export function svgWidth(svg: string): number | undefined {
  const root = /<svg\b[^>]*>/.exec(svg.slice(0, 4000))?.[0];
  if (!root) return undefined;
  const n =
    /max-width:\s*([\d.]+)px/.exec(root)?.[1] ??
    /\swidth="([\d.]+)(?:px)?"/.exec(root)?.[1] ??
    /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)/.exec(root)?.[1];
  const w = n === undefined ? NaN : Math.ceil(Number(n));
  return w > 0 ? w : undefined;
}

const DIAGRAM_IMG = /<img class="cf-image" src="([^"]*?\.confluence(?:\/|%2F)diagrams(?:\/|%2F)([0-9a-f]{64})\.svg)"(?![^>]*\swidth=)/g;

/**
 * Adds `width="N"` to the diagram images of a preview block; `read(hash)` returns the cached SVG's text (or
 * undefined). Widths are remembered in `known` by hash.
 */
export function withDiagramWidths(html: string, read: (hash: string) => string | undefined, known: Map<string, number | undefined>): string {
  if (!html.includes('diagrams')) return html;
  return html.replace(DIAGRAM_IMG, (m, _src: string, hash: string) => {
    if (!known.has(hash)) {
      let w: number | undefined;
      try {
        const svg = read(hash);
        w = svg === undefined ? undefined : svgWidth(svg);
      } catch {
        w = undefined;
      }
      if (w !== undefined || known.size < 10_000) known.set(hash, w);
    }
    const w = known.get(hash);
    return w ? `${m} width="${w}"` : m;
  });
}
