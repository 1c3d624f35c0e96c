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
}

/** No scripts at all (`script-src 'none'`), styles only by nonce, images from local resources, data: and https:. */
export function previewCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: https:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    "script-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function buildPreviewHtml(i: PreviewHtmlInput): string {
  const warnings = i.warnings.length
    ? `<details class="conversion-warnings"><summary>${i.warnings.length} conversion warning${i.warnings.length === 1 ? '' : 's'}</summary><ul>${i.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></details>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${previewCsp(i.nonce, i.cspSource)}">
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
</style>
</head>
<body>
${warnings}
<main class="cf-page">
<h1 class="page-title">${esc(i.title)}</h1>
${i.body}
</main>
</body>
</html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
