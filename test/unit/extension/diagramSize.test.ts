import assert from 'node:assert/strict';
import { svgWidth, withDiagramWidths } from '../../../src/extension/diagrams/diagramSize';
import { RESOURCE_PLACEHOLDER } from '../../../src/extension/editorWork/placeholders';

// Issue 14: a rendered diagram in the preview at the size it was drawn at, not the preview's full width (mermaid's
// SVG says width="100%").

const HASH = 'a'.repeat(64);
const MERMAID_SVG = `<svg aria-roledescription="flowchart-v2" role="graphics-document document" viewBox="-8 -8 203.5 422" style="max-width: 203.5px;" xmlns="http://www.w3.org/2000/svg" width="100%" id="d2c-diagram-1-0"><style>#x{}</style></svg>`;

describe('extension diagrams: diagram width in the preview', () => {
  it("reads the width an SVG was drawn at: mermaid's max-width, else a numeric width, else the viewBox", () => {
    assert.equal(svgWidth(MERMAID_SVG), 204);
    assert.equal(svgWidth('<svg width="120px" height="30"></svg>'), 120);
    assert.equal(svgWidth('<svg width="100%" viewBox="0 0 300.2 40"></svg>'), 301);
    assert.equal(svgWidth('<svg width="100%"></svg>'), undefined);
    assert.equal(svgWidth('not an svg'), undefined);
  });

  it('gives diagram images their width, once per diagram (read once), and leaves other images and set widths alone', () => {
    const reads: string[] = [];
    const known = new Map<string, number | undefined>();
    const img = `<img class="cf-image" src="${RESOURCE_PLACEHOLDER}.confluence%2Fdiagrams%2F${HASH}.svg" alt="graph TD" />`;
    const other = `<img class="cf-image" src="${RESOURCE_PLACEHOLDER}docs%2Fshot.svg" alt="" />`;
    const sized = `<img class="cf-image" src="${RESOURCE_PLACEHOLDER}.confluence/diagrams/${HASH}.svg" width="50" />`;
    const read = (h: string) => (reads.push(h), MERMAID_SVG);
    const out = withDiagramWidths(`<p>${img}${other}${sized}</p>`, read, known);
    assert.equal(out, `<p>${img.replace('" alt=', '" width="204" alt=')}${other}${sized}</p>`);
    withDiagramWidths(img, read, known);
    assert.deepEqual(reads, [HASH], 'the SVG is read once');
    assert.equal(withDiagramWidths(img, () => undefined, new Map()), img, 'no cached SVG: unchanged');
  });
});
