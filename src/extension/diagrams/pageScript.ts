/**
 * Host-free: the page side of the diagram webviews. Mermaid's browser build is loaded from the extension's own files
 * (dist/mermaid/mermaid.min.js, copied there by scripts/build.mjs) under a strict CSP: scripts only with the page's
 * nonce, nothing remote. Two pages run it:
 * - the renderer page (a panel publish opens for its batch): `rendererPageHtml`;
 * - "Preview as Confluence" (`previewDiagramScript`, inline by the preview's nonce): mermaid is loaded into the
 *   preview only when the host first asks it to render, so editing a diagram with the preview open opens no tab.
 * The functions below are stringified into the pages: they reference nothing outside themselves.
 */

export interface PageMermaid {
  initialize(o: object): void;
  render(id: string, src: string, container?: Element): Promise<{ svg: string }>;
}

/** One outcome per source: `{ svg, png? }` (png: base64, when asked for) or `{ error, line? }`. */
export type PageOutcome = { svg: string; png?: string } | { error: string; line?: number };

/** Runs in the page: renders `sources` in order (mermaid renders one at a time), off screen. */
async function renderBatch(mermaid: PageMermaid, sources: string[], theme: string, format: string, prefix: string): Promise<PageOutcome[]> {
  interface ParseError {
    message?: string;
    hash?: { line?: number; loc?: { first_line?: number } };
  }
  mermaid.initialize({ startOnLoad: false, theme, securityLevel: 'strict', htmlLabels: false, flowchart: { htmlLabels: false } });
  // Off screen, not display:none (mermaid measures text); CSSOM styles (allowed under the CSP, style attributes are
  // not). Mermaid's own font, set here too: where the page's CSP drops the SVG's <style>, text is measured the same.
  const box = document.createElement('div');
  Object.assign(box.style, { position: 'absolute', left: '-100000px', top: '0', fontFamily: '"trebuchet ms", verdana, arial, sans-serif', fontSize: '16px' });
  document.body.appendChild(box);
  const toPng = async (svg: string): Promise<string> => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    const vb = (root.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
    const w = Math.ceil(vb[2] > 0 ? vb[2] : parseFloat(root.getAttribute('width') ?? '') || 800);
    const h = Math.ceil(vb[3] > 0 ? vb[3] : parseFloat(root.getAttribute('height') ?? '') || 600);
    root.setAttribute('width', String(w));
    root.setAttribute('height', String(h));
    root.removeAttribute('style');
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(root))}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d')!.drawImage(img, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas gave no PNG');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  };
  const outcomes: PageOutcome[] = [];
  const g = globalThis as unknown as { d2cSheets?: Set<string> };
  const sheets = (g.d2cSheets ??= new Set<string>());
  try {
    for (let i = 0; i < sources.length; i++) {
      const id = `${prefix}-${i}`;
      let svg: string;
      try {
        svg = (await mermaid.render(id, sources[i], box)).svg;
        // Under the preview's CSP the SVG's <style> is dropped while mermaid measures (labels land off centre): its
        // rules, for every diagram id, go into a constructed style sheet (CSSOM, allowed) and the diagram is drawn again.
        const css = /<style>([\s\S]*?)<\/style>/.exec(svg)?.[1]?.split(`#${id}`).join('svg[id^="d2c-"]');
        if (css && !sheets.has(css)) {
          sheets.add(css);
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
          svg = (await mermaid.render(`${id}-again`, sources[i], box)).svg.split(`${id}-again`).join(id);
        }
      } catch (err) {
        const e = err as ParseError;
        const line = typeof e.hash?.loc?.first_line === 'number' ? e.hash.loc.first_line : typeof e.hash?.line === 'number' ? e.hash.line + 1 : undefined;
        const lines = String(e.message ?? err).split('\n').filter((l) => l.trim() && !/^[-\s^]*$/.test(l));
        outcomes.push({ error: lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : (lines[0] ?? 'syntax error'), line });
        document.getElementById(`d${id}`)?.remove();
        continue;
      }
      if (format !== 'png') outcomes.push({ svg });
      else {
        try {
          outcomes.push({ svg, png: await toPng(svg) });
        } catch (err) {
          outcomes.push({ error: `could not be drawn as PNG in VS Code (${String((err as Error)?.message ?? err)}); set diagrams.format to svg or publish with the confluence CLI` });
        }
      }
    }
  } finally {
    box.remove();
  }
  return outcomes;
}

/** Passed to the page's main function as an argument (a minifier renames module-level names, never parameters). */
type RenderBatch = typeof renderBatch;

/** Runs in the renderer page: answers `render` messages with one outcome per source, in order. */
function pageMain(renderBatch: RenderBatch): void {
  const api = (globalThis as unknown as { acquireVsCodeApi(): { postMessage(m: unknown): void } }).acquireVsCodeApi();
  const mermaid = (globalThis as unknown as { mermaid?: PageMermaid }).mermaid;
  if (!mermaid) {
    api.postMessage({ type: 'failed', message: "mermaid's browser build did not load in the webview" });
    return;
  }
  globalThis.addEventListener('message', (event: MessageEvent) => {
    const msg = event.data as { type?: string; id?: number; sources?: string[]; theme?: string; format?: string };
    if (msg.type !== 'render' || !Array.isArray(msg.sources)) return;
    void renderBatch(mermaid, msg.sources, msg.theme ?? 'default', msg.format ?? 'svg', `d2c-diagram-${msg.id}`).then((outcomes) => api.postMessage({ type: 'rendered', id: msg.id, outcomes }));
  });
  api.postMessage({ type: 'ready' });
}

/**
 * Runs in the preview: the renderer page's protocol wrapped in `{ type: 'diagrams', inner }` messages both ways.
 * `{ type: 'load', src }` loads mermaid (a script element carrying this script's nonce) and answers ready/failed.
 * The preview's own script (media/preview.js) calls acquireVsCodeApi after this one: it gets the same api.
 */
function previewMain(renderBatch: RenderBatch): void {
  const g = globalThis as unknown as { acquireVsCodeApi(): { postMessage(m: unknown): void }; mermaid?: PageMermaid };
  const api = g.acquireVsCodeApi();
  g.acquireVsCodeApi = () => api;
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
  const post = (inner: unknown) => api.postMessage({ type: 'diagrams', inner });
  let loading: Promise<PageMermaid | undefined> | undefined;
  const load = (src: string) =>
    (loading ??= new Promise((resolve) => {
      const s = document.createElement('script');
      s.nonce = nonce;
      s.src = src;
      s.onload = () => resolve(g.mermaid);
      s.onerror = () => resolve(undefined);
      document.head.appendChild(s);
    }));
  let queue: Promise<unknown> = Promise.resolve();
  globalThis.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as { type?: string; inner?: { type?: string; src?: string; id?: number; sources?: string[]; theme?: string; format?: string } };
    const msg = m?.type === 'diagrams' ? m.inner : undefined;
    if (msg?.type === 'load' && typeof msg.src === 'string') {
      void load(msg.src).then((mm) => post(mm ? { type: 'ready' } : { type: 'failed', message: "mermaid's browser build did not load in the preview" }));
    } else if (msg?.type === 'render' && Array.isArray(msg.sources) && loading) {
      // one batch at a time (mermaid.initialize is global to the page)
      queue = queue.then(async () => {
        const mermaid = await loading;
        if (mermaid) post({ type: 'rendered', id: msg.id, outcomes: await renderBatch(mermaid, msg.sources!, msg.theme ?? 'default', msg.format ?? 'svg', `d2c-preview-diagram-${msg.id}`) });
      });
    }
  });
}

/** The renderer page's HTML: `mermaidSrc` is the webview URI of mermaid.min.js, `cspSource` the webview's own source. */
export function rendererPageHtml(mermaidSrc: string, cspSource: string, nonce: string): string {
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src 'unsafe-inline'`, `img-src data: ${cspSource}`, `font-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>Diagrams</title></head>
<body><p>Rendering diagrams for Confluence…</p>
<script nonce="${nonce}" src="${mermaidSrc}"></script>
<script nonce="${nonce}">(${pageMain.toString()})(${renderBatch.toString()});</script>
</body></html>`;
}

/** The preview's inline diagram script (runs by the preview's nonce, before media/preview.js). */
export function previewDiagramScript(): string {
  return `(${previewMain.toString()})(${renderBatch.toString()});`;
}
