import { DiagramCache } from './cache';
import { diagramAttachmentName, diagramKey } from './keys';
import { formatOf, themeOf, type DiagramSetup } from './prepare';
import type { DiagramBlock, DiagramConfig } from './types';

export type DiagramFound =
  | { kind: 'image'; path: string; name: string; data: Uint8Array }
  | { kind: 'error'; message: string; line?: number }
  | { kind: 'missing'; reason: string };

/** What the converter asks about a diagram block (ConvertOptions.diagrams): read from the render cache only. */
export interface DiagramLookup {
  config: DiagramConfig;
  find(block: DiagramBlock): DiagramFound;
}

const NO_RENDERER: Record<string, string> = {
  mermaid: 'no Mermaid renderer (a headless Chromium: set diagrams.browser in .confluence.yml or CONFLUENCE_BROWSER, or install chromium)',
  plantuml: 'no PlantUML renderer (set diagrams.plantuml.command in .confluence.yml to a local command: source on stdin, SVG on stdout)',
  math: 'no math renderer (mathjax-full could not be loaded)',
};

/** The cache lookup for a conversion, after `prepareDiagrams` filled the cache (or without it: cache hits only). */
export function diagramLookup(setup: DiagramSetup): DiagramLookup {
  const cache = new DiagramCache(setup.root, setup.fs);
  const theme = themeOf(setup.config);
  return {
    config: setup.config,
    find(block) {
      const renderer = setup.renderers.find((r) => r.languages.includes(block.language));
      const unavailable = setup.unavailable?.[block.language];
      if (!renderer) return { kind: 'missing', reason: unavailable ?? NO_RENDERER[block.language] ?? `no renderer for ${block.language}` };
      // A renderer that cannot run here (no browser, offline status) still names its cache entries: a diagram
      // rendered before is used as it is, so an unchanged document keeps its hash.
      const format = formatOf(setup.config, block.language);
      const key = diagramKey(block, renderer.id, theme, format);
      const hit = cache.get(key, format);
      if (!hit) return { kind: 'missing', reason: unavailable ?? `the ${renderer.id} renderer did not render it` };
      if (hit.kind === 'error') return hit;
      return { kind: 'image', path: hit.path, name: diagramAttachmentName(block, key, format), data: hit.data };
    },
  };
}
