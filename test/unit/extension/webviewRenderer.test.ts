import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { prepareDiagrams, nodeFileSystem, type DiagramRenderer } from '../../../src/core';
import { previewDiagramScript, rendererPageHtml } from '../../../src/extension/diagrams/pageScript';
import { PreviewDiagrams } from '../../../src/extension/diagrams/previewDiagrams';
import { isPng, WebviewMermaidRenderer, type RendererHost, type RendererPage } from '../../../src/extension/diagrams/webviewRenderer';

// Issue 14: Mermaid in a VS Code webview. The page protocol (ready -> render -> rendered), the batch's order, the
// time limits and a closed page; the real webview is covered by test/e2e.

type Behaviour = 'answers' | 'silent' | 'never-ready' | 'fails' | 'closed' | 'svg-as-png';

/** A real 1x1 PNG (what canvas.toBlob('image/png') gives), base64 as the page posts it. */
function tinyPng(): string {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0, 0]))), chunk('IEND', Buffer.alloc(0))]).toString('base64');
}

class FakeHost implements RendererHost {
  opened = 0;
  disposed = 0;
  readonly posted: unknown[] = [];
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
        const msg = m as { id: number; sources: string[]; format: string };
        this.posted.push(m);
        if (b === 'svg-as-png') {
          // a page that ignores the format: SVG text where PNG bytes were asked for
          setTimeout(() => listener({ type: 'rendered', id: msg.id, outcomes: msg.sources.map((s) => ({ svg: `<svg>${s}</svg>`, png: Buffer.from(`<svg>${s}</svg>`).toString('base64') })) }), 3);
          return;
        }
        if (b !== 'answers') return;
        if (msg.format === 'png') {
          setTimeout(() => listener({ type: 'rendered', id: msg.id, outcomes: msg.sources.map((s) => ({ svg: `<svg>${s}</svg>`, png: tinyPng() })) }), 3);
          return;
        }
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

  it('format png: the page draws each SVG as PNG (asked with the batch); the bytes are a PNG, by signature', async () => {
    const host = new FakeHost('answers');
    const r = new WebviewMermaidRenderer(host, { version: '11.0.0' });
    const out = await r.renderMany(blocks.slice(0, 1), { theme: 'default', format: 'png' });
    assert.equal((host.posted[0] as { format: string }).format, 'png');
    const o = out[0] as { svg: string; png: Uint8Array };
    assert.ok(o.png instanceof Uint8Array);
    assert.deepEqual([...o.png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(isPng(o.png));
  });

  it('format png: a page that answers SVG bytes for a PNG gives that diagram an error, never SVG bytes in a .png', async () => {
    const r = new WebviewMermaidRenderer(new FakeHost('svg-as-png'), { version: '11.0.0' });
    const out = await r.renderMany(blocks.slice(0, 1), { theme: 'default', format: 'png' });
    assert.match((out[0] as { error: string }).error, /no PNG image; set diagrams.format to svg/);
  });

  it('format png through core: the .png cache entry holds PNG bytes; a renderer without PNG bytes writes none', async () => {
    const root = mkdtempSync(join(tmpdir(), 'd2c-png-'));
    try {
      const doc = '# T\n\n```mermaid\ngraph TD\n  A-->B\n```\n';
      const setup = (renderers: DiagramRenderer[]) => ({ root, fs: nodeFileSystem, config: { format: 'png' as const }, renderers });
      await prepareDiagrams(setup([new WebviewMermaidRenderer(new FakeHost('answers'), { version: '11.0.0' })]), [doc]);
      const dir = join(root, '.confluence', 'diagrams');
      const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
      assert.equal(pngs.length, 1);
      assert.ok(isPng(readFileSync(join(dir, pngs[0]))), 'PNG magic bytes');
      rmSync(dir, { recursive: true });
      const svgOnly: DiagramRenderer = { id: 'mermaid@9.9.9', languages: ['mermaid'], renderMany: async (b) => b.map(() => ({ svg: '<svg/>' })) };
      await prepareDiagrams(setup([svgOnly]), [doc]);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.png')), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the preview: a background batch that found a syntax error tells Problems the document (the error is in the cache)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'd2c-pd-'));
    try {
      const host = new FakeHost('answers');
      const pd = new PreviewDiagrams({ renderers: [new WebviewMermaidRenderer(host, { version: '11.0.0' })] });
      const told: string[] = [];
      pd.onDidRender((uri) => told.push(uri));
      let redraws = 0;
      const text = '# T\n\n```mermaid\ngraph TD\n  BROKEN\n```\n';
      await new Promise<void>((resolve) => pd.ensure(root, undefined, text, () => { redraws++; resolve(); }, 'file:///doc.md'));
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(redraws, 1);
      assert.deepEqual(told, ['file:///doc.md']);
      const lookup = pd.lookup(root, undefined);
      assert.ok(lookup, 'a lookup');
      const errors = readdirSync(join(root, '.confluence', 'diagrams')).filter((f) => !f.endsWith('.svg'));
      assert.equal(errors.length, 1, 'the syntax error is cached (Problems reads it on its line)');
      // the same text is not sent again; after the preview closed (reset) it is
      pd.ensure(root, undefined, text, () => undefined, 'file:///doc.md');
      assert.equal(host.opened, 1);
      pd.reset();
      rmSync(join(root, '.confluence'), { recursive: true });
      await new Promise<void>((resolve) => pd.ensure(root, undefined, text, resolve, 'file:///doc.md'));
      assert.equal(host.opened, 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the preview page: the diagram script is self-contained (no module names) and loads mermaid by its nonce', () => {
    const js = previewDiagramScript();
    assert.doesNotThrow(() => new Function(js), 'parses as a script');
    assert.match(js, /s\.nonce\s*=\s*nonce/);
    assert.match(js, /type:\s*["']diagrams["']/);
    assert.doesNotMatch(js, /<\/script/i);
  });
});
