/**
 * Chooses the storage → HTML renderer for the web view. The shared renderer (src/core/storage) is used once it
 * exists; until then the server's own fallback keeps the view working.
 */
import { renderStorageFallback, type RenderLinks } from './render-storage';

export function renderStorage(storage: string, links: RenderLinks): string {
  try {
    return renderStorageFallback(storage, links);
  } catch (err) {
    return `<pre class="render-error">Could not render this page: ${String((err as Error).message).replace(/</g, '&lt;')}</pre>`;
  }
}

export function renderCss(): string {
  return FALLBACK_CSS;
}

const FALLBACK_CSS = `
.wiki-content h1,.wiki-content h2,.wiki-content h3{font-weight:500;margin:1.4em 0 .4em}
.wiki-content h1{font-size:24px}.wiki-content h2{font-size:20px}.wiki-content h3{font-size:16px;font-weight:600}
.wiki-content table{border-collapse:collapse;margin:12px 0}.wiki-content th,.wiki-content td{border:1px solid #c1c7d0;padding:7px 10px;vertical-align:top}
.wiki-content th{background:#f4f5f7;text-align:left}
.wiki-content code{font-family:SFMono-Medium,"SF Mono",Menlo,Consolas,monospace;background:#f4f5f7;border-radius:3px;padding:0 3px;font-size:12px}
.wiki-content blockquote{border-left:2px solid #c1c7d0;margin:12px 0;padding-left:16px;color:#505f79}
.code-block{border:1px solid #dfe1e6;border-radius:3px;margin:12px 0;background:#f4f5f7}
.code-block .code-title{background:#ebecf0;padding:4px 10px;font-weight:600;border-bottom:1px solid #dfe1e6}
.code-block pre{margin:0;padding:10px;overflow:auto}.code-block code{background:none;padding:0}
.panel{display:flex;gap:10px;border-radius:3px;padding:10px 14px;margin:12px 0}
.panel-info{background:#deebff}.panel-note{background:#eae6ff}.panel-warning{background:#ffebe6}.panel-tip{background:#e3fcef}.panel-panel{background:#f4f5f7}
.panel-icon{font-weight:700}.panel-info .panel-icon{color:#0052cc}.panel-note .panel-icon{color:#5243aa}.panel-warning .panel-icon{color:#de350b}.panel-tip .panel-icon{color:#00875a}
.panel-content>p:first-child{margin-top:0}.panel-content>p:last-child{margin-bottom:0}
.status{display:inline-block;border-radius:3px;padding:0 4px;font-size:11px;font-weight:700;background:#dfe1e6;color:#42526e}
.status-green{background:#e3fcef;color:#006644}.status-red{background:#ffebe6;color:#bf2600}.status-yellow{background:#fffae6;color:#ff8b00}.status-blue{background:#deebff;color:#0747a6}.status-purple{background:#eae6ff;color:#403294}
.task-list{list-style:none;padding-left:4px}.task.complete span{text-decoration:line-through;color:#6b778c}
.toc{border-left:2px solid #dfe1e6;padding-left:8px;margin:12px 0}.toc ul{list-style:none;padding:0;margin:0}
details.expand{border:1px solid #dfe1e6;border-radius:3px;padding:6px 10px;margin:12px 0}
.broken-link{color:#de350b;text-decoration:line-through}
.layout-section{display:flex;gap:16px}.layout-cell{flex:1}
.wiki-content img{max-width:100%}
`;
