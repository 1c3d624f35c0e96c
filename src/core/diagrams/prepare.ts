import type { FileSystem } from '../files/fileSystem';
import type { Logger } from '../logging';
import { DiagramCache } from './cache';
import { collectDiagramBlocks } from './collect';
import { diagramKey } from './keys';
import type { DiagramBlock, DiagramConfig, DiagramRenderer } from './types';

export interface DiagramSetup {
  root: string;
  fs: FileSystem;
  config: DiagramConfig;
  /** Renderers available to this front end (none: every diagram is published as code, with a warning). */
  renderers: DiagramRenderer[];
  /** Why a language has no renderer, for the warning (e.g. "no Chromium found: set diagrams.browser ..."). */
  unavailable?: Record<string, string>;
}

export interface PrepareResult {
  /** Blocks rendered now (0 when every diagram was in the cache: no browser started). */
  rendered: number;
  cached: number;
}

export const themeOf = (config: DiagramConfig): string => config.theme ?? 'default';
export const formatOf = (config: DiagramConfig, language: string): 'svg' | 'png' => (language === 'math' ? 'svg' : (config.format ?? 'svg'));

/**
 * Renders the diagram blocks of `documents` that are not in the cache: one `renderMany` call per renderer for all
 * documents (one browser start per run), results written to the cache. The conversion then reads the cache only.
 * A renderer that throws (browser cannot start) leaves its blocks unrendered: they are published as code with a warning.
 */
export async function prepareDiagrams(setup: DiagramSetup, documents: Iterable<string>, logger?: Logger, signal?: AbortSignal): Promise<PrepareResult> {
  const cache = new DiagramCache(setup.root, setup.fs);
  const theme = themeOf(setup.config);
  const pending = new Map<DiagramRenderer, Map<string, DiagramBlock>>();
  let cached = 0;
  // Only languages a renderer can draw now: with none (offline status, no browser) no document is even parsed.
  const usable = new Set(setup.renderers.flatMap((r) => r.languages).filter((l) => !setup.unavailable?.[l]));
  if (usable.size === 0) return { rendered: 0, cached: 0 };
  for (const text of documents) {
    for (const block of collectDiagramBlocks(text, usable)) {
      const renderer = setup.renderers.find((r) => r.languages.includes(block.language));
      if (!renderer || setup.unavailable?.[block.language]) continue; // cache hits only (see lookup.ts)
      const format = formatOf(setup.config, block.language);
      const key = diagramKey(block, renderer.id, theme, format);
      if (cache.get(key, format)) {
        cached++;
        continue;
      }
      if (!pending.has(renderer)) pending.set(renderer, new Map());
      pending.get(renderer)!.set(key, block);
    }
  }
  let rendered = 0;
  for (const [renderer, blocks] of pending) {
    const keys = [...blocks.keys()];
    const list = [...blocks.values()];
    try {
      const started = Date.now();
      const format = formatOf(setup.config, list[0].language);
      const outcomes = await renderer.renderMany(list, { theme, format, signal });
      for (let i = 0; i < keys.length; i++) {
        const o = outcomes[i];
        if (!o) continue;
        if ('error' in o) await cache.putError(keys[i], o.error, o.line);
        // never SVG bytes under a .png name
        else if (format === 'png' && !o.png) await cache.putError(keys[i], `${renderer.id} gave no PNG image; set diagrams.format to svg`);
        else await cache.putImage(keys[i], format, format === 'png' && o.png ? o.png : o.svg);
      }
      rendered += keys.length;
      logger?.debug(`rendered ${keys.length} ${renderer.id} block(s) in ${Date.now() - started} ms`);
    } catch (err) {
      signal?.throwIfAborted();
      const message = (err as Error).message.split('\n')[0];
      logger?.warn(`${renderer.id}: could not render (${message}); the diagrams are published as code blocks`);
      for (const l of renderer.languages) (setup.unavailable ??= {})[l] = `the ${renderer.id} renderer failed: ${message}`;
    }
  }
  return { rendered, cached };
}
