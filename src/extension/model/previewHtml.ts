// Host-free: the HTML document of the Confluence preview webview, with a strict Content-Security-Policy.
import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PreviewHtmlInput {
  nonce: string;
  /** `webview.cspSource`: the origin of extension and workspace resources. */
  cspSource: string;
  css: string;
  title: string;
  /** Rendered page body (already sanitised HTML from storageToHtml). */
  body: string;
  warnings: string[];
  /**
   * The webview URI of the preview's own script (media/preview.js: patches the body with the blocks that changed). It
   * runs by nonce; without it the page has no script at all.
   */
  script?: string;
  /** A script run inline by the nonce before `script` (the diagram renderer: ../diagrams/pageScript.ts). */
  inlineScript?: string;
  /** A long page (thousands of blocks): the webview lays out and paints only the blocks near the view. */
  long?: boolean;
}

/** Marks the boundaries of top-level blocks in `body`, for the preview script (which removes them). */
export const BLOCK_MARK = '<!--cf-block-->';

/**
 * Scripts only by nonce (the preview's own script; `script-src 'none'` without one), styles only by nonce, images from
 * local resources, data: and https:.
 */
export function previewCsp(nonce: string, cspSource: string, scripts = false): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: https:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    scripts ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function buildPreviewHtml(i: PreviewHtmlInput): string {
  const warnings = previewWarningsHtml(i.warnings);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${previewCsp(i.nonce, i.cspSource, Boolean(i.script))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(i.title)}</title>
<style nonce="${i.nonce}">${i.css}
html, body { background: #fff; color: #172b4d; margin: 0; padding: 0; }
.cf-page { padding-top: 8px; }
/* VS Code's default webview styles follow the editor theme; a Confluence page does not. */
.cf-page pre, .cf-page code, .cf-page kbd { color: #172b4d; }
.cf-page blockquote { background: none; color: #172b4d; }
.cf-page a { color: #0052cc; }
.cf-page table { color: #172b4d; }
.cf-page h1.page-title { font-size: 2em; font-weight: 500; margin: 8px 0 16px; }
.conversion-warnings { max-width: 760px; margin: 0 auto 0; color: #172b4d; padding: 6px 10px; border-left: 3px solid #f0b400; background: rgba(240,180,0,.08); font-size: .9em; }
.preview-error { color: #c9372c; }
/* a rendered diagram (mermaid's SVG is width="100%") at a readable size, not the whole width of the preview */
.cf-page img[src*=".confluence/diagrams/"] { max-width: min(100%, 640px); height: auto; }
/* a long page lays out and paints only the blocks near the view: a patch of a 1 MB page does not lay it all out again */
#cf-body.cf-long > * { content-visibility: auto; contain-intrinsic-size: auto 3em; }
</style>
</head>
<body>
<div id="cf-warnings">${warnings}</div>
<main class="cf-page">
<h1 class="page-title">${esc(i.title)}</h1>
<div id="cf-body"${i.long ? ' class="cf-long"' : ''}>${i.body}</div>
</main>
${i.script && i.inlineScript ? `<script nonce="${i.nonce}">${i.inlineScript.replace(/<\/(script)/gi, '<\\/$1')}</script>` : ''}
${i.script ? `<script nonce="${i.nonce}" src="${esc(i.script)}"></script>` : ''}
</body>
</html>`;
}

/** The conversion warnings above the page (also sent with each patch of the body). */
export function previewWarningsHtml(warnings: readonly string[]): string {
  return warnings.length
    ? `<details class="conversion-warnings"><summary>${warnings.length} conversion warning${warnings.length === 1 ? '' : 's'}</summary><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></details>`
    : '';
}

/**
 * What the webview must change to go from the blocks it shows to the new ones: the common prefix and suffix stay,
 * `deleteCount` blocks at `start` are replaced by `blocks`. Typing in one paragraph sends one block, not the page.
 */
export function blockPatch(prev: readonly string[], next: readonly string[]): { start: number; deleteCount: number; blocks: string[] } {
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev[start] === next[start]) start++;
  let end = 0;
  while (end < max - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  return { start, deleteCount: prev.length - start - end, blocks: next.slice(start, next.length - end) };
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
