import { createHash } from 'node:crypto';
import type { DiagramBlock } from './types';

/** Folder of the render cache, under the workspace's ignored state folder. */
export const DIAGRAM_CACHE_DIR = '.confluence/diagrams';

/**
 * The cache key and attachment identity of a rendered block: sha256 of the language, source, renderer id (with its
 * version), theme and format. An unchanged diagram has the same key on every run, so it is neither rendered nor
 * uploaded again; a new renderer version or theme renders it again.
 */
export function diagramKey(block: DiagramBlock, rendererId: string, theme: string, format: 'svg' | 'png'): string {
  return createHash('sha256')
    .update(JSON.stringify([block.language, block.display ? 'display' : '', block.source, rendererId, theme, format]))
    .digest('hex');
}

/** Attachment file name on the page: the kind and the first 16 hex digits of the key. */
export function diagramAttachmentName(block: DiagramBlock, key: string, format: 'svg' | 'png'): string {
  return `${block.language === 'math' ? 'math' : 'diagram'}-${key.slice(0, 16)}.${format}`;
}

/** Workspace-relative path of the cached image, and of the cached error of a block that does not render. */
export const cachedImagePath = (key: string, format: 'svg' | 'png'): string => `${DIAGRAM_CACHE_DIR}/${key}.${format}`;
export const cachedErrorPath = (key: string): string => `${DIAGRAM_CACHE_DIR}/${key}.error.json`;

/** Whether a workspace path is a rendered image of the cache (attached although `.confluence/` is hidden and ignored). */
export function isCachedDiagram(rel: string): boolean {
  return /^\.confluence\/diagrams\/[0-9a-f]{64}\.(?:svg|png)$/.test(rel);
}

/** Fence languages that are diagrams (aliases -> the renderer language). */
export const DIAGRAM_LANGUAGES: Record<string, string> = { mermaid: 'mermaid', plantuml: 'plantuml', puml: 'plantuml' };

/** The diagram language of a fence info string, or undefined. */
export function diagramLanguage(info: string): string | undefined {
  const lang = info.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  return DIAGRAM_LANGUAGES[lang];
}
