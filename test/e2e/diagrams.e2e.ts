// Issue 14, end to end: Mermaid in VS Code without an external browser. The preview shows the diagram rendered in a
// webview (mermaid's build packaged in the .vsix); a publish from VS Code attaches the SVG with an image macro; editing
// a diagram with the preview open opens no tab (the preview renders it), and a syntax error it finds is in Problems.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { useVSCode, waitFor } from './harness';
import { Site, notificationMark, runCommand, signIn, waitForNotificationSince } from './harness/site';

const DOC = '# Architecture Diagram\n\nHow a request flows:\n\n```mermaid\ngraph TD\n  A[Client] --> B[Server]\n  B --> C[(Database)]\n```\n';

describe('VS Code extension: Mermaid diagrams (issue 14)', function () {
  this.timeout(240_000);
  const vscode = useVSCode({
    name: 'diagrams',
    confluence: true,
    prepareWorkspace: (dir) => writeFileSync(path.join(dir, 'docs', 'architecture.md'), DOC),
  });

  it('Preview as Confluence shows the rendered diagram (an SVG image from the render cache)', async () => {
    const { workbench } = vscode();
    await workbench.openFile('docs/architecture.md');
    await runCommand(workbench, 'Confluence: Preview as Confluence');
    await workbench.waitForWebviewText(/How a request flows/);
    const image = await waitFor(async () => {
      for (const f of await workbench.webviewFrames()) {
        const info = await f.evaluate(() => {
          const img = document.querySelector('img[src*="diagrams"]') as HTMLImageElement | null;
          return img && img.complete && img.naturalWidth > 0 ? { src: img.src, width: img.naturalWidth, alt: img.alt } : undefined;
        }).catch(() => undefined);
        if (info) return info;
      }
      return undefined;
    }, { timeout: 90_000, message: 'the rendered diagram in the preview' });
    assert.match(image.src, /\.svg/);
    assert.match(image.alt, /graph TD/);
    await vscode().screenshot('diagram-preview');
  });

  it('publishing from VS Code attaches the SVG and writes the image macro', async () => {
    const s = vscode();
    await signIn(s);
    await s.workbench.openFile('docs/architecture.md');
    const mark = await notificationMark(s.workbench);
    await runCommand(s.workbench, 'Confluence: Publish to Confluence (Current File)');
    await waitForNotificationSince(s.workbench, mark, /Published "Architecture Diagram" to Confluence/, 120_000);
    const site = new Site(s);
    const page = await site.page('Architecture Diagram');
    assert.ok(page, 'the page exists');
    const name = /<ri:attachment ri:filename="(diagram-[0-9a-f]{16}\.svg)" \/>/.exec(page.body)?.[1];
    assert.ok(name, page.body);
    assert.doesNotMatch(page.body, /ac:name="code"/);
    const atts = await site.json<{ results: Array<{ title: string; mediaType: string }> }>('GET', `/api/v2/pages/${page.id}/attachments`);
    assert.ok(atts.results.some((a) => a.title === name && /svg/.test(a.mediaType)), JSON.stringify(atts.results));
  });

  it('editing a diagram with the preview open opens no tab: the preview renders it in its own webview', async () => {
    const { workbench } = vscode();
    await workbench.openFile('docs/architecture.md');
    const before = await workbench.editorTabs();
    assert.ok(before.some((t) => /Confluence Preview/.test(t)), before.join(' | '));
    // every keystroke inside the new diagram is a new text with a missing diagram: a background batch each time
    const seen = new Set<string>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        seen.add(JSON.stringify(await workbench.editorTabs().catch(() => before)));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      await workbench.typeInEditor('\nAnd back:\n\n```mermaid\ngraph LR\n  Server --> Cache\n', 'end');
      await waitFor(async () => {
        for (const f of await workbench.webviewFrames()) {
          const n = await f.evaluate(() => Array.from(document.querySelectorAll('img[src*="diagrams"]')).filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length).catch(() => 0);
          if (n >= 2) return true;
        }
        return undefined;
      }, { timeout: 90_000, message: 'the edited second diagram rendered in the preview' });
    } finally {
      sampling = false;
      await sampler;
    }
    assert.deepEqual([...seen], [JSON.stringify(before)], 'the editor tabs never changed while the diagram was edited');
    const width = await waitFor(async () => {
      for (const f of await workbench.webviewFrames()) {
        const w = await f.evaluate(() => (document.querySelector('img[src*="diagrams"]') as HTMLImageElement | null)?.getBoundingClientRect().width).catch(() => undefined);
        if (w) return w;
      }
      return undefined;
    });
    // drawn ~200px wide (mermaid's max-width): shown so, not stretched to the preview's width
    assert.ok(width < 400, `the diagram at the width it was drawn at, not the preview's (${width})`);
    await vscode().screenshot('diagram-preview-edited');
  });

  it('a Mermaid syntax error the preview found is in Problems on the diagram, without saving', async () => {
    const { workbench } = vscode();
    await workbench.typeInEditor('```\n\n```mermaid\ngraph TD\n  A[Client --> B\n```\n', 'end');
    const rows = await waitFor(async () => {
      const r = (await workbench.problems()).filter((l) => /does not render/.test(l));
      return r.length ? r : undefined;
    }, { timeout: 90_000, message: 'the syntax error in Problems' });
    // the broken line of the third diagram (line 20 of the edited document), before any save
    assert.match(rows[0], /at line 20 /);
    await vscode().screenshot('diagram-syntax-error');
  });
});
