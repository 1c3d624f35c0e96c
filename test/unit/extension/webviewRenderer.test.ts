import assert from 'node:assert/strict';
import { rendererPageHtml } from '../../../src/extension/diagrams/pageScript';
import { WebviewMermaidRenderer, type RendererHost, type RendererPage } from '../../../src/extension/diagrams/webviewRenderer';

// Issue 14: Mermaid in a VS Code webview. The page protocol (ready -> render -> rendered), the batch's order, the
// time limits and a closed page; the real webview is covered by test/e2e.

type Behaviour = 'answers' | 'silent' | 'never-ready' | 'fails' | 'closed';

class FakeHost implements RendererHost {
  opened = 0;
  disposed = 0;
  constructor(private readonly behaviour: Behaviour) {}
  open(): RendererPage {
    this.opened++;
    let listener: (m: unknown) => void = () => undefined;
    let closed: () => void = () => undefined;
    const b = this.behaviour;
    setTimeout(() => {
      if (b === 'fails') listener({ type: 'failed', message: "mermaid's browser build did not load in the webview" });
      else if (b === 'closed') closed();
      else if (b !== 'never-ready') listener({ type: 'ready' });
    }, 5);
    return {
      post: (m) => {
        const msg = m as { id: number; sources: string[] };
        if (b !== 'answers') return;
        // answers out of turn for another batch first: ignored
        setTimeout(() => listener({ type: 'rendered', id: msg.id + 100, outcomes: [] }), 1);
        setTimeout(() => listener({ type: 'rendered', id: msg.id, outcomes: msg.sources.map((s) => (s.includes('BROKEN') ? { error: 'Parse error on line 2', line: 2 } : { svg: `<svg>${s}</svg>` })) }), 3);
      },
      onMessage: (l) => (listener = l),
      onClosed: (l) => (closed = l),
      dispose: () => void this.disposed++,
    };
  }
}

const blocks = [{ language: 'mermaid', source: 'graph TD\n  A-->B' }, { language: 'mermaid', source: 'graph TD\n  BROKEN' }];
const opts = { theme: 'default', format: 'svg' as const };

describe('extension diagrams: Mermaid in a webview', () => {
  it('renders a batch in one page, outcomes in order (errors with their line), then closes the page', async () => {
    const host = new FakeHost('answers');
    const r = new WebviewMermaidRenderer(host, { version: '11.0.0' });
    assert.equal(r.id, 'mermaid@11.0.0', "the CLI's id: the two share the render cache");
    const out = await r.renderMany(blocks, opts);
    assert.deepEqual(out, [{ svg: '<svg>graph TD\n  A-->B</svg>' }, { error: 'Parse error on line 2', line: 2 }]);
    assert.equal(host.opened, 1);
    assert.equal(host.disposed, 1);
  });

  for (const [behaviour, message] of [
    ['never-ready', /did not load within 0 s/],
    ['silent', /did not render 2 diagram\(s\) within 0 s/],
    ['fails', /did not load in the webview/],
    ['closed', /closed before it rendered/],
  ] as const) {
    it(`a page that ${behaviour === 'fails' ? 'cannot load mermaid' : behaviour === 'closed' ? 'is closed' : behaviour === 'silent' ? 'does not answer' : 'does not load'} fails the batch (code blocks + warning in core) and is closed`, async () => {
      const host = new FakeHost(behaviour);
      const r = new WebviewMermaidRenderer(host, { version: '11.0.0', loadTimeoutMs: 50, renderTimeoutMs: 50, perDiagramMs: 0 });
      await assert.rejects(r.renderMany(blocks, opts), message);
      assert.equal(host.disposed, 1);
    });
  }

  it('the page: scripts only with the nonce, nothing remote, mermaid from the extension', () => {
    const html = rendererPageHtml('https://file+.vscode-resource.vscode-cdn.net/ext/dist/mermaid/mermaid.min.js', 'https://file+.vscode-resource.vscode-cdn.net', 'N0nce');
    const csp = /content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval|https:(?!\/\/file)|\*/);
    assert.equal(html.match(/<script nonce="N0nce"/g)?.length, 2);
    assert.equal(html.match(/<script/g)?.length, 2);
    assert.match(html, /src="https:\/\/file\+\.vscode-resource[^"]+\/dist\/mermaid\/mermaid\.min\.js"/);
  });
});
