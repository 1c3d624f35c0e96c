// The Confluence preview's script (runs by nonce under the webview's strict CSP). The host sends the page body as
// top-level blocks; after the first page it sends only what changed ({ type: 'patch', start, deleteCount, blocks }),
// and this script swaps those blocks in place, so the scroll position stays and a 1 MB page is not re-sent per keystroke.
(function () {
  const vscode = acquireVsCodeApi();
  const body = document.getElementById('cf-body');
  const title = document.querySelector('h1.page-title');
  const warnings = document.getElementById('cf-warnings');
  const MARK = 'cf-block';
  /** The DOM nodes of each block, in order. */
  let blocks = [];

  function nodesOf(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    return Array.from(t.content.childNodes);
  }

  // The first page came with the HTML: its blocks are separated by <!--cf-block--> comments.
  let current = [];
  for (const n of Array.from(body.childNodes)) {
    if (n.nodeType === Node.COMMENT_NODE && n.nodeValue === MARK) {
      blocks.push(current);
      current = [];
      n.remove();
    } else current.push(n);
  }
  if (current.length || blocks.length) blocks.push(current);

  function replace(start, deleteCount, html) {
    const after = blocks.slice(start + deleteCount).find((b) => b.length)?.[0] ?? null;
    for (const b of blocks.slice(start, start + deleteCount)) for (const n of b) n.remove();
    const added = html.map((h) => {
      const nodes = nodesOf(h);
      for (const n of nodes) body.insertBefore(n, after);
      return nodes;
    });
    blocks.splice(start, deleteCount, ...added);
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || (m.type !== 'patch' && m.type !== 'full')) return;
    if (m.type === 'full') replace(0, blocks.length, m.blocks);
    else replace(m.start, m.deleteCount, m.blocks);
    if (typeof m.title === 'string') title.textContent = m.title;
    if (typeof m.warnings === 'string') warnings.innerHTML = m.warnings;
    document.body.dataset.version = String(m.version);
    vscode.postMessage({ type: 'patched', version: m.version });
  });
  vscode.postMessage({ type: 'ready' });
})();
