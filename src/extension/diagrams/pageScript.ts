/**
 * Host-free: the page of the diagram webview. Mermaid's browser build is loaded from the extension's own files
 * (dist/mermaid/mermaid.min.js, copied there by scripts/build.mjs) under a strict CSP: scripts only with the page's
 * nonce, nothing remote; inline styles (mermaid writes a <style> into every SVG) and data: images.
 */

/** Runs in the webview: answers `render` messages with one outcome per source, in order. */
function pageMain(): void {
  interface ParseError {
    message?: string;
    hash?: { line?: number; loc?: { first_line?: number } };
  }
  interface Mermaid {
    initialize(o: object): void;
    render(id: string, src: string): Promise<{ svg: string }>;
  }
  const api = (globalThis as unknown as { acquireVsCodeApi(): { postMessage(m: unknown): void } }).acquireVsCodeApi();
  const mermaid = (globalThis as unknown as { mermaid?: Mermaid }).mermaid;
  if (!mermaid) {
    api.postMessage({ type: 'failed', message: "mermaid's browser build did not load in the webview" });
    return;
  }
  let n = 0;
  globalThis.addEventListener('message', (event: MessageEvent) => {
    const msg = event.data as { type?: string; id?: number; sources?: string[]; theme?: string };
    if (msg.type !== 'render' || !Array.isArray(msg.sources)) return;
    void (async () => {
      mermaid.initialize({ startOnLoad: false, theme: msg.theme ?? 'default', securityLevel: 'strict', htmlLabels: false, flowchart: { htmlLabels: false } });
      const outcomes: Array<{ svg: string } | { error: string; line?: number }> = [];
      for (const source of msg.sources!) {
        const id = `d2c-diagram-${n++}`;
        try {
          outcomes.push({ svg: (await mermaid.render(id, source)).svg });
        } catch (err) {
          const e = err as ParseError;
          const line = typeof e.hash?.loc?.first_line === 'number' ? e.hash.loc.first_line : typeof e.hash?.line === 'number' ? e.hash.line + 1 : undefined;
          const lines = String(e.message ?? err).split('\n').filter((l) => l.trim() && !/^[-\s^]*$/.test(l));
          outcomes.push({ error: lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : (lines[0] ?? 'syntax error'), line });
          document.getElementById(`d${id}`)?.remove();
        }
      }
      api.postMessage({ type: 'rendered', id: msg.id, outcomes });
    })();
  });
  api.postMessage({ type: 'ready' });
}

/** The webview's HTML: `mermaidSrc` is the webview URI of mermaid.min.js, `cspSource` the webview's own source. */
export function rendererPageHtml(mermaidSrc: string, cspSource: string, nonce: string): string {
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src 'unsafe-inline'`, `img-src data: ${cspSource}`, `font-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>Diagrams</title></head>
<body><p>Rendering diagrams for Confluence…</p>
<script nonce="${nonce}" src="${mermaidSrc}"></script>
<script nonce="${nonce}">(${pageMain.toString()})();</script>
</body></html>`;
}
