/** One diagram (or formula) block of a document, as written. */
export interface DiagramBlock {
  /** `mermaid`, `plantuml`, `math` ... (the fence language, lower case; `math` for `$…$` / `$$…$$`). */
  language: string;
  source: string;
  /** Math only: `$$…$$` (display) rather than `$…$` (inline). */
  display?: boolean;
}

/** What a renderer made of one block: the image, or the error it reported (a syntax error in the diagram). */
export type RenderOutcome = { svg: string; png?: Uint8Array } | { error: string; line?: number };

/**
 * A local diagram renderer (the port; the CLI's drives a headless Chromium, the PlantUML one a configured command).
 * `renderMany` renders every block in one go (one browser start per run) and returns one outcome per block, in order.
 */
export interface DiagramRenderer {
  /** Renderer and version, part of every cache key (`mermaid@11.12.2`): a new version renders again. */
  readonly id: string;
  /** The block languages it renders. */
  readonly languages: readonly string[];
  renderMany(blocks: DiagramBlock[], opts: { theme: string; format: 'svg' | 'png'; signal?: AbortSignal }): Promise<RenderOutcome[]>;
}

/** `diagrams:` in .confluence.yml. */
export interface DiagramConfig {
  /** Attachment format (default svg; png where a site or a diagram needs it). */
  format?: 'svg' | 'png';
  /** What readers get of the source: alt text (default), an expand macro with the source, both, or nothing. */
  source?: 'alt' | 'expand' | 'both' | 'none';
  /** Mermaid theme (default "default"). */
  theme?: string;
  /** Chromium / Chrome executable for Mermaid (else CONFLUENCE_BROWSER, else the system's chromium or chrome). */
  browser?: string;
  /** PlantUML: a local command reading the source on stdin and writing SVG on stdout (e.g. `plantuml -tsvg -pipe`). */
  plantumlCommand?: string;
}

export const DIAGRAM_CONFIG_KEYS = ['format', 'source', 'theme', 'browser', 'plantuml'] as const;

/** Checks a `diagrams:` value from .confluence.yml; returns the config or a message saying what to write instead. */
export function parseDiagramConfig(value: unknown): DiagramConfig | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return '`diagrams` must be a map, e.g. `diagrams: { format: svg, source: alt }`';
  }
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) {
    if (!(DIAGRAM_CONFIG_KEYS as readonly string[]).includes(k)) return `unknown setting \`diagrams.${k}\`; known: ${DIAGRAM_CONFIG_KEYS.join(', ')}`;
  }
  const out: DiagramConfig = {};
  if (v.format !== undefined) {
    if (v.format !== 'svg' && v.format !== 'png') return '`diagrams.format` must be svg or png';
    out.format = v.format;
  }
  if (v.source !== undefined) {
    if (!['alt', 'expand', 'both', 'none'].includes(String(v.source))) return '`diagrams.source` must be alt, expand, both or none';
    out.source = v.source as DiagramConfig['source'];
  }
  for (const k of ['theme', 'browser'] as const) {
    if (v[k] === undefined) continue;
    if (typeof v[k] !== 'string' || !v[k]) return `\`diagrams.${k}\` must be a text value`;
    out[k] = v[k];
  }
  if (v.plantuml !== undefined) {
    const p = v.plantuml as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null || typeof p.command !== 'string' || !p.command.trim()) {
      return '`diagrams.plantuml` must be `{ command: "plantuml -tsvg -pipe" }` (a local command: source on stdin, SVG on stdout)';
    }
    out.plantumlCommand = p.command.trim();
  }
  return out;
}
