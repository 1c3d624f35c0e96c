/** Storage → HTML for the web view: the shared renderer from src/core/storage (the same one the editor preview uses). */
import { previewCss, storageToHtml } from '../core';

export interface RenderLinks {
  pageUrl(title: string, spaceKey?: string): string | undefined;
  /** `pageTitle`/`spaceKey` name another page when an image shows a file attached there. */
  attachmentUrl(fileName: string, pageTitle?: string, spaceKey?: string): string | undefined;
}

export function renderStorage(storage: string, links: RenderLinks): string {
  try {
    const html = storageToHtml(storage, {
      pageUrl: links.pageUrl,
      attachmentUrl: (fileName, owner) => links.attachmentUrl(fileName, owner?.title, owner?.spaceKey),
    });
    return `<div class="cf-page">${html}</div>`;
  } catch (err) {
    return `<pre class="render-error">Could not render this page: ${String((err as Error).message).replace(/</g, '&lt;')}</pre>`;
  }
}

export function renderCss(): string {
  // The page chrome already sets width and padding; the shared CSS centres a standalone preview.
  // A link to a page that does not exist is a span; Confluence shows those in red.
  return `${previewCss}\n.wiki-content .cf-page{max-width:none;margin:0;padding:0}\n.wiki-content span.cf-page-link{color:#de350b}\n${PAGE_CSS}`;
}

/** Headings, tables and images in the page body as Confluence's page view sets them. */
const PAGE_CSS = `
.wiki-content h1,.wiki-content h2,.wiki-content h3{font-weight:500;margin:1.4em 0 .4em}
.wiki-content table{border-collapse:collapse;margin:12px 0}.wiki-content th,.wiki-content td{border:1px solid #c1c7d0;padding:7px 10px;vertical-align:top}
.wiki-content img{max-width:100%}
`;
