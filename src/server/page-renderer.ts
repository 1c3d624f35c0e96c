/**
 * Storage → HTML for the web view: the shared renderer from src/core/storage (the same one the editor preview uses),
 * with the server's own renderer as a fallback should the shared one fail on a page.
 */
import { previewCss, storageToHtml } from '../core';
import { renderStorageFallback, type RenderLinks } from './render-storage';

export function renderStorage(storage: string, links: RenderLinks): string {
  try {
    return `<div class="cf-page">${storageToHtml(storage, { pageUrl: links.pageUrl, attachmentUrl: (fileName) => links.attachmentUrl(fileName) })}</div>`;
  } catch {
    try {
      return renderStorageFallback(storage, links);
    } catch (err) {
      return `<pre class="render-error">Could not render this page: ${String((err as Error).message).replace(/</g, '&lt;')}</pre>`;
    }
  }
}

export function renderCss(): string {
  // The page chrome already sets width and padding; the shared CSS centres a standalone preview.
  // A link to a page that does not exist is a span; Confluence shows those in red.
  return `${previewCss}\n.wiki-content .cf-page{max-width:none;margin:0;padding:0}\n.wiki-content span.cf-page-link{color:#de350b}\n${FALLBACK_CSS}`;
}

/** Styles of the fallback renderer's classes. */
const FALLBACK_CSS = `
.wiki-content h1,.wiki-content h2,.wiki-content h3{font-weight:500;margin:1.4em 0 .4em}
.wiki-content table{border-collapse:collapse;margin:12px 0}.wiki-content th,.wiki-content td{border:1px solid #c1c7d0;padding:7px 10px;vertical-align:top}
.code-block{border:1px solid #dfe1e6;border-radius:3px;margin:12px 0;background:#f4f5f7}
.code-block .code-title{background:#ebecf0;padding:4px 10px;font-weight:600;border-bottom:1px solid #dfe1e6}
.code-block pre{margin:0;padding:10px;overflow:auto}
.panel{display:flex;gap:10px;border-radius:3px;padding:10px 14px;margin:12px 0}
.panel-info{background:#deebff}.panel-note{background:#eae6ff}.panel-warning{background:#ffebe6}.panel-tip{background:#e3fcef}.panel-panel{background:#f4f5f7}
.status{display:inline-block;border-radius:3px;padding:0 4px;font-size:11px;font-weight:700;background:#dfe1e6;color:#42526e}
.status-green{background:#e3fcef;color:#006644}.status-red{background:#ffebe6;color:#bf2600}.status-yellow{background:#fffae6;color:#ff8b00}.status-blue{background:#deebff;color:#0747a6}
.task-list{list-style:none;padding-left:4px}.task.complete span{text-decoration:line-through;color:#6b778c}
.toc{border-left:2px solid #dfe1e6;padding-left:8px;margin:12px 0}.toc ul{list-style:none;padding:0;margin:0}
details.expand{border:1px solid #dfe1e6;border-radius:3px;padding:6px 10px;margin:12px 0}
.broken-link{color:#de350b;text-decoration:line-through}
.wiki-content img{max-width:100%}
`;
