import assert from 'node:assert/strict';
import { MathJaxRenderer } from '../../../src/cli/diagrams/mathjax';
import { diagramLookup } from '../../../src/core/diagrams/lookup';
import { prepareDiagrams } from '../../../src/core/diagrams/prepare';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { convertMarkdown } from '../../../src/core/markdown';

describe('math: $…$ and $$…$$ rendered locally to SVG (MathJax, no browser)', function () {
  this.timeout(30_000);
  const DOC = '# M\n\nInline $E = mc^2$ and a broken $\\frac{1}{$ one.\n\n$$\n\\int_0^1 x^2 \\, dx\n$$\n';

  it('formulas become SVG attachments with the TeX as alt text; a TeX error is code with a warning on its line', async () => {
    const math = MathJaxRenderer.load();
    assert.ok(math, 'mathjax-full is installed (devDependency)');
    const fs = new MemoryFileSystem({ '/ws/docs/m.md': DOC });
    const setup = { root: '/ws', fs, config: {}, renderers: [math] };
    assert.deepEqual(await prepareDiagrams(setup, [DOC]), { rendered: 3, cached: 0 });
    const r = convertMarkdown(DOC, { path: 'docs/m.md', diagrams: diagramLookup(setup) });
    assert.equal(r.attachments.length, 2);
    for (const a of r.attachments) {
      assert.match(a.name, /^math-[0-9a-f]{16}\.svg$/);
      assert.match(fs.readText(`/ws/${a.path}`), /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    assert.match(r.storage, /<p>Inline <ac:image ac:alt="E = mc\^2"><ri:attachment ri:filename="math-[0-9a-f]{16}\.svg" \/><\/ac:image> and a broken <code>\$\\frac\{1\}\{\$<\/code> one\.<\/p>/);
    assert.match(r.storage, /<p><ac:image ac:alt="\\int_0\^1 x\^2 \\, dx"><ri:attachment/);
    assert.deepEqual(r.warnings.map((w) => `${w.line}: ${w.code}: ${w.message}`), ['3: diagram-invalid: formula does not render (Missing close brace); published as code']);
    assert.deepEqual(await prepareDiagrams(setup, [DOC]), { rendered: 0, cached: 3 }, 'a re-run renders nothing');
  });
});
